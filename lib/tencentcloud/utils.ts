import { createHash } from "node:crypto";
import { Agent } from "node:http";
import type { LookupFunction } from "node:net";
import type TencentCloudSDKHttpException from "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception";
import { AppError, toAppError } from "@/lib/core/errors";
import type { ActionKind } from "./types";

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An HTTP agent that resolves every host name to 127.0.0.1. The SDK signs with the real host name (its first
 * label is the service), so a local emulator is reached under `<service>.intl.tencentcloudapi.com:PORT`, and no
 * call can leave the machine.
 */
export function loopbackAgent(): Agent {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  };
  return new Agent({ keepAlive: true, lookup });
}

/** Exponential backoff with full jitter: a random delay in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random) {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
}

/**
 * What went wrong with one attempt:
 * - `throttled`: RequestLimitExceeded, rejected before it was processed;
 * - `transient`: InternalError, HTTP 5xx or a network failure, where the call may or may not have taken effect;
 * - `rejected`: any other Tencent error, which a repeat would not change.
 */
export interface TencentFailure {
  kind: "throttled" | "transient" | "rejected";
  /** Tencent code, or HTTP_<status> / NETWORK. */
  code: string;
  message: string;
  requestId?: string;
}

/**
 * The SDK's exception carries a traceId. Recognised by shape: under ESM loaders the class, a CommonJS default
 * export, is not reliably the same binding as the one the SDK throws.
 */
function isSdkException(error: unknown): error is TencentCloudSDKHttpException {
  return error instanceof Error && "traceId" in error && "requestId" in error;
}

export function describeFailure(error: unknown): TencentFailure {
  if (isSdkException(error)) {
    const requestId = error.requestId || undefined;
    if (error.code) {
      const kind = error.code.startsWith("RequestLimitExceeded")
        ? "throttled"
        : error.code.startsWith("InternalError")
          ? "transient"
          : "rejected";
      return { kind, code: error.code, message: error.message, requestId };
    }
    if (error.httpCode) {
      return { kind: error.httpCode >= 500 ? "transient" : "rejected", code: `HTTP_${error.httpCode}`, message: error.message };
    }
    // The SDK wraps socket errors and timeouts without code or status.
    return { kind: "transient", code: "NETWORK", message: error.message };
  }
  return { kind: "rejected", code: "INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

/** Only calls that cannot take effect twice are repeated (see ACTIONS in constants.ts). */
export function isRetryable(kind: ActionKind, failure: TencentFailure): boolean {
  if (failure.kind === "throttled") return true;
  return failure.kind === "transient" && kind !== "unsafe";
}

/** Maps a failed call to the portal's single error type, keeping Tencent's code and RequestId for operators. */
export function toTencentAppError(failure: TencentFailure, cause: unknown): AppError {
  const details = { tencentCode: failure.code, requestId: failure.requestId };
  const options = { cause };
  const { code } = failure;
  if (failure.kind === "throttled") return new AppError("RATE_LIMITED", undefined, details, options);
  if (failure.kind === "transient") {
    return new AppError("UPSTREAM", "Tencent Cloud did not answer. Try again shortly.", details, options);
  }
  if (code.startsWith("ResourceNotFound")) return new AppError("NOT_FOUND", undefined, details, options);
  if (/NameUsed|NameInUse|AlreadyExist|Exists$/.test(code)) {
    return new AppError("CONFLICT", "That name is already taken in Tencent Cloud.", details, options);
  }
  if (/^(MissingParameter|InvalidParameter)/.test(code)) {
    return new AppError("VALIDATION", "Tencent Cloud did not accept the values sent.", details, options);
  }
  return new AppError("UPSTREAM", undefined, details, options);
}

/**
 * Whether a failed cloud operation may succeed when tried again later: throttling, timeouts, HTTP 5xx and network
 * trouble, and anything that is not a Tencent answer at all (database trouble, a wait that ran out, our own bugs).
 * A Tencent rejection (invalid value, missing resource, permission, quota) would be repeated: permanent.
 */
export function isTransientFailure(error: unknown): boolean {
  const appError = toAppError(error);
  const code = appError.details.tencentCode;
  if (!code) return true;
  return appError.code === "RATE_LIMITED" || (appError.code === "UPSTREAM" && /^(HTTP_5|NETWORK|InternalError)/.test(code));
}

/**
 * What identifies a SecretId without being it: the first 16 hex digits of its SHA-256. Lattice stores this instead
 * of SecretIds (CLI credentials it issued, CloudAudit events): an investigator hashes a SecretId and finds both.
 */
export function secretIdFingerprint(secretId: string): string {
  return createHash("sha256").update(secretId, "utf8").digest("hex").slice(0, 16);
}
