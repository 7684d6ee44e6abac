/** The closed set of error codes the portal reports. The browser only ever sees a code and its public message. */
export const APP_ERROR_CODES = {
  VALIDATION: "The input is not valid.",
  UNAUTHENTICATED: "Sign in to continue.",
  FORBIDDEN: "You are not allowed to do this.",
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

/** PostgreSQL/Prisma failures that mean "the database cannot be reached", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String(error.cause ?? "")}` : String(error);
  return /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|Connection terminated|DatabaseNotReachable|database system is (starting up|shutting down)|terminating connection/i.test(
    text,
  );
}

/** Maps any thrown value to an AppError so callers handle exactly one error type. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError("UNAVAILABLE", undefined, {}, { cause: error });
  return new AppError("INTERNAL", undefined, {}, { cause: error });
}
