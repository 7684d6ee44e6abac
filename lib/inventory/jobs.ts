import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { AuditStamp } from "@/lib/core/audit";
import { toAppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { cronEveryMinutes, type JobQueue } from "@/lib/core/queue";
import type { CallRecord, TencentGateway } from "@/lib/tencentcloud/types";
import { isTransientFailure } from "@/lib/tencentcloud/utils";
import { findMembersToRead, findRunningRunId, findRunStatus, hasSucceededRun } from "./data";
import { failMember, failRun, finalizeRun, flushRunCounters, registerRunMembers, stageMember, startOrJoinScheduledRun, type FinalizeResult } from "./mutations";
import { createInventoryCloud, type InventoryCloud } from "./service";
import type { CallCounters, InventoryConfig, MemberRead, OrganizationRead } from "./types";
import { describeSyncFailure } from "./utils";

const SYNC_STAMP: AuditStamp = { actor: { type: "SYSTEM", id: null, label: "job:inventory.sync" } };

/** Counts a run's Tencent API attempts; flushed to the run row in deltas (with each member, and at the end). */
class CallTally {
  private total: CallCounters = { calls: 0, errors: 0, throttled: 0 };
  private flushed: CallCounters = { calls: 0, errors: 0, throttled: 0 };

  record(call: CallRecord) {
    this.total.calls += 1;
    if (call.outcome === "error") this.total.errors += 1;
    if (call.errorCode?.startsWith("RequestLimitExceeded")) this.total.throttled += 1;
  }

  /** What was counted since the last take. */
  take(): CallCounters {
    const delta = { calls: this.total.calls - this.flushed.calls, errors: this.total.errors - this.flushed.errors, throttled: this.total.throttled - this.flushed.throttled };
    this.flushed = { ...this.total };
    return delta;
  }

  /** A delta whose write rolled back is counted again. */
  giveBack(delta: CallCounters) {
    this.flushed = { calls: this.flushed.calls - delta.calls, errors: this.flushed.errors - delta.errors, throttled: this.flushed.throttled - delta.throttled };
  }
}

// The worker's gateway is shared by every job; a call is the sync's when it was made inside the sync's async context.
const currentTally = new AsyncLocalStorage<CallTally>();
const counting = new WeakSet<TencentGateway>();
function countCallsOf(gateway: TencentGateway) {
  if (counting.has(gateway)) return;
  counting.add(gateway);
  gateway.onCall((record) => currentTally.getStore()?.record(record));
}

export interface Attempt {
  /** 0 on the job's first attempt. */
  retryCount: number;
  retryLimit: number;
}

export interface InventorySyncOptions {
  gateway: TencentGateway;
  /** Member accounts read at once. */
  concurrency: number;
  /** The Tencent reads; the real ones over `gateway` unless given. */
  cloud?: InventoryCloud;
  /** The run a "sync now" asked for: nothing is done once it is over. Null/absent: start or resume a run. */
  runId?: string | null;
  attempt?: Attempt;
  clock?: () => Date;
  /** Called after each member is staged (tests: a crash after some members are DONE). */
  afterMemberStaged?: (memberUin: string) => void | Promise<void>;
}

export type InventorySyncOutcome =
  | { runId: string; outcome: "succeeded"; result: FinalizeResult }
  | { runId: string; outcome: "failed"; failure: string }
  /** The run is over (finished by another attempt) or a member is still being read by another attempt. */
  | { runId: string; outcome: "skipped" | "incomplete" };

/**
 * Runs `work` on every item with at most `concurrency` at once. On the first error no new item is started; the
 * running ones finish, then the error is thrown (so nothing keeps writing after the caller gave up).
 */
async function forEachWithLimit<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure) throw failure.error;
}

/**
 * Starts `work` for every item in order, at most `concurrency` at once, and hands out each item's result as a promise
 * (rejections are handled where the promise is awaited). `stop()` starts nothing more and rejects what did not start.
 */
function readAhead<R>(items: string[], concurrency: number, work: (item: string) => Promise<R>) {
  const settle = new Map<string, { resolve: (value: R) => void; reject: (error: unknown) => void }>();
  const results = new Map<string, Promise<R>>();
  for (const item of items) {
    const promise = new Promise<R>((resolve, reject) => settle.set(item, { resolve, reject }));
    promise.catch(() => undefined);
    results.set(item, promise);
  }
  let next = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped && next < items.length) {
      const item = items[next++]!;
      const handle = settle.get(item)!;
      settle.delete(item);
      try {
        handle.resolve(await work(item));
      } catch (error) {
        handle.reject(error);
      }
    }
  };
  for (let index = 0; index < Math.min(concurrency, items.length); index += 1) void lane();
  return {
    get: (item: string) => results.get(item) ?? Promise.reject(new Error(`${item} is not read ahead`)),
    stop() {
      stopped = true;
      for (const handle of settle.values()) handle.reject(new Error("the sync stopped"));
      settle.clear();
    },
  };
}

/** Member transactions in flight at once: enough to keep up with the reads, few enough to leave the pool to others. */
const STAGING_WRITERS = 4;

