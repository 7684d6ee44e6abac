import { describe, expect, it } from "vitest";
import { ROLES, type Actor, type Role } from "@/lib/core/roles";
import { canSyncInventory, canViewInventoryRuns } from "./ability";

const actor = (...roles: Role[]): Actor => ({ userId: "u", sessionId: "s", email: "u@x", name: "u", roles, mfa: false });

describe("who may start an inventory sync", () => {
  it("is a platform admin or a security reviewer", () => {
    expect(canSyncInventory(actor("requester", "platform-admin"))).toBe(true);
    expect(canSyncInventory(actor("requester", "security"))).toBe(true);
  });

  it("is nobody else: requesters, approvers, auditors, and a person without roles", () => {
    for (const role of ROLES.filter((candidate) => candidate !== "platform-admin" && candidate !== "security")) {
      expect(canSyncInventory(actor(role)), role).toBe(false);
    }
    expect(canSyncInventory(actor("requester", "approver", "auditor"))).toBe(false);
    expect(canSyncInventory(actor())).toBe(false);
  });
});

describe("who may watch the sync", () => {
  it("is every signed-in person (a requester), and nobody without a role", () => {
    expect(canViewInventoryRuns(actor("requester"))).toBe(true);
    expect(canViewInventoryRuns(actor())).toBe(false);
  });
});
