/**
 * Inventory sync throughput against the emulator (real HTTP, Tencent's documented rate limits on) and PostgreSQL:
 *   npm run bench:inventory -- [--accounts 1000] [--resources-per-account 100] [--concurrency 64] [--quick]
 *     [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
 * One full sync of `accounts` member accounts with `resources-per-account` tagged resources each (--quick: 40 × 20),
 * the organization known to the portal (the demo matrix, as `npm run demo` seeds it). Reports the wall time (and the
 * finalize transaction's share), calls per action (retries included), throttling errors surfaced to the sync, and
 * the achieved rate ÷ limit of the bottleneck action: ListNonCompliantResource, 20/s in the management account,
 * shared by every member (the members' own reads have per-account windows). Goal ≥ 0.9.
 * The sync is the production one (runInventorySync, gateway built by tencentConfigFromEnv as the worker does); the
 * emulator runs in its own process (npm run emulator), as Tencent Cloud is elsewhere. Brings its own embedded
 * PostgreSQL 17 (deleted afterwards), or with --database-url creates and drops a throw-away database on a local
 * server (kept with BENCH_KEEP_DB=1). The results go to bench-results.json (key "inventory"; writeBenchResult in
 * support.ts), with this process's peak RSS: the worker's sync code runs in it, next to the bench driver.
 */
import type { ChildProcess } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { TEST_AUTH_ENV } from "@/lib/core/testing/test-env";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { ACTIONS } from "@/lib/tencentcloud/constants";
import type { CallRecord } from "@/lib/tencentcloud/types";
import { onShutdown, startBenchDatabase, startEmulatorProcess, stopProcess, writeBenchResult, type BenchDatabase } from "./support";

const { values } = parseArgs({
  options: {
    accounts: { type: "string" },
    "resources-per-account": { type: "string" },
    concurrency: { type: "string", default: "64" },
    quick: { type: "boolean", default: false },
    "database-url": { type: "string" },
  },
});
const ACCOUNTS = Number(values.accounts ?? (values.quick ? 40 : 1000));
const PER_ACCOUNT = Number(values["resources-per-account"] ?? (values.quick ? 20 : 100));
const CONCURRENCY = Number(values.concurrency);
const BOTTLENECK = { service: "organization", action: "ListNonCompliantResource", limit: ACTIONS.organization.ListNonCompliantResource.limit } as const;

const log = (message: string) => console.log(`[bench:inventory] ${message}`);

let database: BenchDatabase | undefined;
let emulator: ChildProcess | undefined;
let cleanupApp: (() => Promise<void>) | undefined;

const shutdown = onShutdown(async () => {
  await cleanupApp?.();
  await stopProcess(emulator);
  await database?.stop();
});

