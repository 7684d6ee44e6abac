import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import { canReadAllHistory, canVerifyAndExport, isInHistoryScope } from "./ability";

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

describe("a person's slice of the history", () => {
  const scope = { userId: "dana", accountIds: ["acct_1"], requestIds: ["req_1"] };
  it("holds their own actions, their accounts' events and their requests' events", () => {
    expect(isInHistoryScope(scope, { actorId: "dana", accountId: null, requestRef: null })).toBe(true);
    expect(isInHistoryScope(scope, { actorId: "tencent", accountId: "acct_1", requestRef: null })).toBe(true);
    expect(isInHistoryScope(scope, { actorId: "alex", accountId: null, requestRef: "req_1" })).toBe(true);
  });
  it("holds nothing else", () => {
    expect(isInHistoryScope(scope, { actorId: "alex", accountId: "acct_2", requestRef: "req_2" })).toBe(false);
    expect(isInHistoryScope(scope, { actorId: null, accountId: null, requestRef: null })).toBe(false);
  });
});
