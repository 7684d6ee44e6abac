import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import { canEditCatalog, canViewCatalog } from "./ability";

const actor = (...roles: Role[]): Actor => ({ userId: "u", sessionId: "s", email: "x@y", name: "X", roles: ["requester", ...roles], mfa: true });

describe("role catalog abilities", () => {
  it("lets admins, security and auditors read, and nobody else", () => {
    expect(canViewCatalog(actor("platform-admin"))).toBe(true);
    expect(canViewCatalog(actor("security"))).toBe(true);
    expect(canViewCatalog(actor("auditor"))).toBe(true);
    expect(canViewCatalog(actor("approver"))).toBe(false);
    expect(canViewCatalog(actor())).toBe(false);
  });

  it("lets only platform admins edit", () => {
    expect(canEditCatalog(actor("platform-admin"))).toBe(true);
    for (const role of ["security", "auditor", "approver"] as const) expect(canEditCatalog(actor(role)), role).toBe(false);
    expect(canEditCatalog(actor())).toBe(false);
  });
});
