import "server-only";
import { logger } from "@/lib/core/logger";
import type { JobQueue } from "@/lib/core/queue";
import { findExpiredRequestIds } from "./data";
import { expireRequest } from "./mutations";

/** Undecided requests are swept every five minutes: an expiry is at most that late. */
export const EXPIRE_CRON = "*/5 * * * *";
const EXPIRE_BATCH = 500;

/** Expires every pending request whose decision time has passed, one transaction (and audit event) each. */
export async function expireOverdueRequests(now = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const ids = await findExpiredRequestIds(now, EXPIRE_BATCH);
    for (const id of ids) if (await expireRequest(id, now)) expired += 1;
    if (ids.length < EXPIRE_BATCH) return expired;
  }
}

/** Registers the expiry sweep in the worker, and runs it once at start so a worker that was down catches up. */
export async function registerAccountRequestJobs(queue: JobQueue, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.work(
    "account-request.expire",
    async (job) => {
      const expired = await expireOverdueRequests();
      if (expired > 0) logger.info("account requests expired", { job: job.id, expired });
      return { expired };
    },
    options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {},
  );
  await queue.schedule("account-request.expire", EXPIRE_CRON, {});
  await queue.send("account-request.expire", {});
}
