import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, AppError, isDatabaseUnavailable, toAppError } from "./errors";

describe("AppError", () => {
  it("uses the code's public message unless given one", () => {
    expect(new AppError("NOT_FOUND").publicMessage).toBe(APP_ERROR_CODES.NOT_FOUND);
    expect(new AppError("NOT_FOUND", "No such account.").publicMessage).toBe("No such account.");
  });

  it("keeps Tencent's code and RequestId for operators", () => {
    const error = new AppError("UPSTREAM", undefined, { tencentCode: "FailedOperation.OrganizationMemberNameUsed", requestId: "r-1" });
    expect(error.details).toEqual({ tencentCode: "FailedOperation.OrganizationMemberNameUsed", requestId: "r-1" });
  });
});

describe("toAppError", () => {
  it("passes AppErrors through", () => {
    const error = new AppError("CONFLICT");
    expect(toAppError(error)).toBe(error);
  });

  it("maps connection failures to UNAVAILABLE and hides the raw message", () => {
    const mapped = toAppError(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    expect(mapped.code).toBe("UNAVAILABLE");
    expect(mapped.publicMessage).not.toContain("127.0.0.1");
  });

  it("maps anything else to INTERNAL without leaking its message", () => {
    const mapped = toAppError(new Error('relation "account" does not exist'));
    expect(mapped.code).toBe("INTERNAL");
    expect(mapped.publicMessage).toBe(APP_ERROR_CODES.INTERNAL);
  });

  it("recognises database outages only", () => {
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("unique constraint failed"))).toBe(false);
    // node-postgres's pool when no connection frees up in time (found by the resilience suite's approval burst).
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(toAppError(new Error("timeout exceeded when trying to connect")).code).toBe("UNAVAILABLE");
    // node-postgres inside a transaction whose connection the server ended (found by the resilience suite's
    // PostgreSQL restart: a transaction between two statements when the server stopped answered INTERNAL).
    expect(toAppError(new Error("Client has encountered a connection error and is not queryable")).code).toBe("UNAVAILABLE");
    expect(toAppError(new Error("Client was closed and is not queryable")).code).toBe("UNAVAILABLE");
  });
});

describe("isDatabaseUnavailable with Prisma errors", () => {
  it("recognises the driver adapter's unreachable kinds", () => {
    const error = Object.assign(new Error("Raw query failed."), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P2002" }))).toBe(false);
  });
});
