// The background worker (`npm run worker`): runs the durable jobs of lib/core/queue.ts from PostgreSQL (pg-boss,
// schema "pgboss"). Jobs survive restarts: one that was running when the process died is retried once it expires.
// Signed audit checkpoints need AUDIT_SIGNING_KEY; the CloudAudit import, account provisioning (docs/provisioning.md)
// and just-in-time access grants (docs/access-grants.md) need TENCENTCLOUD_SECRET_ID/KEY.
// Logs are JSON lines. SIGINT/SIGTERM stop it after the running job (up to 30 s; the job is retried otherwise).
// See docs/worker.md.
import { registerAccessRequestJobs } from "@/lib/access/jobs";
import { registerAccountRequestJobs } from "@/lib/account-requests/jobs";
import { registerAuditJobs } from "@/lib/audit/jobs";
import { registerComplianceJobs } from "@/lib/compliance/jobs";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { isDatabaseUnavailable } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { startQueue, type JobQueue, type JobName } from "@/lib/core/queue";
import { registerGrantJobs, unscheduleGrantJobs } from "@/lib/grants/jobs";
import { readGrantsConfig } from "@/lib/grants/schema";
import { registerInventoryJobs, unscheduleInventoryJobs } from "@/lib/inventory/jobs";
import { readInventoryConfig } from "@/lib/inventory/schema";
import { registerNotificationJobs } from "@/lib/notifications/jobs";
import { readNotificationConfig } from "@/lib/notifications/schema";
import { registerProvisioningJobs } from "@/lib/provisioning/jobs";
import { readProvisioningConfig } from "@/lib/provisioning/schema";
import { registerRoleCatalogJobs } from "@/lib/role-catalog/jobs";
import { readTencentSettings } from "@/lib/tencentcloud/schema";
import { createTencentGateway } from "@/lib/tencentcloud/service";
import type { TencentGateway } from "@/lib/tencentcloud/types";

const STOP_TIMEOUT_MS = 30_000;

/** A gateway when Tencent credentials are configured; exits on a configuration that is present but invalid. */
function gatewayFromEnvironment(): TencentGateway | undefined {
  const settings = readTencentSettings();
  if (settings.status === "unset") return undefined;
  if (settings.status === "invalid") {
    for (const { variable, problem } of settings.problems) logger.error("invalid Tencent Cloud configuration", { variable, problem });
    process.exit(2);
  }
  const { config } = settings;
  logger.info("tencent cloud gateway configured", {
    target: config.emulator ? `emulator on 127.0.0.1:${config.emulator.port}` : `${config.site} site`,
    region: config.region,
    portalRole: config.portalRole?.roleArn ?? null,
  });
  return createTencentGateway(config);
}

let queue: JobQueue | undefined;
let stoppingOn: NodeJS.Signals | undefined;

