import "server-only";
import PgBoss from "pg-boss";
import { z } from "zod";
import { env } from "./env";
import { isDatabaseUnavailable } from "./errors";
import type { Prisma } from "./generated/prisma/client";
import { SessionLeases } from "./leases";
import { logger } from "./logger";

/** pg-boss keeps its tables in their own schema, apart from the Prisma-managed ones. */
const QUEUE_SCHEMA = "pgboss";

/**
 * The closed set of background jobs: name → payload schema and queue settings. A new job is added here first,
 * so senders and the worker agree on names and payloads at compile time. Queue settings are defaults that a
 * `send` may override per job.
 *
 * Policy "short": at most one job *waits* per queue, so a burst of sends (a schedule plus button presses, or a
 * schedule that fired while the worker was down) collapses into one run; `send` then returns null.
 * retryBackoff doubles retryDelay (seconds) with jitter on each attempt; expireInSeconds bounds one attempt, after
 * which it counts as failed and is retried. A job whose worker died mid-run is retried once it expires — or, when
 * it is `leased`, within seconds: a running leased job holds a lease on its id (lib/core/leases.ts), and every
 * worker's reaper fails active leased jobs nobody holds (see startQueue).
 */
export const JOBS = {
  /** Signs the head of the audit chain (lib/audit/jobs.ts). */
  "audit.checkpoint": {
    payload: z.object({}),
    queue: { policy: "short", retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /** Pulls CloudAudit LookUpEvents of every account into the audit history (lib/audit/cloudaudit.ts). */
  "audit.import-cloudaudit": {
    payload: z.object({
      /** Who asked for it: an email for an on-demand run, null for the schedule. */
      requestedBy: z.string().nullable().default(null),
    }),
    queue: { policy: "short", retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  },
  /**
   * Provisions one approved account request, step by step (lib/provisioning/jobs.ts). Policy "stately" with the
   * request id as singletonKey (see enqueueProvisioning): at most one run per request waits and one runs, so two
   * workers never provision the same request at once. Steps are idempotent, so a retried run resumes.
   */
  "account-request.provision": {
    payload: z.object({ requestId: z.string().min(1) }),
    queue: { policy: "stately", retryLimit: 8, retryDelay: 10, retryBackoff: true, expireInSeconds: 15 * 60 },
  },
  /**
   * Creates or updates the CIC role configuration of a catalog role's version in force (lib/role-catalog/jobs.ts).
   * Stately with the role id as singletonKey: one run per role waits and one runs; every step is idempotent.
   */
  "role-catalog.provision": {
    payload: z.object({ roleId: z.string().min(1) }),
    queue: { policy: "stately", retryLimit: 6, retryDelay: 10, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /** Expires submitted requests nobody decided in time (lib/account-requests/jobs.ts). */
  "account-request.expire": {
    payload: z.object({}),
    queue: { policy: "short", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /**
   * Gives one approved grant its CIC role assignment once its start is due (lib/grants/jobs.ts). Stately with the
   * grant id as singletonKey; the job compares-and-sets the grant, so a duplicate or late run does nothing.
   */
  "access.activate": {
    payload: z.object({ grantId: z.string().min(1) }),
    queue: { policy: "stately", retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 5 * 60 },
    leased: true,
  },
  /** Removes one grant's CIC role assignment at expiry or on revocation (lib/grants/jobs.ts). Stately per grant. */
  "access.remove": {
    payload: z.object({ grantId: z.string().min(1) }),
    queue: { policy: "stately", retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 5 * 60 },
    // Access must not outlive its grant by a dead worker's five-minute expiry.
    leased: true,
  },
  /**
   * Every minute: activates due grants, removes expired ones, warns 15 minutes before expiry, and retries removals
   * that keep failing (lib/grants/jobs.ts). The per-grant jobs are exact; this is the safety net under them.
   */
  "access.sweep": {
    payload: z.object({}),
    queue: { policy: "short", retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /** Compares CIC assignments of catalog roles with the grants that explain them and removes the rest. */
  "access.reconcile": {
    payload: z.object({}),
    queue: { policy: "short", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  },
  /** Expires access requests nobody reviewed in time (lib/access/jobs.ts). */
  "access-request.expire": {
    payload: z.object({}),
    queue: { policy: "short", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /**
   * Who hears about an access event, one delivery job per recipient and channel (lib/notifications). Sent in the
   * transaction that made the event happen. `grantId` names the grant for grant events.
   */
  "notification.access": {
    payload: z.object({
      topic: z.enum([
        "access-request.awaiting-review",
        "access-request.decided",
        "access-request.break-glass",
        "access-grant.active",
        "access-grant.expiring",
        "access-grant.removed",
        "access-grant.failed",
      ]),
      requestId: z.string().min(1),
      grantId: z.string().min(1).nullable().default(null),
    }),
    queue: { policy: "standard", retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /**
   * Works out who hears about an event and queues one delivery per recipient and channel (lib/notifications).
   * Sent in the transaction that made the event happen, so a committed transition always notifies.
   */
  "notification.dispatch": {
    payload: z.object({
      topic: z.enum(["account-request.awaiting-approval", "account-request.decided", "account-request.ready", "account-request.failed"]),
      requestId: z.string().min(1),
    }),
    queue: { policy: "standard", retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /** One email to one recipient over SMTP; retried on its own, so one bad address does not hold up the others. */
  "notification.email": {
    payload: z.object({ to: z.email(), subject: z.string().min(1), text: z.string(), html: z.string() }),
    queue: { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 2 * 60 },
  },
  /** One signed POST to one configured webhook (by name; its URL and secret stay in the environment). */
  "notification.webhook": {
    payload: z.object({ webhook: z.string().min(1), body: z.string() }),
    queue: { policy: "standard", retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 2 * 60 },
  },
  /**
   * Re-evaluates tag compliance of the whole inventory against the tag policy in force, in one transaction
   * (lib/compliance/jobs.ts): after a tag policy version is published, and daily so the trend has a point per day.
   * Short: a burst of publishes collapses into one run.
   */
  "compliance.evaluate": {
    payload: z.object({}),
    queue: { policy: "short", retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  },
  /**
   * Mirrors the organization (units, members, tagged resources, tag-policy findings, CAM activity) into the
   * inventory (lib/inventory/jobs.ts): on a schedule and on "sync now". `runId` names the run a "sync now" started
   * or joined (the job does nothing once that run is over); null (the schedule) starts a run or resumes the running
   * one. Stately: one runs and one waits. A crashed attempt expires and is retried, resuming the run where it
   * stopped (members already read are skipped); the expiry is long enough for a large organization at Tencent's pace.
   */
  "inventory.sync": {
    payload: z.object({ runId: z.string().min(1).nullable().default(null) }),
    queue: { policy: "stately", retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 2 * 60 * 60 },
    // One runs at a time: a dead worker's job would block every sync until it expired, two hours later.
    leased: true,
  },
} as const satisfies Record<string, { payload: z.ZodType<object>; queue: Omit<PgBoss.Queue, "name">; leased?: boolean }>;

export type JobName = keyof typeof JOBS;
/** What a sender passes (defaults may be omitted). */
export type JobInput<N extends JobName> = z.input<(typeof JOBS)[N]["payload"]>;
/** What a handler receives (defaults filled in). */
export type JobData<N extends JobName> = z.output<(typeof JOBS)[N]["payload"]>;
export type SendOptions = Pick<PgBoss.SendOptions, "id" | "retryLimit" | "retryDelay" | "retryBackoff" | "expireInSeconds" | "startAfter" | "singletonKey" | "singletonSeconds">;
export interface JobContext<N extends JobName> {
  id: string;
  name: N;
  data: JobData<N>;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

export interface JobQueue {
  /**
   * Enqueues a job; durable once this resolves. Call it after the transaction that decided on the job has
   * committed, so a job never refers to a change that rolled back. Null when the queue's policy merged it with a
   * job already waiting.
   */
  send<N extends JobName>(name: N, data: JobInput<N>, options?: SendOptions): Promise<string | null>;
  /** Enqueues the job on a cron schedule (UTC), stored in the database: one schedule per job name. */
  schedule<N extends JobName>(name: N, cron: string, data: JobInput<N>): Promise<void>;
  unschedule(name: JobName): Promise<void>;
  /**
   * Runs the handler for each job; a throw fails the attempt (retried per the queue). `concurrency` jobs of this
   * name run at once in this process (default 1), for jobs that mostly wait on the network.
   */
  work<N extends JobName>(name: N, handler: (job: JobContext<N>) => Promise<unknown>, options?: { pollingIntervalSeconds?: number; concurrency?: number }): Promise<void>;
  /** Stops fetching, waits up to `timeoutMs` for running jobs, fails those still running (they are retried), and closes the pool. */
  stop(timeoutMs?: number): Promise<void>;
  /** The pg-boss instance, for inspection (tests, operators' scripts). */
  readonly boss: PgBoss;
}

/** Advisory-lock namespace of the leased jobs' leases (provisioning's request leases use 7_351_973). */
const JOB_LEASE_NAMESPACE = 7_351_974;
const LEASED_JOBS = Object.entries(JOBS)
  .filter(([, definition]) => "leased" in definition && definition.leased)
  .map(([name]) => name);
/** How often each worker looks for leased jobs whose worker died (and once at start). */
const REAPER_INTERVAL_MS = 15_000;

/**
 * Active leased jobs fetched more than `graceSeconds` ago whose lease nobody holds: the worker running them died
 * (PostgreSQL drops a session's advisory locks with the session). Fetching to leasing takes milliseconds.
 */
const ORPHANED_JOBS_SQL = `
  SELECT j.name, j.id::text AS id
  FROM ${QUEUE_SCHEMA}.job j
  WHERE j.name = ANY($1::text[])
    AND j.state = 'active'
    AND j.started_on < now() - make_interval(secs => $2)
    AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.classid = $3::int4::oid
        AND l.objid = pg_catalog.hashtext(j.id::text)::oid
    )`;

/**
 * Starts a queue on DATABASE_URL. `worker: true` also runs pg-boss's maintenance (expiry, retention) and its cron
 * scheduler, and the reaper of leased jobs: do that in the worker process only. Creates the schema and the queues of
 * JOBS when missing, and applies their settings. `orphanGraceSeconds` (default 10) is for tests.
 */
export async function startQueue(options: { worker: boolean; connectionString?: string; orphanGraceSeconds?: number }): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.connectionString ?? env.DATABASE_URL,
    schema: QUEUE_SCHEMA,
    application_name: options.worker ? "lattice-worker" : "lattice-queue",
    max: options.worker ? 4 : 2,
    supervise: options.worker,
    schedule: options.worker,
  });
  // Without a listener an "error" event would crash the process; pg-boss reports fetch and maintenance errors here.
  let stopping = false;
  boss.on("error", (error: Error & { queue?: string }) => {
    // Stopping with the database (Ctrl-C reaches an embedded PostgreSQL too): its closed connections are expected.
    if (stopping && isDatabaseUnavailable(error)) logger.info("queue connection closed while stopping", { queue: error.queue, error: error.message });
    else logger.error("queue error", { queue: error.queue, error: error.message });
  });
  await boss.start();
  for (const [name, definition] of Object.entries(JOBS)) {
    await boss.createQueue(name, { name, ...definition.queue });
    // createQueue keeps an existing queue as it was; this applies changed retry settings.
    await boss.updateQueue(name, { name, ...definition.queue });
  }

  const leases = options.worker ? new SessionLeases(JOB_LEASE_NAMESPACE, "lattice-job-leases", options.connectionString ?? env.DATABASE_URL) : undefined;
  let reaper: NodeJS.Timeout | undefined;
  if (leases) {
    const reap = async () => {
      try {
        // After a PostgreSQL restart, this worker's running jobs take their leases again before anyone judges them.
        await leases.reacquireLost();
        const { rows } = await boss.getDb().executeSql(ORPHANED_JOBS_SQL, [LEASED_JOBS, options.orphanGraceSeconds ?? 10, JOB_LEASE_NAMESPACE]);
        for (const job of rows as { name: string; id: string }[]) {
          await boss.fail(job.name, job.id, { message: "orphaned: the worker running it stopped (lease released)" });
          logger.warn("job orphaned by a stopped worker: failed so it is retried now", { queue: job.name, job: job.id });
        }
      } catch (error) {
        logger.error("job reaper failed", { error: error instanceof Error ? error.message : String(error) });
      }
    };
    let reaping = Promise.resolve();
    const tick = () => (reaping = reaping.then(reap));
    void tick();
    reaper = setInterval(() => void tick(), REAPER_INTERVAL_MS);
    reaper.unref();
  }

  return {
    boss,
    async send(name, data, sendOptions = {}) {
      return boss.send(name, JOBS[name].payload.parse(data), sendOptions);
    },
    async schedule(name, cron, data) {
      await boss.schedule(name, cron, JOBS[name].payload.parse(data), { tz: "UTC" });
    },
    unschedule: (name) => boss.unschedule(name),
    async work(name, handler, { concurrency = 1, pollingIntervalSeconds } = {}) {
      // pg-boss rejects an explicit undefined interval: pass it only when set.
      const polling = pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds };
      // Each pg-boss worker fetches and runs one job at a time; several workers on one queue run side by side.
      for (let index = 0; index < concurrency; index += 1) {
        await boss.work<unknown>(name, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
          if (!job) return;
          const data = JOBS[name].payload.parse(job.data) as JobData<typeof name>;
          const run = () => handler({ id: job.id, name, data, retryCount: job.retryCount, retryLimit: job.retryLimit });
          if (!leases || !LEASED_JOBS.includes(name)) return run();
          // The proof that a live worker runs it (a job id is leased once, so this succeeds).
          await leases.acquire(job.id);
          try {
            return await run();
          } finally {
            await leases.release(job.id).catch(() => undefined);
          }
        });
      }
    },
    async stop(timeoutMs = 30_000) {
      stopping = true;
      clearInterval(reaper);
      await boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
      await leases?.close();
    },
  };
}

// One sending queue per process (the Next server); Next's dev server re-evaluates modules, so keep it on globalThis.
const globalForQueue = globalThis as unknown as { latticeQueue?: Promise<JobQueue> };

/** The process's sending queue, started on first use. It runs no maintenance, schedules or workers. */
export function getQueue(): Promise<JobQueue> {
  globalForQueue.latticeQueue ??= startQueue({ worker: false }).catch((error: unknown) => {
    globalForQueue.latticeQueue = undefined;
    throw error;
  });
  return globalForQueue.latticeQueue;
}

/** Enqueues a job from anywhere in the app, after the deciding transaction committed (see JobQueue.send). */
export async function sendJob<N extends JobName>(name: N, data: JobInput<N>, options?: SendOptions): Promise<string | null> {
  return (await getQueue()).send(name, data, options);
}

/**
 * Enqueues a job inside the caller's Prisma transaction (pg-boss writes its row through `tx`): the job exists if
 * and only if the transaction commits, and no worker sees it before then. Prefer this to sendJob for jobs that a
 * state change promises (provisioning, notifications), so a crash between commit and send loses nothing.
 */
export async function sendJobInTransaction<N extends JobName>(
  tx: Prisma.TransactionClient,
  name: N,
  data: JobInput<N>,
  options: SendOptions = {},
): Promise<string | null> {
  const queue = await getQueue();
  const db = {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
  return queue.boss.send(name, JOBS[name].payload.parse(data), { ...options, db });
}

/**
 * A cron expression that fires at least every `minutes` minutes, aligned on the UTC clock. Cron can only divide an
 * hour or a day evenly, so other intervals round down to the nearest one that can (45 → every 30 minutes,
 * 90 → hourly): a job never waits longer than asked.
 */
export function cronEveryMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new Error(`an interval of 1–1440 minutes, got ${minutes}`);
  if (minutes < 60) {
    const step = [30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1].find((divisor) => divisor <= minutes) ?? 1;
    return step === 1 ? "* * * * *" : `*/${step} * * * *`;
  }
  const hours = [24, 12, 8, 6, 4, 3, 2, 1].find((divisor) => divisor * 60 <= minutes) ?? 1;
  if (hours === 24) return "0 0 * * *";
  return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
}

/** Jobs whose payload is empty: schedules and sweeps. */
type SweepJobName = { [N in JobName]: JobInput<N> extends Record<string, never> ? N : never }[JobName];

/**
 * Registers a sweep: a job that applies `sweep` to whatever is due (it returns how many it changed), on a cron
 * schedule and once at start, so a worker that was down catches up.
 */
export async function registerSweep(queue: JobQueue, name: SweepJobName, cron: string, sweep: () => Promise<number>, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await queue.work(
    name,
    async (job) => {
      const changed = await sweep();
      if (changed > 0) logger.info("sweep done", { job: job.id, name, changed });
      return { changed };
    },
    { pollingIntervalSeconds: options.pollingIntervalSeconds },
  );
  await queue.schedule(name, cron, {});
  await queue.send(name, {});
}

/** Applies `apply` to every id `find` returns, a batch at a time, until a batch comes back short; how many it applied. */
export async function sweepInBatches(find: (limit: number) => Promise<string[]>, apply: (id: string) => Promise<boolean>, batch = 500): Promise<number> {
  let applied = 0;
  for (;;) {
    const ids = await find(batch);
    for (const id of ids) if (await apply(id)) applied += 1;
    if (ids.length < batch) return applied;
  }
}
