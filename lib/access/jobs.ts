import "server-only";
import { registerSweep, sweepInBatches, type JobQueue } from "@/lib/core/queue";
import { findOverdueAccessRequestIds } from "./data";
import { expireAccessRequest } from "./mutations";

/** Unreviewed requests are swept every five minutes: an expiry is at most that late. */
const EXPIRE_CRON = "*/5 * * * *";

/** Expires every pending request whose review deadline has passed, one transaction (and audit event) each. */
export function expireOverdueAccessRequests(now = new Date()): Promise<number> {
  return sweepInBatches(
    (limit) => findOverdueAccessRequestIds(now, limit),
    (id) => expireAccessRequest(id, now),
  );
}

/** Registers the expiry sweep in the worker (scheduled, and once at start). */
export function registerAccessRequestJobs(queue: JobQueue, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  return registerSweep(queue, "access-request.expire", EXPIRE_CRON, () => expireOverdueAccessRequests(), options);
}
