import "server-only";
import { db } from "@/lib/core/db";
import { logger } from "@/lib/core/logger";
import type { JobQueue } from "@/lib/core/queue";
import { evaluateTagCompliance } from "./mutations";

/** Daily at 00:20 UTC, so the trend has a point for every day even when no sync or policy change happened. */
export const COMPLIANCE_EVALUATE_CRON = "20 0 * * *";

/**
 * An evaluation rewrites violations and rollups of the whole inventory: at a million resources that takes longer
 * than the app's default 15-second transaction, and it runs in the worker where nobody waits on it.
 */
const EVALUATION_TIMEOUT_MS = 20 * 60_000;

/** Evaluates tag compliance in its own transaction (everything becomes visible at once, or nothing). */
export async function runTagComplianceEvaluation(now: Date = new Date()): Promise<{ resources: number; compliant: number }> {
  return db.$transaction((tx) => evaluateTagCompliance(tx, now), { timeout: EVALUATION_TIMEOUT_MS, maxWait: 60_000 });
}

/** Registers the evaluation job in the worker, its daily schedule, and one run at start (a worker that was down catches up). */
export async function registerComplianceJobs(queue: JobQueue, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.work(
    "compliance.evaluate",
    async (job) => {
      const started = performance.now();
      const result = await runTagComplianceEvaluation();
      logger.info("tag compliance evaluated", { job: job.id, ...result, ms: Math.round(performance.now() - started) });
      return result;
    },
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
  );
  await queue.schedule("compliance.evaluate", COMPLIANCE_EVALUATE_CRON, {});
  await queue.send("compliance.evaluate", {});
}