async function stop(signal: NodeJS.Signals) {
  // Ctrl-C reaches a launcher's whole process group and the launcher then sends SIGTERM too: that pair is one stop.
  // The same signal again (Ctrl-C twice) means "now".
  if (stoppingOn) {
    if (signal !== stoppingOn) return;
    logger.warn("second signal: exiting without waiting for running jobs", { signal });
    process.exit(1);
  }
  stoppingOn = signal;
  logger.info("worker stopping", { signal, waitSeconds: STOP_TIMEOUT_MS / 1000 });
  try {
    await queue?.stop(STOP_TIMEOUT_MS);
    await db.$disconnect();
    logger.info("worker stopped");
    process.exit(0);
  } catch (error) {
    logger.error("worker did not stop cleanly", { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
process.on("SIGINT", (signal) => void stop(signal));
// pg-boss records a job's completion or failure without awaiting it. When the database is gone at that moment (a
// PostgreSQL restart while a job ran), the job stays active and is retried once it expires, and pg-boss's loops
// reconnect by themselves: keep running, or a restart of PostgreSQL would need a restart of the worker too
// (scripts/resilience/database-restart.resilience.test.ts). Anything else is a bug: log it as JSON and exit
// non-zero so the supervisor restarts the worker.
process.on("unhandledRejection", (reason) => {
  const error = reason instanceof Error ? reason.message : String(reason);
  if (isDatabaseUnavailable(reason)) {
    logger.warn("job state not recorded: the database is unavailable; the job is retried once it expires", { error });
    return;
  }
  logger.error("worker crashed", { error });
  process.exit(1);
});
process.on("SIGTERM", (signal) => void stop(signal));

try {
  const gateway = gatewayFromEnvironment();
  queue = await startQueue({ worker: true });
  const enabled = await registerAuditJobs(queue, {
    signingKey: env.AUDIT_SIGNING_KEY,
    checkpointIntervalMinutes: env.AUDIT_CHECKPOINT_INTERVAL_MINUTES,
    gateway,
  });
  // Notifications (docs/notifications.md): a malformed setting stops the start with a message naming the variable.
  enabled.push(...(await registerNotificationJobs(queue, readNotificationConfig())));
  // Undecided account and access requests expire on their deadlines, Tencent or not.
  await registerAccountRequestJobs(queue);
  await registerAccessRequestJobs(queue);
  // Tag compliance (docs/tag-compliance.md): after tag policy changes and daily, from the inventory in the database.
  await registerComplianceJobs(queue);
  const jobs: JobName[] = [...enabled, "account-request.expire", "access-request.expire", "compliance.evaluate"];
  if (gateway) {
    let config;
    try {
      config = readProvisioningConfig();
    } catch (error) {
      logger.error("invalid provisioning configuration", { problem: error instanceof Error ? error.message : String(error) });
      process.exit(2);
    }
    await registerProvisioningJobs(queue, { gateway, config });
    jobs.push("account-request.provision");
    // Catalog roles become CIC role configurations (docs/role-catalog.md).
    await registerRoleCatalogJobs(queue, { gateway });
    jobs.push("role-catalog.provision");
    // Just-in-time access: grants activated and removed, the minute sweep, reconciliation (docs/access-grants.md).
    let grantsConfig;
    try {
      grantsConfig = readGrantsConfig();
    } catch (error) {
      logger.error("invalid access-grant configuration", { problem: error instanceof Error ? error.message : String(error) });
      process.exit(2);
    }
    await registerGrantJobs(queue, { gateway, config: grantsConfig });
    jobs.push("access.activate", "access.remove", "access.sweep", "access.reconcile");
    // The inventory mirror of the organization (docs/inventory.md): scheduled, "sync now", and once at start when
    // no sync ever succeeded, so a fresh install (the demo) has data on its dashboards within minutes.
    let inventoryConfig;
    try {
      inventoryConfig = readInventoryConfig();
    } catch (error) {
      logger.error("invalid inventory configuration", { problem: error instanceof Error ? error.message : String(error) });
      process.exit(2);
    }
    await registerInventoryJobs(queue, { gateway, config: inventoryConfig });
    jobs.push("inventory.sync");
  } else {
    logger.warn("account provisioning off: Tencent Cloud credentials (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY) are not set");
    // Approved access cannot be granted or removed without Tencent Cloud: no sweep or reconciliation schedule is left
    // to queue jobs nobody runs.
    await unscheduleGrantJobs(queue);
    await unscheduleInventoryJobs(queue);
    logger.warn("just-in-time access off: approved grants stay SCHEDULED until a worker with Tencent Cloud credentials runs");
  }
  logger.info("worker started", { pid: process.pid, jobs });
  if (jobs.length === 0) logger.warn("no job is configured: the worker idles (see docs/worker.md)");
} catch (error) {
  logger.error("worker failed to start", { error: error instanceof Error ? error.message : String(error) });
  await queue?.stop(1_000).catch(() => undefined);
  await db.$disconnect();
  process.exit(1);
}
