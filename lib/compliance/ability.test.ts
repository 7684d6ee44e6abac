import { describe, expect, it } from "vitest";
import { ROLES, type Actor, type Role } from "@/lib/core/roles";
import { canReadTagDashboard } from "./ability";

const actor = (...roles: Role[]): Actor => ({ userId: "u", sessionId: "s", email: "u@x", name: "U", roles, mfa: false });

describe("canReadTagDashboard", () => {
  it("lets everyone with the dashboards area read it", () => {
    for (const role of ROLES) expect(canReadTagDashboard(actor("requester", role))).toBe(true);
  });

  it("denies a signed-out caller and an actor with no role", () => {
    expect(canReadTagDashboard(null)).toBe(false);
    expect(canReadTagDashboard(undefined)).toBe(false);
    expect(canReadTagDashboard(actor())).toBe(false);
  });

  it("denies an actor whose only roles are outside the dashboards area", () => {
    // Every admitted person is a requester; one without it (a malformed session) gets nothing.
    expect(canReadTagDashboard(actor("auditor"))).toBe(false);
  });
});
