import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { TEST_AUTH_ENV } from "@/lib/core/testing/test-env";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import { enqueueProvisioning, insertApprovedRequest, waitForSettled } from "./testing";

// The worker process (scripts/worker.ts, as `npm run worker` runs it) is killed with SIGKILL mid-provisioning,
// twice, and restarted: every request completes, each with exactly one member account.
const ROOT = path.resolve(import.meta.dirname, "../..");
const matrix = generateMatrix({ accounts: 12 });
const unit = matrix.units.find((candidate) => candidate.id === "unit_analytics")!;

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let queue: JobQueue;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  await writeMatrix(matrix);
  // Slow enough that a kill lands mid-run: members take 2 s to become ready, CIC tasks 1 s.
  context = await startTestEmulator({ accounts: 12, memberReadyDelayMs: 2_000, taskDelayMs: 1_000 });
  queue = await startQueue({ worker: false });
});

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, "SIGKILL");
  await queue?.stop(2_000);
  await context?.emulator.close();
});

function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], {
    cwd: ROOT,
    // Its own process group, so the kill reaches everything it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      ...TEST_AUTH_ENV,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: process.env.DATABASE_URL,
      TENCENTCLOUD_SECRET_ID: context.emulator.credentials.secretId,
      TENCENTCLOUD_SECRET_KEY: context.emulator.credentials.secretKey,
      TENCENTCLOUD_EMULATOR_PORT: String(context.emulator.port),
      PROVISIONING_CONCURRENCY: "8",
    },
  });
  let output = "";
  worker.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  worker.once("exit", (code, signal) => {
    if (signal !== "SIGKILL" && code !== 0) console.error(`worker exited with ${code}:\n${output}`);
  });
  workers.push(worker);
  return worker;
}

async function killWorker(worker: ChildProcess) {
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  process.kill(-worker.pid!, "SIGKILL");
  await exited;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("resumes after SIGKILL and restart: every request COMPLETED, exactly one member each", async () => {
  const names = Array.from({ length: 5 }, (_, index) => `data-dev-sg-kill${index}`);
  const ids: string[] = [];
  for (const name of names) {
    const id = await insertApprovedRequest({
      name,
      unitId: unit.id,
      requesterId: matrix.users[0]!.id,
      owners: [{ userId: matrix.users[1]!.id, role: "PRIMARY" }, { userId: matrix.users[2]!.id, role: "SECONDARY" }],
    });
    await enqueueProvisioning(queue, id);
    ids.push(id);
  }

  // First kill: as soon as a member exists in Tencent but before anything after it finished.
  let worker = startWorker();
  await waitUntil(async () => (await db.accountRequest.count({ where: { id: { in: ids }, memberUin: { not: null } } })) > 0, 60_000);
  await killWorker(worker);
  const afterFirstKill = await db.provisioningStep.findMany({ where: { requestId: { in: ids }, status: "RUNNING" } });
  expect(afterFirstKill.length).toBeGreaterThan(0);

  // Second kill: later in the flow, once some request got past the readiness wait.
  worker = startWorker();
  await waitUntil(
    async () => (await db.provisioningStep.count({ where: { requestId: { in: ids }, step: "MOVE_TO_UNIT", status: "SUCCEEDED" } })) > 0,
    90_000,
  );
  await killWorker(worker);

  worker = startWorker();
  const settled = await waitForSettled(ids, 150_000);
  expect(settled.map((row) => row.status)).toEqual(ids.map(() => "COMPLETED"));
  for (const name of names) expect(context.emulator.state.members.filter((member) => member.name === name), name).toHaveLength(1);
  const accounts = await db.account.findMany({ where: { name: { in: names } } });
  expect(accounts).toHaveLength(names.length);
  for (const account of accounts) {
    const uin = Number(account.memberUin);
    expect(context.emulator.state.cic.assignments.filter((entry) => entry.targetUin === uin)).toHaveLength(2);
  }
  // The orphaned attempts show in the steps: some step ran more than once.
  const steps = await db.provisioningStep.findMany({ where: { requestId: { in: ids } } });
  expect(steps.every((step) => step.status === "SUCCEEDED")).toBe(true);
  expect(steps.some((step) => step.attempts > 1)).toBe(true);
}, 300_000);
