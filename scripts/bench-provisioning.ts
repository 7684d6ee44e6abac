/**
 * Provisioning throughput against the emulator (real HTTP, Tencent's documented rate limits on) and PostgreSQL:
 *   npm run bench:provisioning -- [--requests 100] [--runs 5] [--quick] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
 *     [--member-ready-ms 2000] [--task-ms 1000]
 * --quick: 20 requests and 2 single runs (a smoke run for CI; its ratios are not the recorded figures).
 * 1. `requests` requests approved at once (each with a primary and a secondary owner). Two figures, both divided by
 *    CreateOrganizationMember's limit (20/s; goal ≥ 0.8):
 *    - batch: requests ÷ the time from approval to the last COMPLETED (includes one request's fixed latency: the
 *      emulator's member-ready delay and CIC task delay, and the queue's pickup);
 *    - steady state: completions per second between the 10th and the 90th completion (the sustained rate, which the
 *      goal is judged on: it is what a longer stream of approvals gets, not diluted by the first and last request).
 *    Plus calls per account for every action (the gateway's call recorder, retries included) and throttled calls.
 * 2. One request alone, `runs` times: the time from approval to ACTIVE (p50).
 * The provisioning worker is the production one: the queue of lib/core/queue.ts with pg-boss's default polling,
 * registerProvisioningJobs with the configuration from the environment's defaults, and a gateway built by
 * tencentConfigFromEnv, exactly as scripts/worker.ts does; it runs in this process so every call can be counted.
 * Brings its own embedded PostgreSQL 17 (deleted afterwards), or with --database-url creates and drops a
 * throw-away database on a local server (kept for inspection with BENCH_KEEP_DB=1). The results go to
 * bench-results.json (key "provisioning"; writeBenchResult in support.ts), with this process's peak RSS: the worker's
 * code runs in it, next to the bench driver.
 */
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { TEST_AUTH_ENV } from "@/lib/core/testing/test-env";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { ACTIONS } from "@/lib/tencentcloud/constants";
import type { CallRecord } from "@/lib/tencentcloud/types";
import { onShutdown, percentile, startBenchDatabase, startEmulatorProcess, stopProcess, writeBenchResult, type BenchDatabase } from "./support";

const { values } = parseArgs({
  options: {
    requests: { type: "string" },
    runs: { type: "string" },
    quick: { type: "boolean", default: false },
    "database-url": { type: "string" },
    "member-ready-ms": { type: "string", default: "2000" },
    "task-ms": { type: "string", default: "1000" },
  },
});
const REQUESTS = Number(values.requests ?? (values.quick ? 20 : 100));
const RUNS = Number(values.runs ?? (values.quick ? 2 : 5));
if (!Number.isInteger(REQUESTS) || REQUESTS < 10 || !Number.isInteger(RUNS) || RUNS < 1) {
  console.error("--requests must be a whole number ≥ 10 and --runs a whole number ≥ 1");
  process.exit(2);
}
const CREATE_LIMIT = ACTIONS.organization.CreateOrganizationMember.limit;

const log = (message: string) => console.log(`[bench:provisioning] ${message}`);

let database: BenchDatabase | undefined;
let emulator: ChildProcess | undefined;
let cleanupApp: (() => Promise<void>) | undefined;

const shutdown = onShutdown(async () => {
  await cleanupApp?.();
  await stopProcess(emulator);
  await database?.stop();
});

