// Process plumbing shared by the launch scripts (serve, test, benchmarks): run a command, wait for it, stop cleanly.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import type pg from "pg";
import { startEmbeddedPostgres } from "@/lib/core/embedded-postgres";
import { assertLocalDatabaseUrl, dropDatabase, recreateDatabase } from "@/lib/core/testing/test-database";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

/** Runs a project binary (from node_modules/.bin) and resolves with its exit code. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = start(command, args, options);
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Like run(), but a non-zero exit is an error that names the command. */
export async function runOrThrow(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`\`${command} ${args.join(" ")}\` failed with exit code ${code}.`);
}

export function start(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const local = path.join(BIN, command);
  return spawn(existsSync(local) ? local : command, args, { cwd: ROOT, stdio: "inherit", ...options });
}

/** `prisma migrate deploy`, quiet unless it fails (its success output is mostly noise for operators). */
export async function applyMigrations(env: NodeJS.ProcessEnv): Promise<void> {
  const output: Buffer[] = [];
  const child = start("prisma", ["migrate", "deploy"], { env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) {
    process.stderr.write(Buffer.concat(output));
    throw new Error(`Applying database migrations failed (exit code ${code}).`);
  }
  console.log("Database schema is up to date (migrations applied).");
}

/** Calls `cleanup` once on Ctrl-C, termination or normal exit, then exits with `code`. */
export function onShutdown(cleanup: () => Promise<void>): (code: number) => Promise<never> {
  let exiting = false;
  const shutdown = async (code: number): Promise<never> => {
    if (!exiting) {
      exiting = true;
      try {
        await cleanup();
      } catch (error) {
        console.error(error);
      }
    }
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown(130));
  process.once("SIGTERM", () => void shutdown(143));
  return shutdown;
}

/** The newest modification time of any source file under the given folders (to decide whether to rebuild). */
export function newestSourceMtime(folders: string[]): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "generated" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const folder of folders) if (existsSync(path.join(ROOT, folder))) visit(path.join(ROOT, folder));
  return newest;
}

/** Builds the Next app unless an existing build is newer than every source file. */
export async function buildIfStale(env: NodeJS.ProcessEnv): Promise<void> {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public", "prisma"];
  const configFiles = ["next.config.js", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
  const newestConfig = Math.max(...configFiles.map((file) => (existsSync(path.join(ROOT, file)) ? statSync(path.join(ROOT, file)).mtimeMs : 0)));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(newestSourceMtime(sources), newestConfig)) {
    console.log("The production build is up to date.");
    return;
  }
  console.log("Building the portal (next build)…");
  await runOrThrow("next", ["build"], { env });
}

