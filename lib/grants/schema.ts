import { z } from "zod";
import { envInteger } from "@/lib/core/validation";
import type { GrantsConfig } from "./types";

/** The settings of the access-grant jobs (docs/access-grants.md). Empty values count as unset. */
export const grantsEnvSchema = z.object({
  /** How often reconciliation compares CIC assignments of catalog roles with the grants (cron rounds it down). */
  ACCESS_RECONCILE_INTERVAL_MINUTES: envInteger(15, 1, 1440),
  /** How long one activation or removal attempt waits for its CIC task before the queue tries again. */
  ACCESS_TASK_TIMEOUT_SECONDS: envInteger(60, 5, 600),
});

export function grantsConfigFromEnv(env: z.infer<typeof grantsEnvSchema>): GrantsConfig {
  return { reconcileIntervalMinutes: env.ACCESS_RECONCILE_INTERVAL_MINUTES, taskTimeoutMs: env.ACCESS_TASK_TIMEOUT_SECONDS * 1000, taskPollMs: 1_000 };
}

/**
 * Reads and validates the access-grant settings from the environment (the worker's by default); the only place
 * this domain reads it. Throws a readable list of problems.
 */
export function readGrantsConfig(source: Record<string, string | undefined> = process.env): GrantsConfig {
  const parsed = grantsEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  return grantsConfigFromEnv(parsed.data);
}