try {
  database = await startBenchDatabase({ name: `lattice_bench_inventory_${process.pid}`, serverUrl: values["database-url"], env: { ...process.env, LOG_LEVEL: "warn" }, log });
  const { databaseUrl } = database;

  const emulatorProcess = startEmulatorProcess(["--accounts", String(ACCOUNTS), "--resources", String(ACCOUNTS * PER_ACCOUNT), "--member-ready-ms", "0"]);
  emulator = emulatorProcess.child;
  const emulatorEnv = await emulatorProcess.settings;
  Object.assign(process.env, TEST_AUTH_ENV, emulatorEnv, { NODE_ENV: "production", LOG_LEVEL: "warn", DATABASE_URL: databaseUrl });
  const { db } = await import("@/lib/core/db");
  const { writeMatrix } = await import("@/lib/matrix/mutations");
  const { runInventorySync } = await import("@/lib/inventory/jobs");
  const { tencentConfigFromEnv, tencentEnvSchema } = await import("@/lib/tencentcloud/schema");
  const { createTencentGateway } = await import("@/lib/tencentcloud/service");
  cleanupApp = () => db.$disconnect();

  await writeMatrix(generateMatrix({ accounts: ACCOUNTS }));
  const gateway = createTencentGateway(tencentConfigFromEnv(tencentEnvSchema.parse(process.env)));
  const calls: CallRecord[] = [];
  gateway.onCall((record) => calls.push(record));
  const load = () => os.loadavg().map((value) => value.toFixed(2)).join(" ");
  log(`${ACCOUNTS} accounts × ${PER_ACCOUNT} resources, concurrency ${CONCURRENCY}; load average at start ${load()} on ${os.cpus().length} cores`);

  let lastStaged = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await runInventorySync({ gateway, concurrency: CONCURRENCY, afterMemberStaged: () => void (lastStaged = performance.now()) });
  const seconds = (performance.now() - started) / 1000;
  const finalizeSeconds = lastStaged ? (performance.now() - lastStaged) / 1000 : Number.NaN;
  const cpu = process.cpuUsage(cpuBefore);
  if (outcome.outcome !== "succeeded") throw new Error(`the sync ended ${outcome.outcome}`);
  const run = await db.inventoryRun.findUniqueOrThrow({ where: { id: outcome.runId } });
  const live = await db.resource.count({ where: { goneAt: null } });
  // What reached the sync after the gateway's retries: members that could not be read.
  const failedMembers = await db.inventoryRunAccount.count({ where: { runId: outcome.runId, status: "FAILED" } });

  const perAction = new Map<string, { calls: number; throttled: number; errors: number }>();
  for (const call of calls) {
    const key = `${call.service}.${call.action}`;
    const entry = perAction.get(key) ?? { calls: 0, throttled: 0, errors: 0 };
    entry.calls += 1;
    if (call.outcome === "error") entry.errors += 1;
    if (call.errorCode?.startsWith("RequestLimitExceeded")) entry.throttled += 1;
    perAction.set(key, entry);
  }
  const table = [...perAction].map(([action, entry]) => ({ action, ...entry, perAccount: Number((entry.calls / ACCOUNTS).toFixed(2)) })).sort((a, b) => b.calls - a.calls);
  // Rate over the scan (as bench-tencent.ts): call starts of the bottleneck action over their span plus the one pacing
  // interval the last call occupies. The limiter's 30 ms window margin caps it at 0.97.
  const starts = calls
    .filter((call) => call.action === BOTTLENECK.action && call.service === BOTTLENECK.service)
    .map((call) => call.startedAt.getTime())
    .sort((a, b) => a - b);
  const spanSeconds = ((starts.at(-1) ?? 0) - (starts[0] ?? 0)) / 1000 + 1 / BOTTLENECK.limit;
  const ratio = starts.length / spanSeconds / BOTTLENECK.limit;
  const floorSeconds = starts.length / BOTTLENECK.limit;

  log(`run ${run.status}: ${run.accountsDone}/${run.accountsTotal} members, ${run.items} resources read, ${live} live in the inventory (expected ${ACCOUNTS * PER_ACCOUNT})`);
  log(`wall time ${seconds.toFixed(1)} s, of which the finalize transaction (merge + compliance) ${finalizeSeconds.toFixed(1)} s; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  log(`calls ${run.calls} (${calls.length} seen by the bench), failed attempts ${run.errors}, throttled ${run.throttled} (retried by the gateway); members failed after retries: ${failedMembers}`);
  log(`bottleneck ${BOTTLENECK.service}.${BOTTLENECK.action}: ${starts.length} calls at ${(starts.length / spanSeconds).toFixed(2)}/s = ${ratio.toFixed(3)} of its ${BOTTLENECK.limit}/s (goal ≥ 0.9); floor ${floorSeconds.toFixed(1)} s`);
  log(`load average after: ${load()}`);
  console.table(table);
  const result = {
    generatedAt: new Date().toISOString(),
    quick: values.quick ?? false,
    accounts: ACCOUNTS,
    resourcesPerAccount: PER_ACCOUNT,
    concurrency: CONCURRENCY,
    status: run.status,
    seconds: Number(seconds.toFixed(2)),
    finalizeSeconds: Number(finalizeSeconds.toFixed(2)),
    calls: run.calls,
    errors: run.errors,
    throttled: run.throttled,
    failedMembers,
    items: run.items,
    live,
    callsPerAction: Object.fromEntries(table.map((row) => [row.action, row.calls])),
    bottleneck: { action: `${BOTTLENECK.service}.${BOTTLENECK.action}`, calls: starts.length, limit: BOTTLENECK.limit, ratio: Number(ratio.toFixed(3)) },
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
  console.log(JSON.stringify(result));
  writeBenchResult("inventory", result);
  await shutdown(run.status === "SUCCEEDED" && failedMembers === 0 && live === ACCOUNTS * PER_ACCOUNT ? 0 : 1);
} catch (error) {
  console.error(error);
  await shutdown(1);
}
