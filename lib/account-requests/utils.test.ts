import { describe, expect, it } from "vitest";
import type { ApprovalRule, TagRule } from "./types";
import { canTransition, draftFormValues, freePlaceholders, mirroredTags, nameProblems, openStages, renderAccountName, requiredStages, tagProblems } from "./utils";

const TEMPLATE = "{product}-{env}-{region}-{descriptor}";

describe("the naming convention", () => {
  it("knows which placeholders the requester types", () => {
    expect(freePlaceholders(TEMPLATE)).toEqual(["product", "descriptor"]);
    expect(freePlaceholders("acme-{env}")).toEqual([]);
  });

  it("renders {env} and {region} from the environment and the first region", () => {
    const name = renderAccountName(TEMPLATE, { parts: { product: "pay", descriptor: "ledger" }, environment: "STAGING", regions: ["eu-frankfurt", "ap-singapore"] });
    expect(name).toBe("pay-stg-fra-ledger");
  });

  it("leaves a missing part visible, so the preview shows what is still needed", () => {
    expect(renderAccountName(TEMPLATE, { parts: { product: "pay" }, environment: "DEV", regions: [] })).toBe("pay-dev-{region}-{descriptor}");
  });

  it("accepts a conforming name", () => {
    expect(nameProblems(TEMPLATE, { parts: { product: "pay", descriptor: "ledger" }, environment: "PROD", regions: ["ap-singapore"] })).toEqual({});
  });

  it("explains capitals, spaces and dashes inside a part, on that part", () => {
    const problems = nameProblems(TEMPLATE, { parts: { product: "Pay", descriptor: "led ger" }, environment: "PROD", regions: ["ap-singapore"] });
    expect(problems["nameParts.product"]).toMatch(/lower-case/);
    expect(problems["nameParts.descriptor"]).toMatch(/no spaces/);
  });

  it("asks for missing parts and a region", () => {
    const problems = nameProblems(TEMPLATE, { parts: { product: "" }, environment: "PROD", regions: [] });
    expect(Object.keys(problems).sort()).toEqual(["nameParts.descriptor", "nameParts.product", "regions"]);
  });

  it("applies Tencent's 25-character limit to the whole name", () => {
    const problems = nameProblems(TEMPLATE, { parts: { product: "payments", descriptor: "settlementledger" }, environment: "PROD", regions: ["ap-singapore"] });
    expect(problems.name).toMatch(/33 characters; Tencent Cloud allows at most 25/);
  });

  it("applies Tencent's character set to literals of the template", () => {
    expect(nameProblems("{product}#{env}", { parts: { product: "pay" }, environment: "DEV", regions: [] }).name).toMatch(/characters Tencent Cloud does not allow/);
  });
});

describe("the tag policy", () => {
  const rules: TagRule[] = [
    { key: "owner", allowedValues: [], environments: [] },
    { key: "environment", allowedValues: ["prod", "dev"], environments: [] },
    { key: "data-classification", allowedValues: ["internal", "confidential"], environments: ["PROD"] },
  ];

  it("requires the keys that apply in the environment", () => {
    expect(Object.keys(tagProblems(rules, "PROD", {})).sort()).toEqual(["data-classification", "environment", "owner"]);
    expect(Object.keys(tagProblems(rules, "DEV", {})).sort()).toEqual(["environment", "owner"]);
  });

  it("refuses values the policy does not allow, naming the allowed ones", () => {
    expect(tagProblems(rules, "DEV", { owner: "a@x", environment: "staging" })).toEqual({ environment: '"staging" is not allowed for "environment"; choose one of prod, dev.' });
  });

  it("refuses a mirrored tag that disagrees with its field, and a tag the environment does not use", () => {
    const mirrored = mirroredTags({ environment: "DEV", costCenter: "CC-1", primaryOwnerEmail: "dana@x" });
    expect(mirrored).toEqual({ environment: "dev", "cost-center": "CC-1", owner: "dana@x" });
    expect(tagProblems(rules, "DEV", { owner: "tom@x", environment: "dev", "data-classification": "internal" }, mirrored)).toEqual({
      owner: '"owner" must be "dana@x" to match the request.',
      "data-classification": 'The tag policy does not use "data-classification" in this environment; remove it.',
    });
  });

  it("treats a blank value as missing", () => {
    expect(tagProblems(rules, "DEV", { owner: "  ", environment: "dev" })).toHaveProperty("owner");
  });
});