try {
  database = await startBenchDatabase({ name: `lattice_bench_prov_${process.pid}`, serverUrl: values["database-url"], env: { ...process.env, LOG_LEVEL: "warn" }, log });
  const { databaseUrl } = database;

  // The organization: the demo matrix in both the database and the emulator, at Tencent's pace. The emulator runs
  // in its own process (npm run emulator), as Tencent Cloud is elsewhere: it must not share the worker's CPU.
  const matrix = generateMatrix({ accounts: 40 });
  const emulatorProcess = startEmulatorProcess(["--accounts", "40", "--resources", "0", "--member-ready-ms", values["member-ready-ms"], "--task-ms", values["task-ms"]]);
  emulator = emulatorProcess.child;
  const emulatorEnv = await emulatorProcess.settings;
  // The worker's environment, as scripts/serve.ts hands it over; app modules read it when they load.
  Object.assign(process.env, TEST_AUTH_ENV, emulatorEnv, {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    // The worker's pool, sized for its job concurrency as docs/provisioning.md recommends (an operator's setting).
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? "40",
  });
  const { db } = await import("@/lib/core/db");
  const { startQueue } = await import("@/lib/core/queue");
  const { writeMatrix } = await import("@/lib/matrix/mutations");
  const { registerProvisioningJobs } = await import("@/lib/provisioning/jobs");
  const { readProvisioningConfig } = await import("@/lib/provisioning/schema");
  const { enqueueProvisioning, insertApprovedRequest, waitForSettled } = await import("@/lib/provisioning/testing");
  const { tencentConfigFromEnv, tencentEnvSchema } = await import("@/lib/tencentcloud/schema");
  const { createTencentGateway } = await import("@/lib/tencentcloud/service");
  const { listOrganizationMembers } = await import("@/lib/tencentcloud/pagination");

  await writeMatrix(matrix);
  const gateway = createTencentGateway(tencentConfigFromEnv(tencentEnvSchema.parse(process.env)));
  const calls: CallRecord[] = [];
  gateway.onCall((record) => calls.push(record));
  const config = readProvisioningConfig();
  const queue = await startQueue({ worker: true });
  const stopProvisioning = await registerProvisioningJobs(queue, { gateway, config });
  cleanupApp = async () => {
    await queue.stop(5_000);
    await stopProvisioning();
    await db.$disconnect();
  };
  log(`Worker: concurrency ${config.concurrency}, database pool ${process.env.DATABASE_POOL_MAX}; emulator: member ready after ${values["member-ready-ms"]} ms, CIC tasks ${values["task-ms"]} ms.`);
  const load = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");
  log(`load average (1/5/15 min) at start: ${load()} on ${os.cpus().length} cores`);

  const units = matrix.units.filter((unit) => unit.parentId !== null && matrix.units.every((other) => other.parentId !== unit.id));
  const [requester, ...people] = matrix.users.filter((user) => user.active);
  let sequence = 0;
  const approve = async () => {
    sequence += 1;
    const unit = units[sequence % units.length]!;
    const primary = people[sequence % people.length]!;
    const secondary = people[(sequence + 3) % people.length]!;
    return insertApprovedRequest({
      name: `bench-dev-sg-${String(sequence).padStart(4, "0")}`,
      unitId: unit.id,
      requesterId: requester!.id,
      owners: [
        { userId: primary.id, role: "PRIMARY" },
        { userId: secondary.id, role: "SECONDARY" },
      ],
    });
  };

  // ── 1. a burst of approvals ──────────────────────────────────────────────────────────────────────────────
  const ids: string[] = [];
  for (let index = 0; index < REQUESTS; index += 1) ids.push(await approve());
  calls.length = 0;
  const cpuBefore = process.cpuUsage();
  const approvedAt = Date.now();
  await Promise.all(ids.map((id) => enqueueProvisioning(queue, id)));
  const settled = await waitForSettled(ids, 30 * 60_000, 100);
  const completed = await db.accountRequest.findMany({ where: { id: { in: ids } }, select: { status: true, closedAt: true } });
  const doneTimes = completed.map((row) => row.closedAt?.getTime() ?? Date.now()).sort((a, b) => a - b);
  const lastDone = doneTimes.at(-1) ?? Date.now();
  const seconds = (lastDone - approvedAt) / 1000;
  // The sustained rate: completions between the 10th and the 90th, over the time between them.
  const low = Math.max(0, Math.round(REQUESTS * 0.1) - 1);
  const high = Math.min(REQUESTS - 1, Math.round(REQUESTS * 0.9) - 1);
  const steadyRate = high > low ? (high - low) / ((doneTimes[high]! - doneTimes[low]!) / 1000) : Number.NaN;
  const firstDoneSeconds = ((doneTimes[0] ?? approvedAt) - approvedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const failed = settled.filter((row) => row.status !== "COMPLETED").length;
  const throughput = REQUESTS / seconds;
  const members = new Map<string, number>();
  for await (const member of listOrganizationMembers(gateway)) members.set(member.Name ?? "", (members.get(member.Name ?? "") ?? 0) + 1);
  const duplicates = [...members.values()].filter((count) => count > 1).length;

  const perAction = new Map<string, { calls: number; throttled: number }>();
  for (const call of calls) {
    const key = `${call.service}.${call.action}`;
    const entry = perAction.get(key) ?? { calls: 0, throttled: 0 };
    entry.calls += 1;
    if (call.errorCode === "RequestLimitExceeded") entry.throttled += 1;
    perAction.set(key, entry);
  }
  const limited = [...perAction]
    .map(([key, entry]) => {
      const [service, action] = key.split(".") as [keyof typeof ACTIONS, string];
      const limit = (ACTIONS[service] as Record<string, { limit: number }>)[action]?.limit ?? 20;
      // Calls of actions limited per member account (STS in the member) do not share one limit.
      const perMember = calls.some((call) => `${call.service}.${call.action}` === key && call.targetAccount !== null);
      return { action: key, calls: entry.calls, perAccount: entry.calls / REQUESTS, limit, perMember, throttled: entry.throttled, floorSeconds: perMember ? 0 : entry.calls / limit };
    })
    .sort((a, b) => b.floorSeconds - a.floorSeconds);
  const binding = limited[0];

  log(`${REQUESTS} requests approved at once: ${REQUESTS - failed} COMPLETED, ${failed} not, ${duplicates} duplicate members, in ${seconds.toFixed(1)} s`);
  log(`worker process CPU: ${cpuSeconds.toFixed(1)} s in ${seconds.toFixed(1)} s (${((100 * cpuSeconds) / seconds).toFixed(0)} % of one core)`);
  log(`batch: ${throughput.toFixed(2)} accounts/s = ${(throughput / CREATE_LIMIT).toFixed(3)} of CreateOrganizationMember's ${CREATE_LIMIT}/s (first completion after ${firstDoneSeconds.toFixed(1)} s)`);
  log(`steady state (completion ${low + 1} → ${high + 1}): ${steadyRate.toFixed(2)} accounts/s = ${(steadyRate / CREATE_LIMIT).toFixed(3)} of ${CREATE_LIMIT}/s (goal ≥ 0.8)`);
  log(`load average (1/5/15 min) after the batch: ${load()}`);
  console.table(limited.map((row) => ({ ...row, perAccount: Number(row.perAccount.toFixed(2)), floorSeconds: Number(row.floorSeconds.toFixed(2)) })));
  // Where a request's time goes under the burst: each step from its RUNNING mark to its success.
  const stepRows = await db.provisioningStep.findMany({ where: { requestId: { in: ids } }, select: { step: true, startedAt: true, finishedAt: true } });
  const stepTimes = new Map<string, number[]>();
  for (const row of stepRows) {
    if (!row.startedAt || !row.finishedAt) continue;
    stepTimes.set(row.step, [...(stepTimes.get(row.step) ?? []), (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000]);
  }
  console.table(
    [...stepTimes].map(([step, times]) => {
      const ordered = [...times].sort((a, b) => a - b);
      return { step, p50Seconds: Number(percentile(ordered, 50).toFixed(2)), p90Seconds: Number(percentile(ordered, 90).toFixed(2)) };
    }),
  );
  if (binding) log(`binding action: ${binding.action}, ${binding.perAccount.toFixed(2)} calls per account at ${binding.limit}/s → at least ${binding.floorSeconds.toFixed(1)} s for the batch`);

  // ── 2. one request alone ─────────────────────────────────────────────────────────────────────────────────
  const latencies: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const id = await approve();
    const started = Date.now();
    await enqueueProvisioning(queue, id);
    await waitForSettled([id], 5 * 60_000, 50);
    const row = await db.accountRequest.findUniqueOrThrow({ where: { id }, select: { status: true, closedAt: true } });
    if (row.status !== "COMPLETED") throw new Error(`single request ended ${row.status}`);
    latencies.push(((row.closedAt?.getTime() ?? Date.now()) - started) / 1000);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  log(`one request alone, approval → ACTIVE over ${RUNS} runs: p50 ${percentile(sorted, 50).toFixed(2)} s (all: ${latencies.map((value) => value.toFixed(2)).join(", ")} s)`);

  const result = {
    generatedAt: new Date().toISOString(),
    quick: values.quick ?? false,
    requests: REQUESTS,
    completed: REQUESTS - failed,
    duplicates,
    seconds: Number(seconds.toFixed(2)),
    accountsPerSecond: Number(throughput.toFixed(2)),
    ratioToCreateLimit: Number((throughput / CREATE_LIMIT).toFixed(3)),
    steadyAccountsPerSecond: Number(steadyRate.toFixed(2)),
    steadyRatioToCreateLimit: Number((steadyRate / CREATE_LIMIT).toFixed(3)),
    callsPerAccount: Object.fromEntries(limited.map((row) => [row.action, Number(row.perAccount.toFixed(2))])),
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
    binding: binding ? { action: binding.action, callsPerAccount: Number(binding.perAccount.toFixed(2)), limit: binding.limit } : null,
    workerCpuShare: Number((cpuSeconds / seconds).toFixed(2)),
    throttled: limited.reduce((sum, row) => sum + row.throttled, 0),
    singleRequestP50Seconds: Number(percentile(sorted, 50).toFixed(2)),
  };
  console.log(JSON.stringify(result));
  writeBenchResult("provisioning", result);
  await shutdown(failed === 0 && duplicates === 0 ? 0 : 1);
} catch (error) {
  console.error(error);
  await shutdown(1);
}
