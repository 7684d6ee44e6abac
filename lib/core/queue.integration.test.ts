import { afterEach, describe, expect, it } from "vitest";
import { db } from "./db";
import { waitFor } from "./testing/wait-for";
import { cronEveryMinutes, getQueue, JOBS, sendJobInTransaction, startQueue, type JobContext, type JobQueue } from "./queue";

const FAST = { pollingIntervalSeconds: 0.5 };
/** Retries at once, so a test does not wait for the production backoff. */
const RETRY_NOW = { retryDelay: 0, retryBackoff: false };

const started: JobQueue[] = [];
async function start(worker = true) {
  const queue = await startQueue({ worker });
  started.push(queue);
  return queue;
}

afterEach(async () => {
  for (const queue of started.splice(0)) await queue.stop(1_000);
});

async function jobState(queue: JobQueue, name: keyof typeof JOBS, id: string) {
  return (await queue.boss.getJobById(name, id))?.state;
}

describe("the job queue", () => {
  it("accepts options left undefined by a caller (pg-boss itself refuses an undefined polling interval)", async () => {
    const queue = await start();
    await expect(queue.work("audit.checkpoint", async () => undefined, { pollingIntervalSeconds: undefined, concurrency: 2 })).resolves.toBeUndefined();
  });

  it("runs a job sent with send in a worker, with its typed payload, and completes it", async () => {
    const queue = await start();
    const seen: JobContext<"audit.import-cloudaudit">[] = [];
    await queue.work("audit.import-cloudaudit", async (job) => void seen.push(job), FAST);

    const id = await queue.send("audit.import-cloudaudit", { requestedBy: "alice@example.com" });
    expect(id).toEqual(expect.any(String));
    await waitFor("completion", async () => (await jobState(queue, "audit.import-cloudaudit", id!)) === "completed");
    expect(seen).toEqual([expect.objectContaining({ id, data: { requestedBy: "alice@example.com" }, retryCount: 0 })]);
  });

  it("fills payload defaults and refuses a payload that does not match the job", async () => {
    const queue = await start();
    const seen: unknown[] = [];
    await queue.work("audit.import-cloudaudit", async (job) => void seen.push(job.data), FAST);
    await queue.send("audit.import-cloudaudit", {});
    await waitFor("the job", async () => seen.length === 1);
    expect(seen).toEqual([{ requestedBy: null }]);
    // @ts-expect-error -- a number is not an email; the type forbids it and so does the runtime check
    await expect(queue.send("audit.import-cloudaudit", { requestedBy: 5 })).rejects.toThrow();
  });

  it("retries a failed attempt and completes it on the next", async () => {
    const queue = await start();
    const attempts: number[] = [];
    await queue.work(
      "audit.checkpoint",
      async (job) => {
        attempts.push(job.retryCount);
        if (job.retryCount === 0) throw new Error("the first attempt fails");
      },
      FAST,
    );
    const id = (await queue.send("audit.checkpoint", {}, RETRY_NOW))!;
    await waitFor("completion after a retry", async () => (await jobState(queue, "audit.checkpoint", id)) === "completed");
    expect(attempts).toEqual([0, 1]);
    const job = await queue.boss.getJobById("audit.checkpoint", id);
    expect(job).toMatchObject({ retryCount: 1, state: "completed" });
  });

  it("gives up after retryLimit retries and marks the job failed with the error", async () => {
    const queue = await start();
    let attempts = 0;
    await queue.work(
      "audit.checkpoint",
      async () => {
        attempts += 1;
        throw new Error("always broken");
      },
      FAST,
    );
    const id = (await queue.send("audit.checkpoint", {}, { ...RETRY_NOW, retryLimit: 2 }))!;
    const job = await waitFor("failure", async () => {
      const found = await queue.boss.getJobById("audit.checkpoint", id);
      return found?.state === "failed" ? found : null;
    });
    expect(attempts).toBe(3);
    expect(job.output).toMatchObject({ message: "always broken" });
  });

  it("gives every job its queue's retry and expiry settings unless the sender overrides them", async () => {
    const queue = await start(false);
    const id = (await queue.send("audit.import-cloudaudit", {}))!;
    const job = await queue.boss.getJobById("audit.import-cloudaudit", id);
    const settings = JOBS["audit.import-cloudaudit"].queue;
    expect(job).toMatchObject({ retryLimit: settings.retryLimit, retryDelay: settings.retryDelay, retryBackoff: true, policy: "short" });
    expect(job?.expireIn).toMatchObject({ minutes: settings.expireInSeconds / 60 });
  });

  it("keeps at most one waiting job per queue: a second send while one waits is merged", async () => {
    const queue = await start(false);
    await queue.boss.purgeQueue("audit.checkpoint");
    expect(await queue.send("audit.checkpoint", {})).toEqual(expect.any(String));
    expect(await queue.send("audit.checkpoint", {})).toBeNull();
    await queue.boss.purgeQueue("audit.checkpoint");
  });

  it("keeps a job sent while no worker runs, and a worker started later runs it (jobs are durable)", async () => {
    const sender = await start(false);
    await sender.boss.purgeQueue("audit.import-cloudaudit");
    const id = (await sender.send("audit.import-cloudaudit", { requestedBy: "bob@example.com" }))!;
    await sender.stop(1_000);

    const worker = await start();
    const seen: string[] = [];
    await worker.work("audit.import-cloudaudit", async (job) => void seen.push(job.id), FAST);
    await waitFor("the earlier job", async () => (await jobState(worker, "audit.import-cloudaudit", id)) === "completed");
    expect(seen).toEqual([id]);
  });

  it("lets a running job finish when stopped gracefully", async () => {
    const queue = await start();
    let finished = false;
    let running = false;
    await queue.work(
      "audit.checkpoint",
      async () => {
        running = true;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        finished = true;
      },
      FAST,
    );
    const id = (await queue.send("audit.checkpoint", {}))!;
    await waitFor("the job to start", async () => running);
    await queue.stop(10_000);
    expect(finished).toBe(true);

    const observer = await start(false);
    expect(await jobState(observer, "audit.checkpoint", id)).toBe("completed");
  });

  it("enqueues inside a transaction: the job exists only if the transaction commits", async () => {
    const queue = await getQueue();
    const committed = await db.$transaction((tx) => sendJobInTransaction(tx, "account-request.provision", { requestId: "req_committed" }, { singletonKey: "req_committed" }));
    expect(committed).toEqual(expect.any(String));
    expect((await queue.boss.getJobById("account-request.provision", committed!))?.data).toEqual({ requestId: "req_committed" });

    let rolledBack: string | null = null;
    await expect(
      db.$transaction(async (tx) => {
        rolledBack = await sendJobInTransaction(tx, "account-request.provision", { requestId: "req_rolled_back" }, { singletonKey: "req_rolled_back" });
        throw new Error("the transition failed");
      }),
    ).rejects.toThrow("the transition failed");
    expect(rolledBack).toEqual(expect.any(String));
    expect(await queue.boss.getJobById("account-request.provision", rolledBack!)).toBeNull();

    // "stately" with the request as key: a second run for the same request is merged while one waits.
    const again = await db.$transaction((tx) => sendJobInTransaction(tx, "account-request.provision", { requestId: "req_committed" }, { singletonKey: "req_committed" }));
    expect(again).toBeNull();
    await queue.stop(1_000);
  });

  it("stores cron schedules per job, and unschedule removes them", async () => {
    const queue = await start();
    await queue.schedule("audit.import-cloudaudit", "*/15 * * * *", { requestedBy: null });
    expect(await queue.boss.getSchedules()).toEqual([
      expect.objectContaining({ name: "audit.import-cloudaudit", cron: "*/15 * * * *", data: { requestedBy: null } }),
    ]);
    await queue.unschedule("audit.import-cloudaudit");
    expect(await queue.boss.getSchedules()).toEqual([]);
  });
});

describe("cronEveryMinutes", () => {
  it.each([
    [1, "* * * * *"],
    [5, "*/5 * * * *"],
    [15, "*/15 * * * *"],
    [45, "*/30 * * * *"],
    [59, "*/30 * * * *"],
    [60, "0 * * * *"],
    [90, "0 * * * *"],
    [120, "0 */2 * * *"],
    [360, "0 */6 * * *"],
    [1439, "0 */12 * * *"],
    [1440, "0 0 * * *"],
  ])("%i minutes → %s", (minutes, cron) => {
    expect(cronEveryMinutes(minutes)).toBe(cron);
  });

  it("refuses intervals outside 1–1440 minutes", () => {
    expect(() => cronEveryMinutes(0)).toThrow();
    expect(() => cronEveryMinutes(1441)).toThrow();
  });
});
