import "server-only";
import type { KeyObject } from "node:crypto";
import { logger } from "@/lib/core/logger";
import { cronEveryMinutes, type JobQueue, type JobName } from "@/lib/core/queue";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { importCloudAuditEvents } from "./cloudaudit";
import { createCheckpoint } from "./mutations";

/** CloudAudit is pulled every 15 minutes, UTC-aligned: well inside its 7-day search window, cheap when quiet. */
export const CLOUDAUDIT_IMPORT_CRON = "*/15 * * * *";

export interface AuditJobSettings {
  /** AUDIT_SIGNING_KEY; without it no checkpoints are signed. */
  signingKey?: KeyObject;
  /** AUDIT_CHECKPOINT_INTERVAL_MINUTES. */
  checkpointIntervalMinutes: number;
  /** A gateway with the portal's Tencent credentials; without it CloudAudit is not imported. */
  gateway?: TencentGateway;
  /** Seconds between polls for new jobs (pg-boss default 2). */
  pollingIntervalSeconds?: number;
}

/**
 * Registers the audit jobs in the worker: schedules and handlers for those that are configured, and removes the
 * schedules of those that are not (a schedule left behind would queue jobs nobody runs). Queues one run of each
 * enabled job at once, so a worker that was down catches up without waiting for the next schedule.
 * Returns the names of the enabled jobs.
 */
export async function registerAuditJobs(queue: JobQueue, settings: AuditJobSettings): Promise<JobName[]> {
  const enabled: JobName[] = [];
  const workOptions = settings.pollingIntervalSeconds ? { pollingIntervalSeconds: settings.pollingIntervalSeconds } : {};

  const { signingKey, gateway } = settings;
  if (signingKey) {
    const cron = cronEveryMinutes(settings.checkpointIntervalMinutes);
    await queue.work(
      "audit.checkpoint",
      async (job) => {
        const checkpoint = await createCheckpoint(signingKey);
        if (checkpoint) logger.info("audit checkpoint signed", { job: job.id, seq: String(checkpoint.seq), keyId: checkpoint.keyId });
        else logger.info("audit checkpoint skipped: no event since the last checkpoint", { job: job.id });
        return { seq: checkpoint ? String(checkpoint.seq) : null };
      },
      workOptions,
    );
    await queue.schedule("audit.checkpoint", cron, {});
    logger.info("audit checkpoints on", { cron, intervalMinutes: settings.checkpointIntervalMinutes });
    enabled.push("audit.checkpoint");
  } else {
    await queue.unschedule("audit.checkpoint");
    logger.warn("audit checkpoints off: AUDIT_SIGNING_KEY is not set, so the chain head is never signed (see README)");
  }

  if (gateway) {
    await queue.work(
      "audit.import-cloudaudit",
      async (job) => {
        const started = performance.now();
        const result = await importCloudAuditEvents({ gateway, requestedBy: job.data.requestedBy });
        logger.info("cloudaudit import done", {
          job: job.id,
          attempt: job.retryCount + 1,
          accounts: result.accounts.length,
          failedAccounts: result.failures.map((failure) => `${failure.uin}:${failure.tencentCode ?? failure.code}`),
          stored: result.stored,
          duplicates: result.duplicates,
          importEventSeq: result.importEventSeq,
          ms: Math.round(performance.now() - started),
        });
        // Anchor freshly imported history without waiting for the next scheduled checkpoint.
        if (signingKey && result.stored > 0) await queue.send("audit.checkpoint", {});
        return { stored: result.stored, duplicates: result.duplicates, failures: result.failures.length };
      },
      workOptions,
    );
    await queue.schedule("audit.import-cloudaudit", CLOUDAUDIT_IMPORT_CRON, { requestedBy: null });
    logger.info("cloudaudit import on", { cron: CLOUDAUDIT_IMPORT_CRON });
    enabled.push("audit.import-cloudaudit");
  } else {
    await queue.unschedule("audit.import-cloudaudit");
    logger.warn("cloudaudit import off: Tencent Cloud credentials (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY) are not set");
  }

  for (const name of enabled) await queue.send(name, {});
  return enabled;
}