/** A throw-away embedded PostgreSQL 17 in a temp folder, for tests and benchmarks; `stop` removes the folder. */
export async function startScratchPostgres(prefix: string): Promise<{ serverUrl: string; port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    // mkdtemp makes it private; as root, PostgreSQL runs as the postgres user, which must be able to enter it.
    chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), persistent: false, database: "postgres" });
    return {
      serverUrl: embedded.serverUrl,
      port: embedded.port,
      stop: async () => {
        await embedded.stop();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The PostgreSQL server of a test run and the migrated template each test file's database is cloned from. */
export interface TestDatabaseServer {
  serverUrl: string;
  templateName: string;
  /** Drops the template from a given server, or stops (and removes) the embedded one. */
  stop(): Promise<void>;
}

/**
 * For the test launchers (npm test, npm run test:resilience): the server named by TEST_DATABASE_URL (local only), or
 * an embedded PostgreSQL 17 of its own, with a freshly migrated template database on it.
 */
export async function startTestDatabaseServer(options: { prefix: string; templateName: string; env: NodeJS.ProcessEnv }): Promise<TestDatabaseServer> {
  let scratch: Awaited<ReturnType<typeof startScratchPostgres>> | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    scratch = await startScratchPostgres(options.prefix);
    serverUrl = scratch.serverUrl;
    console.log(`Tests use an embedded PostgreSQL 17 on 127.0.0.1:${scratch.port}.`);
  }
  const server: TestDatabaseServer = {
    serverUrl,
    templateName: options.templateName,
    stop: async () => {
      if (scratch) await scratch.stop();
      else await dropDatabase(serverUrl, options.templateName).catch(() => {});
    },
  };
  try {
    assertLocalDatabaseUrl(serverUrl);
    const templateUrl = await recreateDatabase(serverUrl, options.templateName);
    await applyMigrations({ ...options.env, DATABASE_URL: templateUrl });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

export interface BenchDatabase {
  databaseUrl: string;
  /** Drops the database (kept with BENCH_KEEP_DB=1) from a given server, or stops (and removes) the embedded one. */
  stop(): Promise<void>;
}

/**
 * For the benchmarks: a fresh, migrated database `name` on the given local server, or on an embedded PostgreSQL 17
 * of its own when none is given.
 */
export async function startBenchDatabase(options: { name: string; serverUrl?: string; env: NodeJS.ProcessEnv; log: (message: string) => void }): Promise<BenchDatabase> {
  let scratch: Awaited<ReturnType<typeof startScratchPostgres>> | undefined;
  let serverUrl = options.serverUrl;
  if (!serverUrl) {
    scratch = await startScratchPostgres("lattice-bench-pg-");
    serverUrl = scratch.serverUrl;
    options.log(`Embedded PostgreSQL 17 on 127.0.0.1:${scratch.port}.`);
  }
  const server = serverUrl;
  const stop = async () => {
    if (scratch) await scratch.stop();
    else if (!process.env.BENCH_KEEP_DB) await dropDatabase(server, options.name).catch((error) => console.error(error));
  };
  try {
    assertLocalDatabaseUrl(server);
    const databaseUrl = await recreateDatabase(server, options.name);
    await applyMigrations({ ...options.env, DATABASE_URL: databaseUrl });
    return { databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts the Tencent Cloud emulator in its own process (`npm run emulator` with these arguments, on a free port),
 * as Tencent Cloud is elsewhere: it must not share the measured process's CPU. The child is returned at once (so a
 * shutdown can stop it while it starts); `settings` resolves with the TENCENTCLOUD_* settings it prints for reaching it.
 */
export function startEmulatorProcess(args: string[]): { child: ChildProcess; settings: Promise<Record<string, string>> } {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/emulator.ts", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const settings = new Promise<Record<string, string>>((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const found = Object.fromEntries([...text.matchAll(/^\s*(TENCENTCLOUD_[A-Z_]+)=(\S+)$/gm)].map((match) => [match[1]!, match[2]!]));
      if (found.TENCENTCLOUD_EMULATOR_PORT) resolve(found);
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}: ${text}`)));
  });
  return { child, settings };
}

/** Stops a child process (SIGTERM) and waits for it; `group` for one started detached, with its own children. */
export async function stopProcess(child: ChildProcess | undefined, options: { group?: boolean } = {}): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    if (options.group) process.kill(-child.pid, "SIGTERM");
    else child.kill("SIGTERM");
  } catch {
    return; // already gone
  }
  await exited;
}

/** The p-th percentile of sorted values (nearest rank); NaN for none. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** bench-results.json at the repo root (git-ignored): the latest figures of every benchmark, one key each. */
export const BENCH_RESULTS_FILE = path.join(ROOT, "bench-results.json");

/**
 * Records a benchmark's headline results, the same way for every bench script. Run by `npm run bench`, which sets
 * BENCH_RESULT_FILE for each child, the result goes to that file alone (the parent merges them); run on its own,
 * it replaces the script's key in bench-results.json. Either way the process's own peak RSS is added
 * (`process.resourceUsage().maxRSS`: for the inventory and provisioning benchmarks, the worker's code runs in it).
 */
export function writeBenchResult(key: string, result: Record<string, unknown>): void {
  const recorded = { ...result, benchProcessPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  const target = process.env.BENCH_RESULT_FILE;
  if (target) {
    writeFileSync(target, `${JSON.stringify({ key, result: recorded }, null, 2)}\n`);
    return;
  }
  const existing = existsSync(BENCH_RESULTS_FILE) ? (JSON.parse(readFileSync(BENCH_RESULTS_FILE, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(BENCH_RESULTS_FILE, `${JSON.stringify({ ...existing, [key]: recorded }, null, 2)}\n`);
  console.log(`Wrote ${path.relative(process.cwd(), BENCH_RESULTS_FILE) || BENCH_RESULTS_FILE} (key "${key}").`);
}

/** Resident memory of a process group (a detached child and its children), in bytes, summed over /proc. */
export function processGroupRss(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      /* the process ended meanwhile */
    }
  }
  return total;
}

/**
 * Samples a process group's summed RSS every `intervalMs` (200 ms) while a benchmark drives it; `stop()` ends the
 * sampling and returns the peak in bytes. A spike shorter than the interval can be missed.
 */
export function sampleProcessGroupRss(pgid: number, intervalMs = 200): { peak(): number; stop(): number } {
  let peak = processGroupRss(pgid);
  const timer = setInterval(() => (peak = Math.max(peak, processGroupRss(pgid))), intervalMs);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, processGroupRss(pgid));
      return peak;
    },
  };
}

/**
 * Starts the built portal (`next start` on 127.0.0.1:`port`) in its own process group — stopped as a whole with
 * stopProcess(child, { group: true }), and measured as a whole — and waits until /api/health answers 200.
 * `captureOutput` keeps what it prints (for a failure's post-mortem) instead of passing it through.
 */
export async function startNextServer(options: { port: number; env: NodeJS.ProcessEnv; captureOutput?: boolean; readyTimeoutMs?: number }): Promise<{ child: ChildProcess; output: () => string }> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(path.join(BIN, "next"), ["start", "-p", String(options.port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: options.env,
    stdio: ["ignore", options.captureOutput ? "pipe" : "inherit", options.captureOutput ? "pipe" : "inherit"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const readyBy = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    const status = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) }).then((response) => response.status, () => 0);
    if (status === 200) return { child, output: () => output };
    if (Date.now() > readyBy || child.exitCode !== null) {
      await stopProcess(child, { group: true });
      throw new Error(`next start did not become ready (health: ${status})${output ? `:\n${output}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const SESSION_COOKIE = "authjs.session-token";

/**
 * Signs a person in without the identity provider, for benchmarks and process-level tests: a fresh `session` row (8
 * hours, with MFA or without, as the IdP would report it) and the Auth.js cookie naming it, encrypted with the
 * portal's AUTH_SECRET. The portal derives the person's roles from their groups, like after a real sign-in.
 */
export async function mintSessionCookie(
  client: Pick<pg.Client, "query">,
  options: { userId: string; authSecret: string; mfa?: boolean; userAgent: string },
): Promise<{ cookie: string; sessionId: string }> {
  const sessionId = `csess${randomBytes(10).toString("hex")}`;
  await client.query(
    `INSERT INTO public.session (id, user_id, amr, mfa, ip_address, user_agent, last_seen_at, expires_at, updated_at)
     VALUES ($1, $2, $3, $4, '127.0.0.1', $5, now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + interval '8 hours', now() AT TIME ZONE 'UTC')`,
    [sessionId, options.userId, options.mfa ? ["pwd", "otp"] : ["pwd"], options.mfa ?? false, options.userAgent],
  );
  const token = await encode({ token: { sid: sessionId }, secret: options.authSecret, salt: SESSION_COOKIE, maxAge: 8 * 3600 });
  return { cookie: `${SESSION_COOKIE}=${token}`, sessionId };
}
