import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import { canChangeUserActive, canViewDirectory } from "./ability";

const actor = (roles: Role[], userId = "me"): Actor => ({ userId, sessionId: "s", email: "me@x", name: "Me", roles, mfa: true });

describe("user abilities", () => {
  it("lets platform admins and auditors see the directory, nobody else", () => {
    expect(canViewDirectory(actor(["requester", "platform-admin"]))).toBe(true);
    expect(canViewDirectory(actor(["requester", "auditor"]))).toBe(true);
    expect(canViewDirectory(actor(["requester", "approver", "security"]))).toBe(false);
  });

  it("lets only platform admins (de)activate people", () => {
    expect(canChangeUserActive(actor(["requester", "platform-admin"]), "someone")).toBe(true);
    for (const role of ["requester", "approver", "security", "auditor"] as const) {
      expect(canChangeUserActive(actor(["requester", role]), "someone")).toBe(false);
    }
  });

  it("never lets an admin change their own status", () => {
    expect(canChangeUserActive(actor(["requester", "platform-admin"], "me"), "me")).toBe(false);
  });
});
