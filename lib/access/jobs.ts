import "server-only";
import { logger } from "@/lib/core/logger";
import type { JobQueue } from "@/lib/core/queue";
import { findOverdueAccessRequestIds } from "./data";
import { expireAccessRequest } from "./mutations";

/** Unreviewed requests are swept every five minutes: an expiry is at most that late. */
export const EXPIRE_CRON = "*/5 * * * *";
const EXPIRE_BATCH = 500;

/** Expires every pending request whose review deadline has passed, one transaction (and audit event) each. */
export async function expireOverdueAccessRequests(now = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const ids = await findOverdueAccessRequestIds(now, EXPIRE_BATCH);
    for (const id of ids) if (await expireAccessRequest(id, now)) expired += 1;
    if (ids.length < EXPIRE_BATCH) return expired;
  }
}

/** Registers the expiry sweep in the worker, and runs it once at start so a worker that was down catches up. */
export async function registerAccessRequestJobs(queue: JobQueue, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.work(
    "access-request.expire",
    async (job) => {
      const expired = await expireOverdueAccessRequests();
      if (expired > 0) logger.info("access requests expired", { job: job.id, expired });
      return { expired };
    },
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
  );
  await queue.schedule("access-request.expire", EXPIRE_CRON, {});
  await queue.send("access-request.expire", {});
}
