import { describe, expect, it } from "vitest";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { approvalPolicyInput, namingConventionInput } from "./schema";

const V1_RULES: ApprovalRule[] = [
  { environments: [], classifications: [], stages: ["PLATFORM"] },
  { environments: ["PROD"], classifications: [], stages: ["PLATFORM", "SECURITY"] },
  { environments: [], classifications: ["CONFIDENTIAL", "RESTRICTED"], stages: ["PLATFORM", "SECURITY"] },
];

const policy = (overrides: Partial<{ rules: ApprovalRule[]; decisionHours: number; description: string; baseVersion: number }> = {}) => ({
  baseVersion: 1,
  rules: V1_RULES,
  decisionHours: 48,
  description: "Faster decisions",
  ...overrides,
});

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("approval policy input", () => {
  it("accepts the shipped policy with a new decision time", () => {
    expect(approvalPolicyInput.safeParse(policy()).success).toBe(true);
  });

  it("refuses a policy that leaves a combination without any approval, naming it", () => {
    const result = approvalPolicyInput.safeParse(policy({ rules: [{ environments: ["PROD"], classifications: [], stages: ["SECURITY"] }] }));
    expect(result.success).toBe(false);
    expect(messages(result)).toEqual([expect.stringMatching(/^rules: No rule requires an approval for Staging × Public, Staging × Internal, Staging × Confidential and 13 more/)]);
  });

  it("refuses a policy that misses a single combination, naming exactly that one", () => {
    const rules: ApprovalRule[] = [
      { environments: ["PROD", "STAGING", "DEV", "SHARED"], classifications: [], stages: ["PLATFORM"] },
      { environments: ["SANDBOX"], classifications: ["INTERNAL", "CONFIDENTIAL", "RESTRICTED"], stages: ["PLATFORM"] },
    ];
    const result = approvalPolicyInput.safeParse(policy({ rules }));
    expect(messages(result)).toEqual([expect.stringContaining("No rule requires an approval for Sandbox × Public:")]);
  });

  it("refuses a rule without stages, no rules, and too many rules", () => {
    expect(messages(approvalPolicyInput.safeParse(policy({ rules: [{ environments: [], classifications: [], stages: [] }] })))).toContain(
      "rules.0.stages: A rule requires at least one stage.",
    );
    expect(messages(approvalPolicyInput.safeParse(policy({ rules: [] })))).toContain("rules: A policy has at least one rule.");
    expect(approvalPolicyInput.safeParse(policy({ rules: Array.from({ length: 31 }, () => V1_RULES[0]!) })).success).toBe(false);
  });

  it("refuses repeated values within a rule and values that are not environments or stages", () => {
    expect(messages(approvalPolicyInput.safeParse(policy({ rules: [{ environments: ["PROD", "PROD"], classifications: [], stages: ["PLATFORM"] }, V1_RULES[0]!] })))).toContain(
      "rules.0.environments: Name each value once.",
    );
    expect(approvalPolicyInput.safeParse(policy({ rules: [{ environments: ["QA" as "PROD"], classifications: [], stages: ["PLATFORM"] }] })).success).toBe(false);
    expect(approvalPolicyInput.safeParse(policy({ rules: [{ environments: [], classifications: [], stages: ["OWNER" as "PLATFORM"] }] })).success).toBe(false);
  });

  it("bounds the decision time to 1–720 whole hours", () => {
    for (const hours of [1, 72, 720]) expect(approvalPolicyInput.safeParse(policy({ decisionHours: hours })).success, String(hours)).toBe(true);
    for (const hours of [0, -1, 721, 1.5, Number.NaN]) expect(approvalPolicyInput.safeParse(policy({ decisionHours: hours })).success, String(hours)).toBe(false);
  });

  it("requires a plain-text description of the change", () => {
    expect(messages(approvalPolicyInput.safeParse(policy({ description: "  ab " })))).toEqual(["description: Describe the change in at least 5 characters."]);
    expect(approvalPolicyInput.safeParse(policy({ description: "<script>alert(1)</script>" })).success).toBe(false);
    expect(approvalPolicyInput.parse(policy({ description: "  Faster decisions  " })).description).toBe("Faster decisions");
  });
});

describe("naming convention input", () => {
  const naming = (template: string) => namingConventionInput.safeParse({ baseVersion: 1, template, description: "New convention" });

  it("accepts templates of lower-case placeholders and Tencent's name characters", () => {
    for (const template of ["{product}-{env}-{region}-{descriptor}", "{team}.{env}", "acme_{app}-{env}", "{product}:{env}[{region}]"]) {
      expect(naming(template).success, template).toBe(true);
    }
  });

  it("requires {env} and at least one placeholder the requester fills in", () => {
    expect(messages(naming("{product}-{region}"))).toEqual(["template: The template must contain {env}, so every name shows its environment."]);
    expect(messages(naming("acme-{env}-{region}"))).toEqual([expect.stringContaining("at least one placeholder the requester fills in")]);
  });

  it("refuses placeholders that are not {lowercase} and characters Tencent does not allow", () => {
    expect(messages(naming("{Product}-{env}-{app}"))).toEqual([expect.stringContaining("{Product} is not a placeholder")]);
    expect(messages(naming("{product name}-{env}"))[0]).toContain("{product name} is not a placeholder");
    expect(messages(naming("{product} {env}"))).toEqual([expect.stringContaining("spaces cannot appear in a Tencent Cloud account name")]);
    expect(messages(naming("{product}/{env}#x"))).toEqual([expect.stringContaining('"/", "#" cannot appear')]);
    expect(messages(naming("{product}-{env"))).toContain("template: Every { needs a matching } (and the other way round).");
    expect(messages(naming("ACME-{product}-{env}"))).toEqual([expect.stringContaining("Account names are lower-case")]);
  });

  it("refuses a repeated placeholder and a template no name can satisfy", () => {
    expect(messages(naming("{product}-{env}-{product}"))).toEqual(["template: {product} appears more than once: use each placeholder once."]);
    expect(messages(naming("averyveryverylongprefix-{product}-{env}"))).toEqual([expect.stringContaining("Even with one-character parts, names would be 29 characters")]);
    expect(naming("x".repeat(101)).success).toBe(false);
    expect(naming("   ").success).toBe(false);
  });
});
