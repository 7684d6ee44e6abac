import "server-only";
import { db } from "./db";
import { isDatabaseUnavailable } from "./errors";
import { logger } from "./logger";

export interface HealthReport {
  status: "ok" | "unavailable";
  database: { status: "ok" | "unreachable" | "error"; latencyMs: number };
}

const DATABASE_CHECK_TIMEOUT_MS = 3_000;

/** Checks that the database answers a trivial query within a few seconds. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("ETIMEDOUT: database health check")), DATABASE_CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", database: { status: "ok", latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    logger.error("health check failed", { error: error instanceof Error ? error.message : String(error) });
    return {
      status: "unavailable",
      database: {
        status: isDatabaseUnavailable(error) ? "unreachable" : "error",
        latencyMs: Math.round(performance.now() - started),
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
