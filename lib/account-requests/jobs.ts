import "server-only";
import { registerSweep, sweepInBatches, type JobQueue } from "@/lib/core/queue";
import { findExpiredRequestIds } from "./data";
import { expireRequest } from "./mutations";

/** Undecided requests are swept every five minutes: an expiry is at most that late. */
const EXPIRE_CRON = "*/5 * * * *";

/** Expires every pending request whose decision time has passed, one transaction (and audit event) each. */
export function expireOverdueRequests(now = new Date()): Promise<number> {
  return sweepInBatches(
    (limit) => findExpiredRequestIds(now, limit),
    (id) => expireRequest(id, now),
  );
}

/** Registers the expiry sweep in the worker (scheduled, and once at start). */
export function registerAccountRequestJobs(queue: JobQueue, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  return registerSweep(queue, "account-request.expire", EXPIRE_CRON, () => expireOverdueRequests(), options);
}
