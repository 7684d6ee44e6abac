import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import type { AssignmentRef, ExplainingGrant } from "./types";
import { assignmentKey, classifyGrantFailure, credentialSessionName, encodeSessionPolicy, mergeSessionPolicy, reconciliationDiff } from "./utils";
import { secretIdFingerprint } from "@/lib/tencentcloud/utils";

const READ = { effect: "allow", action: ["cdb:Describe*"], resource: "*" };
const WRITE = { effect: "allow", action: ["cdb:ModifyDBInstanceName"], resource: ["qcs::cdb:ap-singapore:uin/100000000001:instanceId/*"], condition: { ip_equal: { "qcs:ip": ["10.0.0.0/8"] } } };
const DENY = { effect: "deny", action: ["cam:*"], resource: "*" };
const policy = (...statement: object[]) => JSON.stringify({ version: "2.0", statement });

describe("the session policy", () => {
  it("keeps every statement of every document, in order, under version 2.0", () => {
    const merged = JSON.parse(mergeSessionPolicy([policy(READ, DENY), policy(WRITE)]));
    expect(merged).toEqual({ version: "2.0", statement: [READ, DENY, WRITE] });
  });

  it("refuses documents it cannot merge faithfully rather than dropping them", () => {
    expect(() => mergeSessionPolicy(["not json"])).toThrow(/not JSON/);
    expect(() => mergeSessionPolicy([JSON.stringify({ version: "1.0", statement: [READ] })])).toThrow(/not a CAM policy/);
    expect(() => mergeSessionPolicy([policy({ ...READ, principal: { qcs: ["qcs::cam::uin/1:root"] } })])).toThrow(/cannot hold/);
    expect(() => mergeSessionPolicy([])).toThrow(/nothing/);
  });

  it("is URL-encoded for AssumeRole and decodes back to itself", () => {
    const merged = mergeSessionPolicy([policy(WRITE)]);
    const encoded = encodeSessionPolicy(merged);
    expect(encoded).not.toMatch(/[{}":/ ]/);
    expect(decodeURIComponent(encoded)).toBe(merged);
  });
});

describe("credential metadata", () => {
  it("fingerprints a SecretId as the first 16 hex digits of its SHA-256", () => {
    const secretId = "AKIDexample0123456789";
    expect(secretIdFingerprint(secretId)).toBe(createHash("sha256").update(secretId).digest("hex").slice(0, 16));
    expect(secretIdFingerprint(secretId)).toMatch(/^[0-9a-f]{16}$/);
    expect(secretIdFingerprint(`${secretId}x`)).not.toBe(secretIdFingerprint(secretId));
  });

  it("names the session after the request and the person, within STS's alphabet and length", () => {
    expect(credentialSessionName(42, "Priya@Lattice.example")).toBe("lattice-jit-42-priya@lattice.example");
    expect(credentialSessionName(7, "o'brien@example.com")).toBe("lattice-jit-7-o_brien@example.com");
    const long = credentialSessionName(123456, `${"x".repeat(200)}@example.com`);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/^[\w+=,.@-]{2,128}$/);
  });
});

describe("the reconciliation diff", () => {
  const assignment = (targetUin: string, principalId: string, extra: Partial<AssignmentRef> = {}): AssignmentRef => ({
    roleConfigurationId: "rc-a",
    targetType: "MemberUin",
    targetUin,
    principalType: "User",
    principalId,
    principalName: null,
    ...extra,
  });
  const grant = (memberUin: string, principalId: string | null, extra: Partial<ExplainingGrant> = {}): ExplainingGrant => ({
    id: `g-${memberUin}-${principalId}`,
    status: "ACTIVE",
    memberUin,
    roleConfigurationId: "rc-a",
    principalId,
    ...extra,
  });

  it("explains assignments by role configuration, account and CIC user; the rest is out of band", () => {
    const diff = reconciliationDiff(
      [assignment("1", "u-a"), assignment("1", "u-b"), assignment("2", "u-a"), assignment("1", "u-a", { roleConfigurationId: "rc-b" })],
      [grant("1", "u-a"), grant("2", "u-c"), grant("3", "u-a", { status: "REMOVAL_FAILED" })],
    );
    expect(diff.explained).toEqual([assignment("1", "u-a")]);
    expect(diff.unexplained).toEqual([assignment("1", "u-b"), assignment("2", "u-a"), assignment("1", "u-a", { roleConfigurationId: "rc-b" })]);
    expect(diff.deferred).toEqual([]);
  });

  it("never lets a grant explain a group assignment", () => {
    expect(reconciliationDiff([assignment("1", "u-a", { principalType: "Group" })], [grant("1", "u-a")]).unexplained).toHaveLength(1);
  });

  it("defers assignments on an account where an activation has not recorded its CIC user yet", () => {
    const diff = reconciliationDiff([assignment("1", "u-x"), assignment("2", "u-x")], [grant("1", null, { status: "ACTIVATING" }), grant("2", null, { status: "REMOVING" })]);
    expect(diff.deferred).toEqual([assignment("1", "u-x")]);
    expect(diff.unexplained).toEqual([assignment("2", "u-x")]);
  });

  it("keys assignments the same way for grants and listings", () => {
    expect(assignmentKey({ roleConfigurationId: "rc-a", targetUin: 200000000001, principalId: "u-a" })).toBe(assignmentKey({ roleConfigurationId: "rc-a", targetUin: "200000000001", principalId: "u-a" }));
  });
});

describe("failure classification", () => {
  const tencent = (code: AppError["code"], tencentCode: string) => new AppError(code, undefined, { tencentCode, requestId: "req-1" }, { cause: new Error(`${tencentCode} said no`) });

  it("retries throttling, 5xx, network trouble, our own errors and a CIC user not visible yet", () => {
    for (const error of [
      tencent("RATE_LIMITED", "RequestLimitExceeded"),
      tencent("UPSTREAM", "InternalError"),
      tencent("UPSTREAM", "HTTP_502"),
      tencent("UPSTREAM", "NETWORK"),
      tencent("NOT_FOUND", "ResourceNotFound.UserNotExist"),
      new Error("connection reset"),
    ]) {
      expect(classifyGrantFailure(error).transient).toBe(true);
    }
  });

  it("gives up on rejections a repeat would not change, keeping Tencent's code, message and RequestId", () => {
    expect(classifyGrantFailure(tencent("NOT_FOUND", "ResourceNotFound.OrganizationMemberNotExist"))).toEqual({
      transient: false,
      code: "ResourceNotFound.OrganizationMemberNotExist",
      message: "ResourceNotFound.OrganizationMemberNotExist said no",
      requestId: "req-1",
    });
    expect(classifyGrantFailure(tencent("UPSTREAM", "FailedOperation.TaskFailed")).transient).toBe(false);
  });
});
