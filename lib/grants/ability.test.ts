import { describe, expect, it } from "vitest";
import type { GrantForAbility } from "@/lib/access/types";
import type { Actor, Role } from "@/lib/core/roles";
import { canViewReconciliation, credentialRefusal, mayIssueCredentials, mayRevokeGrant, revocationRefusal } from "./ability";

const actor = (userId: string, ...roles: Role[]): Actor => ({ userId, sessionId: "s", email: `${userId}@x`, name: userId, roles: ["requester", ...roles], mfa: true });
const now = new Date("2026-11-29T10:00:00Z");
const grant = (overrides: Partial<GrantForAbility> = {}): GrantForAbility => ({
  requesterId: "dana",
  status: "ACTIVE",
  ownerIds: ["tom"],
  expiresAt: new Date(now.getTime() + 3_600_000),
  ...overrides,
});

describe("who may revoke", () => {
  it("is the grantee, an owner of the account or security; nobody else", () => {
    expect(mayRevokeGrant(actor("dana"), grant())).toBe(true);
    expect(mayRevokeGrant(actor("tom"), grant())).toBe(true);
    expect(mayRevokeGrant(actor("mei", "security"), grant())).toBe(true);
    expect(mayRevokeGrant(actor("alex", "approver", "platform-admin", "auditor"), grant())).toBe(false);
  });

  it("calls a grant that moved on stale for them, and forbidden for others", () => {
    expect(revocationRefusal(actor("dana"), grant({ status: "SCHEDULED" }))).toBeNull();
    expect(revocationRefusal(actor("dana"), grant({ status: "ACTIVATING" }))).toBeNull();
    for (const status of ["REMOVING", "REMOVAL_FAILED", "EXPIRED", "REVOKED", "FAILED"] as const) {
      expect(revocationRefusal(actor("dana"), grant({ status }))).toBe("stale");
      expect(revocationRefusal(actor("alex"), grant({ status }))).toBe("forbidden");
    }
    expect(revocationRefusal(actor("alex"), grant())).toBe("forbidden");
  });
});

describe("who may get CLI credentials", () => {
  it("is only the grantee, while the grant is active with 15 minutes or more left", () => {
    expect(mayIssueCredentials(actor("dana"), grant())).toBe(true);
    expect(mayIssueCredentials(actor("tom"), grant())).toBe(false);
    expect(mayIssueCredentials(actor("mei", "security"), grant())).toBe(false);
    expect(credentialRefusal(actor("dana"), grant(), now)).toBeNull();
    expect(credentialRefusal(actor("dana"), grant({ expiresAt: new Date(now.getTime() + 14 * 60_000) }), now)).toBe("stale");
    expect(credentialRefusal(actor("dana"), grant({ status: "SCHEDULED", expiresAt: null }), now)).toBe("stale");
    expect(credentialRefusal(actor("tom"), grant(), now)).toBe("forbidden");
  });
});

describe("who sees reconciliation", () => {
  it("is security, platform admins and auditors", () => {
    expect(canViewReconciliation(actor("mei", "security"))).toBe(true);
    expect(canViewReconciliation(actor("priya", "platform-admin"))).toBe(true);
    expect(canViewReconciliation(actor("jordan", "auditor"))).toBe(true);
    expect(canViewReconciliation(actor("alex", "approver"))).toBe(false);
    expect(canViewReconciliation(actor("dana"))).toBe(false);
  });
});
