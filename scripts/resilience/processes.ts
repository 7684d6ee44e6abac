// The process-level resilience cases' shared pieces: the real worker (scripts/worker.ts, as `npm run worker` runs it)
// as a child process on the test file's database and the test's emulator, killed with SIGKILL and started again,
// the emulator's fault dice counted, and the seed of the run's random choices.
import { spawn, type ChildProcess } from "node:child_process";
import type { JobQueue } from "@/lib/core/queue";
import { TEST_AUTH_ENV } from "@/lib/core/testing/test-env";
import { insertApprovedAccessRequest, insertCatalogRole } from "@/lib/grants/testing";
import { enqueueProvisioning, insertApprovedRequest } from "@/lib/provisioning/testing";
import type { RunningEmulator } from "@/lib/tencentcloud/emulator/server";
import type { FaultKind, FaultOptions, FaultRule } from "@/lib/tencentcloud/emulator/types";
import { createRandom, type Random } from "@/lib/tencentcloud/emulator/utils";
import { ROOT } from "./world";

/** The last lines a worker wrote, shown when it exits on its own. */
const OUTPUT_LINES_KEPT = 200;

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logged "worker started" (its jobs are registered). */
  started: Promise<void>;
  /** The last lines it wrote (stdout and stderr). */
  output(): string;
}

const running = new Set<WorkerProcess>();

/**
 * Starts scripts/worker.ts in its own process group (so a kill reaches everything it started) on `databaseUrl` (the
 * test file's by default), with the emulator's TENCENTCLOUD_* settings when given, plus `env` (e.g.
 * PROVISIONING_CONCURRENCY). Its output is kept, and printed should it exit other than by our SIGKILL or with code 0.
 */
export function startWorker(options: { emulator?: RunningEmulator; databaseUrl?: string; env?: Record<string, string> } = {}): WorkerProcess {
  const { emulator } = options;
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      ...TEST_AUTH_ENV,
      NODE_ENV: "test",
      // "worker started" is an info line; the launcher's LOG_LEVEL (error) would hide it.
      LOG_LEVEL: "info",
      DATABASE_URL: options.databaseUrl ?? process.env.DATABASE_URL,
      DATABASE_POOL_MAX: "20",
      ...(emulator && {
        TENCENTCLOUD_SECRET_ID: emulator.credentials.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.credentials.secretKey,
        TENCENTCLOUD_EMULATOR_PORT: String(emulator.port),
        PROVISIONING_CONCURRENCY: "8",
      }),
      ...options.env,
    },
  });
  const lines: string[] = [];
  let partial = "";
  let markStarted: () => void = () => undefined;
  let markFailed: (error: Error) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    markFailed = reject;
  });
  // Nobody may be waiting for it (a worker killed before it started): a rejection here is not unhandled.
  started.catch(() => undefined);
  const take = (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const complete = text.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) {
      if (line.includes('"message":"worker started"')) markStarted();
      lines.push(line);
    }
    if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT);
  };
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  const worker: WorkerProcess = { child, started, output: () => [...lines, partial].join("\n").trim() };
  running.add(worker);
  child.once("exit", (code, signal) => {
    running.delete(worker);
    markFailed(new Error(`the worker exited (${signal ?? code}) before it started:\n${worker.output()}`));
    if (signal !== "SIGKILL" && code !== 0) console.error(`the worker exited with ${signal ?? code}:\n${worker.output()}`);
  });
  return worker;
}

/** SIGKILL to the worker's whole process group; resolves once it is gone. */
export async function killWorker(worker: WorkerProcess): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGKILL");
  await exited;
}

/** Kills every worker this file started that still runs (afterAll). */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...running].map((worker) => killWorker(worker)));
}

/** The seed of this run's random choices: LATTICE_FUZZ_SEED when set (to replay a run), else a new one. */
export function runSeed(): number {
  const fromEnv = Number(process.env.LATTICE_FUZZ_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Date.now() % 2 ** 31;
}

export function seededRandom(seed: number): Random {
  return createRandom(seed);
}

/** The fault kinds `npm run emulator -- --fault-rate` injects, in its order. */
export const FAULT_KINDS: FaultKind[] = ["RequestLimitExceeded", "InternalError", "HTTP502", "ConnectionReset", "Timeout"];

export interface FaultCounts {
  /** Calls that reached the fault dice (signed, within the rate limits). */
  calls: number;
  injected: Record<FaultKind, number>;
}

/**
 * Fault options injecting `rate` of all calls, split evenly over FAULT_KINDS (as `--fault-rate` does), and counting
 * what the emulator did: the FaultInjector reads `rules` once per call it rolls for, and a rule's `kind` only when
 * it injects that rule (lib/tencentcloud/emulator/faults.ts, server.ts), so getters count both without a change to
 * the emulator. A "Timeout" holds the answer `timeoutMs` before dropping the connection.
 */
export function countedFaults(rate: number, options: { seed: number; timeoutMs: number }): { faults: FaultOptions; counts: FaultCounts } {
  const counts: FaultCounts = { calls: 0, injected: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number> };
  const rules: FaultRule[] = FAULT_KINDS.map((kind) => ({
    rate: rate / FAULT_KINDS.length,
    get kind() {
      counts.injected[kind] += 1;
      return kind;
    },
  }));
  const faults: FaultOptions = {
    get rules() {
      counts.calls += 1;
      return rules;
    },
    seed: options.seed,
    timeoutMs: options.timeoutMs,
  };
  return { faults, counts };
}

/** "1,204" */
export const count = (value: number) => value.toLocaleString("en-US");

export const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(0);

/** Approved account requests for `names` in one unit, each owned by two of `people` in turn, queued for the worker. */
export async function insertApprovedRequests(queue: JobQueue, options: { names: string[]; unitId: string; people: { id: string }[] }): Promise<string[]> {
  const { names, unitId, people } = options;
  const requestIds: string[] = [];
  for (const [index, name] of names.entries()) {
    const id = await insertApprovedRequest({
      name,
      unitId,
      requesterId: people[index % people.length]!.id,
      owners: [
        { userId: people[index % people.length]!.id, role: "PRIMARY" },
        { userId: people[(index + 1) % people.length]!.id, role: "SECONDARY" },
      ],
    });
    await enqueueProvisioning(queue, id);
    requestIds.push(id);
  }
  return requestIds;
}

/**
 * `count` approved grants of a catalog role, due now, lasting `durationSeconds(index)`, with their activation jobs
 * queued as the approval does. Each (person, account) pair once, so no grant keeps another's assignment in place.
 */
export async function insertDueGrants(
  queue: JobQueue,
  options: { roleSlug: string; people: { id: string }[]; accounts: { id: string }[]; count: number; durationSeconds: (index: number) => number },
): Promise<{ roleId: string; grantIds: string[] }> {
  const { people, accounts } = options;
  const role = await insertCatalogRole({ slug: options.roleSlug, policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'] });
  const grantIds: string[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const {
      grantIds: [grantId],
    } = await insertApprovedAccessRequest({
      requesterId: people[Math.floor(index / accounts.length) % people.length]!.id,
      roleId: role.id,
      accountIds: [accounts[index % accounts.length]!.id],
      durationSeconds: options.durationSeconds(index),
    });
    await queue.send("access.activate", { grantId: grantId! }, { singletonKey: grantId! });
    grantIds.push(grantId!);
  }
  return { roleId: role.id, grantIds };
}
