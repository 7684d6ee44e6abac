import { z } from "zod";
import type { GrantsConfig } from "./types";

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

const integer = (fallback: number, min: number, max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number")
      .default(String(fallback))
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
  );

/** The settings of the access-grant jobs (docs/access-grants.md). Empty values count as unset. */
export const grantsEnvSchema = z.object({
  /** How often reconciliation compares CIC assignments of catalog roles with the grants (cron rounds it down). */
  ACCESS_RECONCILE_INTERVAL_MINUTES: integer(15, 1, 1440),
  /** How long one activation or removal attempt waits for its CIC task before the queue tries again. */
  ACCESS_TASK_TIMEOUT_SECONDS: integer(60, 5, 600),
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