/** Runs tasks with at most `limit` at once, in the order they asked. */
function createGate(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * One attempt at an inventory sync: starts a run (or resumes the RUNNING one), reads the organization, reads every
 * member not yet DONE (`concurrency` at once; each member's reads and its DONE mark are staged in one transaction),
 * and once every member is DONE or FAILED makes the run visible in one transaction (mutations.ts#finalizeRun).
 *
 * A member whose reads still fail after the gateway's retries is FAILED with its cause and the run goes on. A failure
 * of the whole run (the organization cannot be read, the database is gone) is thrown while the job has retries left
 * and the failure may pass (the run stays RUNNING and the retry resumes it); otherwise the run is FAILED with its
 * cause and the inventory stays as it was.
 */
export async function runInventorySync(options: InventorySyncOptions): Promise<InventorySyncOutcome> {
  const clock = options.clock ?? (() => new Date());
  const attempt = options.attempt ?? { retryCount: 0, retryLimit: 0 };
  const cloud = options.cloud ?? createInventoryCloud(options.gateway);
  countCallsOf(options.gateway);
  const tally = new CallTally();

  return currentTally.run(tally, async () => {
    let runId: string;
    if (options.runId) {
      if ((await findRunStatus(options.runId)) !== "RUNNING") return { runId: options.runId, outcome: "skipped" };
      runId = options.runId;
    } else {
      runId = (await startOrJoinScheduledRun(clock())).runId;
    }

    const giveUpOrRetry = async (error: unknown): Promise<InventorySyncOutcome> => {
      const failure = describeSyncFailure(error);
      if (isTransientFailure(error) && attempt.retryCount < attempt.retryLimit) {
        logger.warn("inventory sync attempt failed; the job retries and resumes the run", { runId, failure, attempt: attempt.retryCount + 1 });
        await flushRunCounters(runId, tally.take()).catch(() => undefined);
        throw error;
      }
      logger.error("inventory sync failed", { runId, failure, cause: String(toAppError(error).cause ?? "") });
      await failRun(runId, failure, tally.take(), SYNC_STAMP, clock());
      return { runId, outcome: "failed", failure };
    };

    let organization: OrganizationRead;
    try {
      organization = await cloud.readOrganization();
      if (!(await registerRunMembers(runId, organization.members.map((member) => member.uin), clock()))) return { runId, outcome: "skipped" };
    } catch (error) {
      return giveUpOrRetry(error);
    }

    // Many members are read at once (they wait on Tencent), but their staging transactions go a few at a time: the
    // worker's connection pool is shared with its other jobs.
    const write = createGate(STAGING_WRITERS);
    const members = new Map(organization.members.map((member) => [member.uin, member] as const));
    const toRead = (await findMembersToRead(runId)).filter((uin) => members.has(uin));
    // The management account's ListNonCompliantResource (20/s for the whole organization) is the bottleneck: it is
    // read ahead, in the members' order, so it never waits on a member's own reads or its staging write.
    const findings = readAhead(toRead, options.concurrency, (uin) => cloud.readFindings(uin));
    try {
      await forEachWithLimit(toRead, options.concurrency, async (uin) => {
        const member = members.get(uin)!;
        let read: MemberRead;
        try {
          read = await cloud.readMember(uin, clock(), findings.get(uin));
        } catch (error) {
          const failure = describeSyncFailure(error);
          logger.warn("inventory sync: member failed", { runId, memberUin: uin, failure });
          const delta = tally.take();
          await write(() => failMember(runId, uin, failure, delta, clock())).catch((writeError: unknown) => {
            tally.giveBack(delta);
            throw writeError;
          });
          return;
        }
        const delta = tally.take();
        try {
          await write(() => stageMember(runId, member, read, delta, clock()));
        } catch (error) {
          tally.giveBack(delta);
          // Another attempt read this member first (or finished the run): its write stands.
          if (toAppError(error).code === "CONFLICT") return;
          throw error;
        }
        await options.afterMemberStaged?.(uin);
      });
    } catch (error) {
      findings.stop();
      return giveUpOrRetry(error);
    }
    findings.stop();

    try {
      const result = await finalizeRun(runId, organization, tally.take(), SYNC_STAMP, clock());
      if (!result) {
        const status = await findRunStatus(runId);
        return { runId, outcome: status === "RUNNING" ? "incomplete" : "skipped" };
      }
      logger.info("inventory sync done", { runId, ...result });
      return { runId, outcome: "succeeded", result };
    } catch (error) {
      return giveUpOrRetry(error);
    }
  });
}

/**
 * Registers the inventory sync in the worker: the handler, the schedule (INVENTORY_SYNC_INTERVAL_MINUTES), and a
 * run at once when no sync ever succeeded (a fresh install, the demo: dashboards get data within minutes) or one
 * was left RUNNING (resumed now rather than at the next schedule).
 */
export async function registerInventoryJobs(queue: JobQueue, settings: { gateway: TencentGateway; config: InventoryConfig }): Promise<void> {
  const { gateway, config } = settings;
  await queue.work("inventory.sync", async (job) => {
    const started = performance.now();
    const outcome = await runInventorySync({
      gateway,
      concurrency: config.concurrency,
      runId: job.data.runId,
      attempt: { retryCount: job.retryCount, retryLimit: job.retryLimit },
    });
    logger.info("inventory sync job done", { job: job.id, runId: outcome.runId, outcome: outcome.outcome, ms: Math.round(performance.now() - started) });
    return { runId: outcome.runId, outcome: outcome.outcome };
  });
  const cron = cronEveryMinutes(config.intervalMinutes);
  await queue.schedule("inventory.sync", cron, { runId: null });
  logger.info("inventory sync on", { cron, intervalMinutes: config.intervalMinutes, concurrency: config.concurrency });
  if (!(await hasSucceededRun()) || (await findRunningRunId())) await queue.send("inventory.sync", { runId: null });
}

/** Without Tencent Cloud nothing can be synced: no schedule is left to queue jobs nobody runs. */
export async function unscheduleInventoryJobs(queue: JobQueue): Promise<void> {
  await queue.unschedule("inventory.sync");
}
