// `npm run test:resilience [-- --quick] [vitest filters…]`: the in-process resilience suite (issue #9) — property-based
// fuzzing of every server action and API route, concurrent approvals, self-approval and privilege escalation through
// every path, audit tampering. Real PostgreSQL (embedded unless TEST_DATABASE_URL names a local server), one database
// per test file, like the integration tests. `--quick` runs reduced case counts (CI); without it, the full run.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { onShutdown, run, startTestDatabaseServer, type TestDatabaseServer } from "./support";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const quick = args.includes("--quick");
// Anything else goes to vitest: a file filter ("fuzz") or a test name (-t "concurrent").
const vitestArgs = args.filter((arg) => arg !== "--quick");

// Each case appends its one-line summary here (scripts/resilience/world.ts report()); they are repeated at the end.
const reportDir = mkdtempSync(path.join(os.tmpdir(), "lattice-resilience-"));
const reportFile = path.join(reportDir, "summary.txt");

let database: TestDatabaseServer | undefined;
const shutdown = onShutdown(async () => {
  await database?.stop();
  rmSync(reportDir, { recursive: true, force: true });
});

let code = 1;
const started = performance.now();
try {
  const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "error" };
  database = await startTestDatabaseServer({ prefix: "lattice-resilience-pg-", templateName: `lattice_resilience_${process.pid}`, env: baseEnv });
  console.log(`\n━━ resilience tests (${quick ? "quick" : "full"} run) ━━`);
  code = await run("vitest", ["run", "--project", "resilience", ...vitestArgs], {
    env: {
      ...baseEnv,
      LATTICE_TEST_SERVER_URL: database.serverUrl,
      LATTICE_TEST_TEMPLATE_DB: database.templateName,
      LATTICE_RESILIENCE_MODE: quick ? "quick" : "full",
      LATTICE_RESILIENCE_REPORT: reportFile,
    },
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
if (existsSync(reportFile)) console.log(`\n━━ what was tried and what survived ━━\n${readFileSync(reportFile, "utf8").trimEnd()}`);
console.log(`\nThe resilience suite ${code === 0 ? "passed" : "failed"} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
await shutdown(code);
