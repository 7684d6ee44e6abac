import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/core/audit-actions";
import { historyQuerySchema } from "./schema";

describe("the history's URL filters", () => {
  it("understand every action the history lists, and imported CloudAudit ones", () => {
    for (const action of [...Object.keys(AUDIT_ACTIONS), "cloud.CreateRoleAssignment"]) {
      expect(historyQuerySchema.parse({ action }).action, action).toBe(action);
    }
  });

  it("drop a malformed action instead of failing", () => {
    expect(historyQuerySchema.parse({ action: "Drop table;" }).action).toBeUndefined();
  });

  it("drop an account filter with control characters (a NUL reached PostgreSQL: a 500 found by the resilience suite)", () => {
    expect(historyQuerySchema.parse({ account: "a\u0000b" }).account).toBeUndefined();
    expect(historyQuerySchema.parse({ account: "pay-dev-sg-ledger" }).account).toBe("pay-dev-sg-ledger");
  });
});
