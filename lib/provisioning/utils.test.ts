import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { PROVISIONING_STEPS } from "./constants";
import { cicUserName, classifyFailure, diffSets, diffTags, parseRequestTags, pollDelay, remainingSteps, StepNotReadyError, toTencentTags } from "./utils";

const tencent = (code: AppError["code"], tencentCode: string, message = "msg") =>
  new AppError(code, undefined, { tencentCode, requestId: "req-1" }, { cause: new Error(message) });

describe("classifyFailure", () => {
  it("treats rejections a repeat cannot fix as permanent, with a hint, Tencent's code, message and RequestId", () => {
    for (const code of ["FailedOperation.OrganizationMemberNameUsed", "LimitExceeded.OrganizationMemberOverLimit", "InvalidParameterValue"]) {
      const failure = classifyFailure(tencent("CONFLICT", code, `Tencent said ${code}`));
      expect(failure).toMatchObject({ permanent: true, code, message: `Tencent said ${code}`, requestId: "req-1" });
      expect(failure.hint).toBeTruthy();
    }
  });

  it("lets throttling, lost answers, unknown failures, waits and our own errors be retried", () => {
    expect(classifyFailure(tencent("RATE_LIMITED", "RequestLimitExceeded")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "InternalError")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "HTTP_502")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "NETWORK")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "FailedOperation.Something")).permanent).toBe(false);
    expect(classifyFailure(tencent("NOT_FOUND", "ResourceNotFound.UserNotExist")).permanent).toBe(false);
    expect(classifyFailure(new StepNotReadyError("member not ready"))).toMatchObject({ permanent: false, code: "UPSTREAM" });
    expect(classifyFailure(new Error("database went away"))).toMatchObject({ permanent: false, code: "INTERNAL", message: "database went away" });
  });
});

describe("pure helpers", () => {
  it("resumes at the first unfinished step, in order", () => {
    expect(remainingSteps(new Set())).toEqual([...PROVISIONING_STEPS]);
    expect(remainingSteps(new Set(["CREATE_MEMBER", "WAIT_UNTIL_READY", "AUTHORIZE_IDENTITIES"]))).toEqual([
      "MOVE_TO_UNIT",
      "ATTACH_BASELINE_POLICIES",
      "OWNER_ACCESS",
      "SECURITY_SWEEP",
      "ACTIVATE",
    ]);
    expect(remainingSteps(new Set(PROVISIONING_STEPS))).toEqual([]);
  });

  it("maps tags both ways and reports differences", () => {
    expect(toTencentTags({ b: "2", a: "1" })).toEqual([{ TagKey: "a", TagValue: "1" }, { TagKey: "b", TagValue: "2" }]);
    expect(parseRequestTags({ a: "1", n: 2, x: null })).toEqual({ a: "1" });
    expect(parseRequestTags(["a"])).toEqual({});
    expect(diffTags({ a: "1", b: "2", c: "3" }, { a: "1", b: "x" })).toEqual([
      { kind: "tag-mismatch", subject: "b", expected: "2", actual: "x" },
      { kind: "tag-missing", subject: "c", expected: "3" },
    ]);
    expect(diffSets(["u1", "u2"], ["u2", "u3"], { missing: "owner-missing", unexpected: "owner-unexpected" })).toEqual([
      { kind: "owner-missing", subject: "u1" },
      { kind: "owner-unexpected", subject: "u3" },
    ]);
  });

  it("derives CIC user names and poll delays", () => {
    expect(cicUserName("Jane.Doe+ops@example.com")).toBe("Jane.Doe+ops@example.com");
    expect(cicUserName("o'brien@example.com")).toBe("o_brien@example.com");
    expect([0, 1, 2, 3, 10].map((attempt) => pollDelay(attempt, 1000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
