import { describe, expect, it } from "vitest";
import { ROLES, type Actor, type Role } from "@/lib/core/roles";
import { canPublishPolicies, canViewPolicies } from "./ability";

const actor = (roles: Role[], mfa = true): Actor => ({ userId: "me", sessionId: "s", email: "me@x", name: "Me", roles, mfa });

describe("policy abilities", () => {
  it("lets platform admins, security reviewers and auditors read the policies, nobody else", () => {
    expect(canViewPolicies(actor(["requester", "platform-admin"]))).toBe(true);
    expect(canViewPolicies(actor(["requester", "security"]))).toBe(true);
    expect(canViewPolicies(actor(["requester", "auditor"]))).toBe(true);
    expect(canViewPolicies(actor(["requester"]))).toBe(false);
    expect(canViewPolicies(actor(["requester", "approver"]))).toBe(false);
    expect(canViewPolicies(actor([]))).toBe(false);
  });

  it("lets only platform admins publish", () => {
    expect(canPublishPolicies(actor(["requester", "platform-admin"]))).toBe(true);
    for (const role of ROLES.filter((candidate) => candidate !== "platform-admin")) {
      expect(canPublishPolicies(actor(["requester", role])), role).toBe(false);
    }
    // Security reviewers and auditors read, but cannot publish, even with every other role at once.
    expect(canPublishPolicies(actor(["requester", "approver", "security", "auditor"]))).toBe(false);
  });
});
