import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import {
  canCancelAccessRequest,
  canCloseBreakGlassReview,
  canDecideAccessRequest,
  canIssueCredentials,
  canRevokeGrant,
  canViewAccessRequest,
  mayAttemptAccessDecision,
} from "./ability";
import type { AccessRequestForAbility, GrantForAbility } from "./types";

const actor = (roles: Role[], userId = "me"): Actor => ({ userId, sessionId: "s", email: `${userId}@x`, name: userId, roles: ["requester", ...roles], mfa: true });

const request = (overrides: Partial<AccessRequestForAbility> = {}): AccessRequestForAbility => ({
  requesterId: "dana",
  status: "PENDING",
  approvalsRequired: 2,
  reviewers: ["ACCOUNT_OWNER", "APPROVER"],
  securityRequired: false,
  decisions: [],
  targetOwnerIds: [["tom", "ana"], ["tom"]],
  ...overrides,
});

const now = new Date("2026-11-29T12:00:00Z");
const grant = (overrides: Partial<GrantForAbility> = {}): GrantForAbility => ({
  requesterId: "dana",
  status: "ACTIVE",
  ownerIds: ["tom"],
  expiresAt: new Date(now.getTime() + 3600_000),
  ...overrides,
});

describe("who may review an access request", () => {
  it("never the requester, whatever their roles or ownership", () => {
    const dana = actor(["approver", "security", "platform-admin"], "dana");
    const owned = request({ targetOwnerIds: [["dana"]] });
    expect(mayAttemptAccessDecision(dana, owned)).toBe(false);
    expect(canDecideAccessRequest(dana, owned)).toBe(false);
  });

  it("an approver when the role names the approver group; not when it does not", () => {
    expect(canDecideAccessRequest(actor(["approver"], "alex"), request())).toBe(true);
    expect(canDecideAccessRequest(actor(["approver"], "alex"), request({ reviewers: ["ACCOUNT_OWNER"] }))).toBe(false);
  });

  it("an owner only when they own every account asked for", () => {
    expect(canDecideAccessRequest(actor([], "tom"), request())).toBe(true);
    expect(canDecideAccessRequest(actor([], "ana"), request())).toBe(false);
    expect(canDecideAccessRequest(actor([], "tom"), request({ reviewers: ["APPROVER"] }))).toBe(false);
  });

  it("a security reviewer when the role names security or the request needs security", () => {
    expect(canDecideAccessRequest(actor(["security"], "mei"), request())).toBe(false);
    expect(canDecideAccessRequest(actor(["security"], "mei"), request({ securityRequired: true }))).toBe(true);
    expect(canDecideAccessRequest(actor(["security"], "mei"), request({ reviewers: ["SECURITY"] }))).toBe(true);
  });

  it("once per person, and only while pending", () => {
    const decided = request({ decisions: [{ approverId: "alex", decision: "APPROVED", asSecurity: false }] });
    expect(canDecideAccessRequest(actor(["approver"], "alex"), decided)).toBe(false);
    expect(mayAttemptAccessDecision(actor(["approver"], "alex"), decided)).toBe(true);
    expect(canDecideAccessRequest(actor(["approver"], "alex"), request({ status: "APPROVED" }))).toBe(false);
  });

  it("platform admins and auditors do not review by their role", () => {
    expect(canDecideAccessRequest(actor(["platform-admin", "auditor"], "priya"), request())).toBe(false);
  });
});

describe("who sees and cancels a request", () => {
  it("the requester, reviewers, auditors and owners of an account asked for; not others", () => {
    expect(canViewAccessRequest(actor([], "dana"), request())).toBe(true);
    expect(canViewAccessRequest(actor(["auditor"], "aud"), request())).toBe(true);
    expect(canViewAccessRequest(actor([], "ana"), request())).toBe(true);
    expect(canViewAccessRequest(actor([], "eve"), request())).toBe(false);
  });

  it("only the requester cancels, only while pending", () => {
    expect(canCancelAccessRequest(actor([], "dana"), request())).toBe(true);
    expect(canCancelAccessRequest(actor(["platform-admin"], "priya"), request())).toBe(false);
    expect(canCancelAccessRequest(actor([], "dana"), request({ status: "APPROVED" }))).toBe(false);
  });
});

describe("grants", () => {
  it("the grantee, an owner of the account or security revoke live access; nobody revokes ended access", () => {
    expect(canRevokeGrant(actor([], "dana"), grant())).toBe(true);
    expect(canRevokeGrant(actor([], "tom"), grant())).toBe(true);
    expect(canRevokeGrant(actor(["security"], "mei"), grant())).toBe(true);
    expect(canRevokeGrant(actor(["approver", "platform-admin"], "alex"), grant())).toBe(false);
    expect(canRevokeGrant(actor([], "dana"), grant({ status: "SCHEDULED" }))).toBe(true);
    expect(canRevokeGrant(actor(["security"], "mei"), grant({ status: "EXPIRED" }))).toBe(false);
    expect(canRevokeGrant(actor(["security"], "mei"), grant({ status: "REMOVING" }))).toBe(false);
  });

  it("only the grantee gets credentials, while active with 15 minutes or more left", () => {
    expect(canIssueCredentials(actor([], "dana"), grant(), now)).toBe(true);
    expect(canIssueCredentials(actor(["security"], "tom"), grant(), now)).toBe(false);
    expect(canIssueCredentials(actor([], "dana"), grant({ status: "SCHEDULED" }), now)).toBe(false);
    expect(canIssueCredentials(actor([], "dana"), grant({ expiresAt: new Date(now.getTime() + 899_000) }), now)).toBe(false);
    expect(canIssueCredentials(actor([], "dana"), grant({ expiresAt: new Date(now.getTime() + 900_000) }), now)).toBe(true);
  });

  it("a security reviewer other than the requester closes a break-glass review", () => {
    expect(canCloseBreakGlassReview(actor(["security"], "mei"), { requesterId: "dana", status: "OPEN" })).toBe(true);
    expect(canCloseBreakGlassReview(actor(["security"], "dana"), { requesterId: "dana", status: "OPEN" })).toBe(false);
    expect(canCloseBreakGlassReview(actor(["approver"], "alex"), { requesterId: "dana", status: "OPEN" })).toBe(false);
    expect(canCloseBreakGlassReview(actor(["security"], "mei"), { requesterId: "dana", status: "CLOSED" })).toBe(false);
  });
});
