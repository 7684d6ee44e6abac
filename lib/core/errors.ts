import { ZodError } from "zod";

/** The closed set of error codes the portal reports. The browser only ever sees a code and its public message. */
export const APP_ERROR_CODES = {
  VALIDATION: "The input is not valid.",
  UNAUTHENTICATED: "Sign in to continue.",
  FORBIDDEN: "You are not allowed to do this.",
  MFA_REQUIRED: "Confirm your identity with MFA to do this.",
  NOT_FOUND: "Not found.",
  CONFLICT: "Someone else changed this first. Reload and try again.",
  RATE_LIMITED: "Too many requests. Try again shortly.",
  UPSTREAM: "Tencent Cloud rejected the request.",
  UNAVAILABLE: "The database is unavailable. Try again shortly.",
  INTERNAL: "Something went wrong.",
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/** Details kept for operators (logs, audit), never sent to the browser unless allow-listed. */
export interface AppErrorDetails {
  /** Tencent Cloud error code, e.g. "FailedOperation.OrganizationMemberNameUsed". */
  tencentCode?: string;
  /** Tencent Cloud RequestId of the failed call. */
  requestId?: string;
  /** Field-level validation messages, safe to show. */
  fieldErrors?: Record<string, string[]>;
}

export class AppError extends Error {
  override readonly name = "AppError";

  constructor(
    readonly code: AppErrorCode,
    /** A message safe to show to the person; defaults to the code's public message. */
    readonly publicMessage: string = APP_ERROR_CODES[code],
    readonly details: AppErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(publicMessage, options);
  }
}

// Prisma's codes and driver-adapter error kinds that mean the server could not be reached or went away.
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1017"]);
const UNREACHABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "DatabaseDoesNotExist"]);
// "timeout exceeded when trying to connect" is node-postgres's pool: no connection could be had in time (a burst
// beyond the pool, or a server that does not answer) — the caller may try again shortly, it is not our bug.
// "… is not queryable" is node-postgres too: the next statement of a transaction whose connection the server ended
// (a PostgreSQL restart between two statements, or before COMMIT).
const UNREACHABLE_MESSAGE =
  /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|Can't reach database server|Connection terminated|database system is (starting up|shutting down)|terminating connection|timeout exceeded when trying to connect|is not queryable/i;

/** PostgreSQL/Prisma failures that mean "the database cannot be reached", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, meta } = error as Error & { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  if (code && UNREACHABLE_PRISMA_CODES.has(code)) return true;
  const kind = meta?.driverAdapterError?.cause?.kind;
  if (kind && UNREACHABLE_ADAPTER_KINDS.has(kind)) return true;
  return UNREACHABLE_MESSAGE.test(`${error.message} ${String(error.cause ?? "")}`);
}

/** A unique constraint refused the write (Prisma P2002): someone else got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Maps any thrown value to an AppError so callers handle exactly one error type. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // Input that failed its schema (a route's query, a job's payload) is the caller's mistake, not ours.
  if (error instanceof ZodError) return new AppError("VALIDATION", undefined, {}, { cause: error });
  if (isDatabaseUnavailable(error)) return new AppError("UNAVAILABLE", undefined, {}, { cause: error });
  return new AppError("INTERNAL", undefined, {}, { cause: error });
}
