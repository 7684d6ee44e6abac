import { describe, expect, it } from "vitest";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { diffApprovalPolicies, diffNamingConventions, exampleAccountName, isSameApprovalPolicy, normalizeRule, sampleParts, shortestAccountName, uncoveredCombinations } from "./utils";

const V1: ApprovalRule[] = [
  { environments: [], classifications: [], stages: ["PLATFORM"] },
  { environments: ["PROD"], classifications: [], stages: ["PLATFORM", "SECURITY"] },
  { environments: [], classifications: ["CONFIDENTIAL", "RESTRICTED"], stages: ["PLATFORM", "SECURITY"] },
];

describe("coverage", () => {
  it("finds no gap in the shipped policy and every gap in a partial one", () => {
    expect(uncoveredCombinations(V1)).toEqual([]);
    const gaps = uncoveredCombinations([{ environments: ["PROD"], classifications: [], stages: ["SECURITY"] }]);
    expect(gaps).toHaveLength(16);
    expect(gaps[0]).toEqual({ environment: "STAGING", classification: "PUBLIC" });
  });
});

describe("approval policy diff", () => {
  it("lists added, removed and changed rules, the decision time and the effect on requests", () => {
    const next: ApprovalRule[] = [
      { environments: [], classifications: [], stages: ["PLATFORM"] },
      // PROD rule changed: SECURITY only.
      { environments: ["PROD"], classifications: [], stages: ["SECURITY"] },
      // New rule: staging with restricted data.
      { environments: ["STAGING"], classifications: ["RESTRICTED"], stages: ["SECURITY", "PLATFORM"] },
    ];
    const diff = diffApprovalPolicies({ rules: V1, decisionHours: 72 }, { rules: next, decisionHours: 48 });
    expect(diff.rules).toEqual([
      { kind: "changed", scope: { environments: ["PROD"], classifications: [] }, before: ["PLATFORM", "SECURITY"], after: ["SECURITY"] },
      { kind: "added", scope: { environments: ["STAGING"], classifications: ["RESTRICTED"] }, after: ["PLATFORM", "SECURITY"] },
      { kind: "removed", scope: { environments: [], classifications: ["CONFIDENTIAL", "RESTRICTED"] }, before: ["PLATFORM", "SECURITY"] },
    ]);
    expect(diff.decisionHours).toEqual({ before: 72, after: 48 });
    // The PROD rule still unions with the catch-all PLATFORM rule, so PROD requests do not change; confidential and
    // restricted data outside PROD lose the security review, except restricted staging.
    expect(diff.effects.map((effect) => `${effect.environment}/${effect.classification}`)).toEqual([
      "DEV/CONFIDENTIAL",
      "DEV/RESTRICTED",
      "SANDBOX/CONFIDENTIAL",
      "SANDBOX/RESTRICTED",
      "SHARED/CONFIDENTIAL",
      "SHARED/RESTRICTED",
      "STAGING/CONFIDENTIAL",
    ].sort((a, b) => order(a) - order(b)));
    expect(diff.effects.find((effect) => effect.environment === "DEV" && effect.classification === "RESTRICTED")).toEqual({
      environment: "DEV",
      classification: "RESTRICTED",
      before: ["PLATFORM", "SECURITY"],
      after: ["PLATFORM"],
    });
  });

  it("ignores the order of rules and of values within them", () => {
    const shuffled: ApprovalRule[] = [
      { environments: [], classifications: ["RESTRICTED", "CONFIDENTIAL"], stages: ["SECURITY", "PLATFORM"] },
      V1[0]!,
      V1[1]!,
    ];
    const diff = diffApprovalPolicies({ rules: V1, decisionHours: 72 }, { rules: shuffled, decisionHours: 72 });
    expect(diff).toEqual({ rules: [], decisionHours: null, effects: [] });
    expect(isSameApprovalPolicy({ rules: V1, decisionHours: 72 }, { rules: shuffled, decisionHours: 72 })).toBe(true);
    expect(isSameApprovalPolicy({ rules: V1, decisionHours: 72 }, { rules: V1, decisionHours: 24 })).toBe(false);
  });

  it("pairs repeated scopes one to one", () => {
    const twice: ApprovalRule[] = [...V1, { environments: ["PROD"], classifications: [], stages: ["PLATFORM"] }];
    expect(diffApprovalPolicies({ rules: V1, decisionHours: 72 }, { rules: twice, decisionHours: 72 }).rules).toEqual([
      { kind: "added", scope: { environments: ["PROD"], classifications: [] }, after: ["PLATFORM"] },
    ]);
  });

  it("normalizes a rule to the fixed order without repeats", () => {
    expect(normalizeRule({ environments: ["DEV", "PROD", "DEV"], classifications: ["RESTRICTED", "PUBLIC"], stages: ["SECURITY", "PLATFORM"] })).toEqual({
      environments: ["PROD", "DEV"],
      classifications: ["PUBLIC", "RESTRICTED"],
      stages: ["PLATFORM", "SECURITY"],
    });
  });
});

const ENV_ORDER = ["PROD", "STAGING", "DEV", "SANDBOX", "SHARED"];
const CLASS_ORDER = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"];
function order(key: string): number {
  const [environment = "", classification = ""] = key.split("/");
  return ENV_ORDER.indexOf(environment) * 10 + CLASS_ORDER.indexOf(classification);
}

describe("naming convention", () => {
  it("renders an example name with sample values", () => {
    expect(exampleAccountName("{product}-{env}-{region}-{descriptor}")).toBe("shop-prod-sg-web");
    expect(sampleParts("{costcenter}-{env}")).toEqual({ costcenter: "cost" });
    expect(exampleAccountName("{costcenter}-{env}")).toBe("cost-prod");
  });

  it("knows the shortest name a template allows", () => {
    // 1 + "-" + 3 ("stg") + "-" + 2 ("sg") + "-" + 1
    expect(shortestAccountName("{product}-{env}-{region}-{descriptor}")).toBe(10);
  });

  it("diffs templates, naming placeholders added and removed", () => {
    expect(diffNamingConventions("{product}-{env}-{region}-{descriptor}", "{team}-{product}-{env}-{descriptor}")).toEqual({
      before: "{product}-{env}-{region}-{descriptor}",
      after: "{team}-{product}-{env}-{descriptor}",
      addedPlaceholders: ["team"],
      removedPlaceholders: ["region"],
    });
  });
});
