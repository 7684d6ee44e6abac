import { describe, expect, it } from "vitest";
import { accountRequestSchema, nameCheckQuery, type AccountRequestFields } from "./schema";
import type { RequestGuardrails } from "./types";

const guardrails: RequestGuardrails = {
  namingTemplate: "{product}-{env}-{region}-{descriptor}",
  namingVersion: 1,
  tagRules: [
    { key: "owner", allowedValues: [], environments: [] },
    { key: "environment", allowedValues: ["prod", "dev"], environments: [] },
  ],
  tagPolicyVersion: 1,
};

const valid: AccountRequestFields = {
  nameParts: { product: "pay", descriptor: "ledger" },
  unitId: "unit_cards",
  environment: "DEV",
  regions: ["ap-singapore"],
  primaryOwnerId: "user_1",
  secondaryOwnerIds: ["user_2"],
  teamId: null,
  costCenter: "CC-1042",
  dataClassification: "INTERNAL",
  justification: "A ledger service for the new card programme in Singapore.",
  ticketUrl: "",
  tags: { owner: "dana@example.com", environment: "dev" },
};

function issues(values: AccountRequestFields) {
  const result = accountRequestSchema(guardrails).safeParse(values);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("the account request schema (browser and server)", () => {
  it("accepts a complete, conforming request and turns an empty ticket link into null", () => {
    const result = accountRequestSchema(guardrails).parse(valid);
    expect(result.ticketUrl).toBeNull();
  });

  it("reports a naming violation on the part that causes it", () => {
    expect(issues({ ...valid, nameParts: { product: "Pay", descriptor: "ledger" } })).toHaveProperty(["nameParts.product"]);
  });

  it("refuses script-bearing and oversized text", () => {
    expect(issues({ ...valid, justification: 'Needed for <script>alert("x")</script> the programme.' }).justification).toMatch(/HTML and scripts/);
    expect(issues({ ...valid, justification: "x".repeat(2_001) }).justification).toMatch(/At most 2000/);
  });

  it("needs a justification of at least 30 characters", () => {
    expect(issues({ ...valid, justification: "because" }).justification).toMatch(/at least 30/);
  });

  it("refuses a non-https ticket link", () => {
    expect(issues({ ...valid, ticketUrl: "javascript:alert(1)" })).toHaveProperty("ticketUrl");
    expect(issues({ ...valid, ticketUrl: "http://tickets.example.com/1" })).toHaveProperty("ticketUrl");
  });

  it("refuses missing or disallowed tags", () => {
    expect(issues({ ...valid, tags: { environment: "staging" } })).toMatchObject({ "tags.owner": expect.any(String), "tags.environment": expect.stringMatching(/not allowed/) });
  });

  it("refuses the primary owner as a secondary owner, duplicates, and an empty owner", () => {
    expect(issues({ ...valid, secondaryOwnerIds: ["user_1"] })).toHaveProperty("secondaryOwnerIds");
    expect(issues({ ...valid, secondaryOwnerIds: ["user_2", "user_2"] })).toHaveProperty("secondaryOwnerIds");
    expect(issues({ ...valid, primaryOwnerId: "" }).primaryOwnerId).toBe("Choose a primary owner.");
  });

  it("needs a region, each once, from the known list", () => {
    expect(issues({ ...valid, regions: [] })).toHaveProperty("regions");
    expect(issues({ ...valid, regions: ["ap-singapore", "ap-singapore"] })).toHaveProperty("regions");
    expect(issues({ ...valid, regions: ["mars-1" as "ap-singapore"] })).toHaveProperty(["regions.0"]);
  });

  it("refuses a malformed cost center", () => {
    expect(issues({ ...valid, costCenter: "CC 1042; drop" })).toHaveProperty("costCenter");
  });
});

describe("the live name check's query", () => {
  it("refuses control characters, which PostgreSQL would refuse with a 500 (NUL)", () => {
    expect(nameCheckQuery.safeParse({ name: "pay-dev-sg-ledger" }).success).toBe(true);
    for (const name of ["\u0000", "pay\u0000dev", "a\nb", "\u007f"]) {
      expect(nameCheckQuery.safeParse({ name }).error?.issues[0]?.message, JSON.stringify(name)).toBe("An account name has no control characters.");
    }
  });
});
