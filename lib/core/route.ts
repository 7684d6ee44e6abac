import "server-only";
import { toAppError, type AppErrorCode } from "./errors";
import { logger } from "./logger";

const STATUS: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  MFA_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/**
 * Wraps a route handler so every failure becomes `{ code, message }` with the matching HTTP status, never a raw
 * error. The handler itself authorizes (requireActor + the domain's ability), like every page and action.
 */
export function routeHandler<Args extends unknown[]>(handler: (request: Request, ...args: Args) => Promise<Response>) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "INTERNAL" || appError.code === "UNAVAILABLE") {
        logger.error("route failed", { url: request.url, code: appError.code, cause: String(appError.cause ?? appError.message) });
      }
      return Response.json({ code: appError.code, message: appError.publicMessage }, { status: STATUS[appError.code] });
    }
  };
}