describe("the approval policy", () => {
  const rules: ApprovalRule[] = [
    { environments: [], classifications: [], stages: ["PLATFORM"] },
    { environments: ["PROD"], classifications: [], stages: ["PLATFORM", "SECURITY"] },
    { environments: [], classifications: ["CONFIDENTIAL", "RESTRICTED"], stages: ["SECURITY"] },
  ];

  it("needs the union of every matching rule's stages", () => {
    expect(requiredStages(rules, "SANDBOX", "INTERNAL")).toEqual(["PLATFORM"]);
    expect(requiredStages(rules, "PROD", "INTERNAL")).toEqual(["PLATFORM", "SECURITY"]);
    expect(requiredStages(rules, "DEV", "CONFIDENTIAL")).toEqual(["PLATFORM", "SECURITY"]);
  });

  it("needs nothing when no rule matches (the policy editor refuses such gaps)", () => {
    expect(requiredStages([{ environments: ["PROD"], classifications: [], stages: ["SECURITY"] }], "DEV", "PUBLIC")).toEqual([]);
  });

  it("keeps the stages not yet approved open", () => {
    expect(openStages(["PLATFORM", "SECURITY"], ["PLATFORM"])).toEqual(["SECURITY"]);
    expect(openStages(["PLATFORM"], ["PLATFORM"])).toEqual([]);
  });
});

describe("the request state machine", () => {
  it("allows the documented moves only", () => {
    expect(canTransition("DRAFT", "PENDING")).toBe(true);
    expect(canTransition("PENDING", "APPROVED")).toBe(true);
    expect(canTransition("APPROVED", "PROVISIONING")).toBe(true);
    expect(canTransition("PROVISIONING", "COMPLETED")).toBe(true);
    expect(canTransition("FAILED", "APPROVED")).toBe(true);
    expect(canTransition("DRAFT", "APPROVED")).toBe(false);
    expect(canTransition("PROVISIONING", "CANCELLED")).toBe(false);
    expect(canTransition("REJECTED", "PENDING")).toBe(false);
    expect(canTransition("COMPLETED", "FAILED")).toBe(false);
  });
});

describe("the form's starting values", () => {
  it("start blank with the requester as primary owner", () => {
    const values = draftFormValues(null, ["product", "descriptor"], "user_1");
    expect(values).toMatchObject({ nameParts: { product: "", descriptor: "" }, primaryOwnerId: "user_1", secondaryOwnerIds: [], ticketUrl: "" });
  });

  it("resume a draft's fields and owners", () => {
    const values = draftFormValues(
      {
        nameParts: { product: "pay", descriptor: 7 },
        unitId: "unit_1",
        environment: "PROD",
        regions: ["ap-tokyo"],
        teamId: null,
        costCenter: "CC-1",
        dataClassification: "CONFIDENTIAL",
        justification: "why",
        ticketUrl: null,
        tags: { owner: "a@x" },
        owners: [
          { role: "SECONDARY", user: { id: "u2" } },
          { role: "PRIMARY", user: { id: "u1" } },
        ],
      },
      ["product", "descriptor"],
      "me",
    );
    expect(values).toMatchObject({ nameParts: { product: "pay", descriptor: "" }, primaryOwnerId: "u1", secondaryOwnerIds: ["u2"], tags: { owner: "a@x" } });
  });
});
