import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import { canClaimAccount, canConfirmOwnership, canReadOwnershipDashboard, mayClaimAccount, mayConfirmOwnership } from "./ability";
import type { AccountForOwnership } from "./types";

const actor = (userId: string, ...roles: Role[]): Actor => ({ userId, sessionId: "s", email: `${userId}@x`, name: userId, roles: ["requester", ...roles], mfa: true });
const account = (overrides: Partial<AccountForOwnership> = {}): AccountForOwnership => ({
  status: "ACTIVE",
  owners: [
    { userId: "tom", active: true },
    { userId: "priya", active: true },
    { userId: "victor", active: false },
  ],
  ...overrides,
});

describe("confirming ownership", () => {
  it("is for an active owner, primary or secondary", () => {
    expect(mayConfirmOwnership(actor("tom"), account())).toBe(true);
    expect(mayConfirmOwnership(actor("priya", "platform-admin"), account())).toBe(true);
    expect(canConfirmOwnership(actor("tom"), account())).toBe(true);
  });

  it("refuses a non-owner, whatever their roles", () => {
    expect(mayConfirmOwnership(actor("dana"), account())).toBe(false);
    expect(mayConfirmOwnership(actor("alex", "approver", "security", "platform-admin", "auditor"), account())).toBe(false);
  });

  it("refuses an owner of record who is inactive in the identity provider", () => {
    expect(mayConfirmOwnership(actor("victor"), account())).toBe(false);
  });

  it("is offered on active accounts only (elsewhere the mutation reports a conflict)", () => {
    for (const status of ["UNMANAGED", "SUSPENDED", "CLOSED", "PROVISIONING"] as const) {
      expect(canConfirmOwnership(actor("tom"), account({ status }))).toBe(false);
      expect(mayConfirmOwnership(actor("tom"), account({ status }))).toBe(true);
    }
  });
});

describe("claiming an unmanaged account", () => {
  it("is only for platform admins", () => {
    expect(mayClaimAccount(actor("priya", "platform-admin"))).toBe(true);
    expect(mayClaimAccount(actor("tom"))).toBe(false);
    expect(mayClaimAccount(actor("alex", "approver", "security", "auditor"))).toBe(false);
  });

  it("is offered on unmanaged accounts only", () => {
    expect(canClaimAccount(actor("priya", "platform-admin"), { status: "UNMANAGED" })).toBe(true);
    expect(canClaimAccount(actor("priya", "platform-admin"), { status: "ACTIVE" })).toBe(false);
    expect(canClaimAccount(actor("tom"), { status: "UNMANAGED" })).toBe(false);
  });
});

describe("the dashboard", () => {
  it("is for everyone who may open dashboards", () => {
    expect(canReadOwnershipDashboard(actor("dana"))).toBe(true);
    expect(canReadOwnershipDashboard({ ...actor("x"), roles: [] })).toBe(false);
  });
});
