import { describe, expect, it } from "vitest";
import type { Actor, Role } from "@/lib/core/roles";
import { canCancelRequest, canEditDraft, canRetryProvisioning, canViewRequest, decidableStages, stageToDecide, type RequestForAbility } from "./ability";

const actor = (roles: Role[], userId = "me"): Actor => ({ userId, sessionId: "s", email: `${userId}@x`, name: userId, roles: ["requester", ...roles], mfa: true });

const request = (overrides: Partial<RequestForAbility> = {}): RequestForAbility => ({
  requesterId: "dana",
  status: "PENDING",
  requiredStages: ["PLATFORM", "SECURITY"],
  approvals: [],
  ownerIds: ["tom"],
  ...overrides,
});

describe("who may decide a request", () => {
  it("never the requester, whatever their roles", () => {
    expect(decidableStages(actor(["approver", "security", "platform-admin"], "dana"), request())).toEqual([]);
    expect(stageToDecide(actor(["approver"], "dana"), request(), "PLATFORM")).toBeNull();
  });

  it("a platform approver decides the platform stage, a security reviewer the security stage", () => {
    expect(decidableStages(actor(["approver"], "alex"), request())).toEqual(["PLATFORM"]);
    expect(decidableStages(actor(["security"], "mei"), request())).toEqual(["SECURITY"]);
  });

  it("never an owner the request names: nobody approves an account for themselves", () => {
    expect(decidableStages(actor(["approver"], "tom"), request())).toEqual([]);
  });

  it("nobody without a stage role, not even a platform admin or an auditor", () => {
    expect(decidableStages(actor(["platform-admin", "auditor"], "priya"), request())).toEqual([]);
  });

  it("a person with two roles counts once: after deciding one stage they cannot decide the other", () => {
    const both = actor(["approver", "security"], "sam");
    expect(decidableStages(both, request())).toEqual(["PLATFORM", "SECURITY"]);
    expect(decidableStages(both, request({ approvals: [{ stage: "PLATFORM", approverId: "sam" }] }))).toEqual([]);
  });

  it("only open stages of a pending request", () => {
    expect(decidableStages(actor(["approver"], "alex"), request({ approvals: [{ stage: "PLATFORM", approverId: "other" }] }))).toEqual([]);
    expect(decidableStages(actor(["approver"], "alex"), request({ status: "APPROVED" }))).toEqual([]);
    expect(decidableStages(actor(["approver"], "alex"), request({ status: "DRAFT" }))).toEqual([]);
  });

  it("honours the stage asked for only if the person may decide it", () => {
    const both = actor(["approver", "security"], "sam");
    expect(stageToDecide(both, request(), "SECURITY")).toBe("SECURITY");
    expect(stageToDecide(actor(["approver"], "alex"), request(), "SECURITY")).toBeNull();
    expect(stageToDecide(actor(["approver"], "alex"), request())).toBe("PLATFORM");
  });
});

describe("who may see, cancel, edit and retry", () => {
  it("drafts are private to their requester", () => {
    expect(canViewRequest(actor([], "dana"), request({ status: "DRAFT" }))).toBe(true);
    expect(canViewRequest(actor(["approver", "platform-admin"], "alex"), request({ status: "DRAFT" }))).toBe(false);
  });

  it("submitted requests are seen by the requester, owners and reviewers, not by other requesters", () => {
    expect(canViewRequest(actor([], "tom"), request())).toBe(true);
    expect(canViewRequest(actor(["auditor"], "jordan"), request())).toBe(true);
    expect(canViewRequest(actor([], "stranger"), request())).toBe(false);
  });

  it("only the requester cancels, and only before provisioning", () => {
    expect(canCancelRequest(actor([], "dana"), request())).toBe(true);
    expect(canCancelRequest(actor([], "dana"), request({ status: "APPROVED" }))).toBe(true);
    expect(canCancelRequest(actor([], "dana"), request({ status: "PROVISIONING" }))).toBe(false);
    expect(canCancelRequest(actor(["platform-admin"], "priya"), request())).toBe(false);
  });

  it("only the requester edits their draft", () => {
    expect(canEditDraft(actor([], "dana"), request({ status: "DRAFT" }))).toBe(true);
    expect(canEditDraft(actor([], "dana"), request())).toBe(false);
    expect(canEditDraft(actor(["platform-admin"], "priya"), request({ status: "DRAFT" }))).toBe(false);
  });

  it("only platform admins retry, and only a failed provisioning", () => {
    expect(canRetryProvisioning(actor(["platform-admin"], "priya"), request({ status: "FAILED" }))).toBe(true);
    expect(canRetryProvisioning(actor(["platform-admin"], "priya"), request({ status: "PROVISIONING" }))).toBe(false);
    expect(canRetryProvisioning(actor(["approver"], "alex"), request({ status: "FAILED" }))).toBe(false);
  });
});
