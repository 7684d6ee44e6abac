// `npm test`: all three tiers — unit (Vitest), integration (Vitest on real PostgreSQL) and end-to-end (Playwright
// in Chromium against `next build && next start`). Brings its own PostgreSQL 17 unless TEST_DATABASE_URL names a
// local server. Usage: npm test [-- unit|integration|e2e …]
import type { ChildProcess } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { startDemoIdentity, type DemoIdentity } from "@/lib/dev-idp/launch";
import { createDatabaseFromTemplate } from "@/lib/core/testing/test-database";
import { choosePort } from "@/lib/core/ports";
import { DEMO_ACCOUNT_COUNT, generateMatrix } from "@/lib/matrix/demo-matrix";
import { seedFromMatrix } from "@/lib/tencentcloud/emulator/generator";
import { startEmulator, type RunningEmulator } from "@/lib/tencentcloud/emulator/server";
import { createEmulatorState } from "@/lib/tencentcloud/emulator/state";
import { buildIfStale, onShutdown, run, runOrThrow, start, startTestDatabaseServer, type TestDatabaseServer } from "./support";

const TIERS = ["unit", "integration", "e2e"] as const;
type Tier = (typeof TIERS)[number];

const requested = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = requested.filter((arg) => !(TIERS as readonly string[]).includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown test tier(s): ${unknown.join(", ")}. Choose from: ${TIERS.join(", ")}.`);
  process.exit(2);
}
const tiers: Tier[] = requested.length > 0 ? (requested as Tier[]) : [...TIERS];

function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    console.error(
      [
        "The end-to-end tests need Chromium, and none was found" + (process.env.CHROMIUM_PATH ? ` at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : "") + ".",
        "Install it, then run npm test again:",
        "  Debian/Ubuntu:  sudo apt-get install -y chromium",
        "  elsewhere:      install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium",
        "(Run only the other tiers with: npm test -- unit integration)",
      ].join("\n"),
    );
    process.exit(1);
  }
  return found;
}

const chromium = tiers.includes("e2e") ? findChromium() : undefined;

let database: TestDatabaseServer | undefined;
const templateName = `lattice_template_${process.pid}`;
let identity: DemoIdentity | undefined;
let emulator: RunningEmulator | undefined;
let worker: ChildProcess | undefined;
let workerLogPath = "";
const shutdown = onShutdown(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await emulator?.close();
  await identity?.idp.close();
  await database?.stop();
});

const results: { tier: Tier; ok: boolean }[] = [];
try {
  const needsDatabase = tiers.some((tier) => tier !== "unit");
  const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" };
  if (needsDatabase || process.env.TEST_DATABASE_URL) {
    database = await startTestDatabaseServer({ prefix: "lattice-test-pg-", templateName, env: baseEnv });
  }
  const serverUrl = database?.serverUrl;

  for (const tier of tiers) {
    console.log(`\n━━ ${tier} tests ━━`);
    let code: number;
    if (tier === "unit") {
      code = await run("vitest", ["run", "--project", "unit", "--project", "timing"], { env: baseEnv });
    } else if (tier === "integration") {
      code = await run("vitest", ["run", "--project", "integration"], {
        env: { ...baseEnv, LATTICE_TEST_SERVER_URL: serverUrl, LATTICE_TEST_TEMPLATE_DB: templateName },
      });
    } else {
      const e2eUrl = await createDatabaseFromTemplate(serverUrl!, templateName, "lattice_e2e");
      // Preferred ports, or free ones when something else (another checkout, a demo) already uses them.
      const port = await choosePort(Number(process.env.E2E_PORT ?? 3100));
      identity = await startDemoIdentity({
        appUrl: `http://localhost:${port}`,
        port: await choosePort(Number(process.env.E2E_IDP_PORT ?? 9110)),
        authSecret: randomBytes(32).toString("base64url"),
      });
      // The demo organization in the Tencent Cloud emulator, as the seeded database describes it, so journeys can
      // provision accounts end to end through the worker (and check the emulator's organization afterwards).
      emulator = await startEmulator({
        port: await choosePort(Number(process.env.E2E_EMULATOR_PORT ?? 9520)),
        state: createEmulatorState(seedFromMatrix(generateMatrix({ accounts: DEMO_ACCOUNT_COUNT }))),
      });
      const env = {
        ...baseEnv,
        ...identity.env,
        DATABASE_URL: e2eUrl,
        CHROMIUM_PATH: chromium,
        E2E_PORT: String(port),
        AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        TENCENTCLOUD_SECRET_ID: emulator.credentials.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.credentials.secretKey,
        TENCENTCLOUD_EMULATOR_PORT: String(emulator.port),
      };
      await runOrThrow("tsx", ["--conditions=react-server", "prisma/seed.ts"], { env });
      await buildIfStale(env);
      // The worker provisions approved requests; its log is kept for a failing journey's post-mortem (not in
      // test-results/, which Playwright empties when it starts).
      workerLogPath = path.join(os.tmpdir(), `lattice-e2e-worker-${process.pid}.log`);
      const workerLog = createWriteStream(workerLogPath);
      worker = start("tsx", ["--conditions=react-server", "scripts/worker.ts"], { env: { ...env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
      worker.stdout?.pipe(workerLog);
      worker.stderr?.pipe(workerLog);
      // E2E_GREP picks journeys by title while working on one (`E2E_GREP="account" npm test -- e2e`).
      code = await run("playwright", ["test", ...(process.env.E2E_GREP ? ["--grep", process.env.E2E_GREP] : [])], { env });
      if (code !== 0) console.log(`The worker's log of this run: ${workerLogPath}`);
    }
    results.push({ tier, ok: code === 0 });
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}

console.log("\n━━ summary ━━");
for (const { tier, ok } of results) console.log(`${ok ? "✓" : "✗"} ${tier}`);
const failed = results.filter((result) => !result.ok).length;
console.log(failed === 0 ? `All ${results.length} test tiers passed.` : `${failed} of ${results.length} test tiers failed.`);
await shutdown(failed === 0 ? 0 : 1);
