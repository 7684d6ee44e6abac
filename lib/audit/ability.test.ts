import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import { canReadAllHistory, canVerifyAndExport } from "./ability";

const actor = (...roles: Role[]): Actor => ({ userId: "u", sessionId: "s", email: "u@x", name: "U", roles: ["requester", ...roles], mfa: false });

describe("audit abilities", () => {
  it("lets auditors, security reviewers and platform admins read everything, verify and export", () => {
    for (const role of ["auditor", "security", "platform-admin"] as const) {
      expect(canReadAllHistory(actor(role))).toBe(true);
      expect(canVerifyAndExport(actor(role))).toBe(true);
    }
  });

  it("limits requesters and approvers to what concerns them", () => {
    for (const roles of [[], ["approver"]] as Role[][]) {
      expect(canReadAllHistory(actor(...roles))).toBe(false);
      expect(canVerifyAndExport(actor(...roles))).toBe(false);
    }
  });
});
