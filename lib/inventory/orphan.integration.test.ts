import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { waitFor } from "@/lib/core/testing/wait-for";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import { registerInventoryJobs } from "./jobs";

// A worker killed mid-sync leaves its inventory.sync job `active` until pg-boss expires it, two hours later. The queue
// is stately (one job running at a time), so until then no other sync job could run either: the run stayed RUNNING
// and "Sync now" and the schedule joined it in vain. A restarted worker must resume the run at once.
let context: Awaited<ReturnType<typeof startTestEmulator>>;
let queue: JobQueue;

beforeAll(async () => {
  await writeMatrix(generateMatrix({ accounts: 4 }));
  context = await startTestEmulator({ accounts: 4, resources: 40 });
  // The queue's reaper of leased jobs (lib/core/queue.ts), judging at once rather than after its grace period.
  queue = await startQueue({ worker: true, orphanGraceSeconds: 0 });
});

afterAll(async () => {
  await queue?.stop(2_000);
  await context?.emulator.close();
});

it("a sync job orphaned by a dead worker is failed by a live worker's reaper, and the run completes at once", async () => {
  // What a worker killed mid-sync leaves: its job active (fetched, never completed), held by nobody.
  await queue.send("inventory.sync", { runId: null });
  const [orphan] = (await queue.boss.fetch("inventory.sync")) ?? [];
  expect(orphan).toBeDefined();

  await registerInventoryJobs(queue, { gateway: context.gateway(), config: { intervalMinutes: 60, concurrency: 4 } });

  const run = await waitFor("a SUCCEEDED inventory run", () => db.inventoryRun.findFirst({ where: { status: "SUCCEEDED" } }), 60_000);
  expect(run.accountsDone).toBe(run.accountsTotal);
  const [job] = await db.$queryRaw<{ state: string; output: { message?: string } | null }[]>`SELECT state, output FROM pgboss.job WHERE id = ${orphan!.id}::uuid`;
  // Failed, so pg-boss retries it later (that attempt finds the run done and syncs again, harmlessly).
  expect(job).toMatchObject({ state: "retry", output: { message: expect.stringContaining("orphaned") } });
}, 90_000);
