/**
 * Dashboards benchmark (issue 8):
 *   npm run bench:dashboards -- [--database-url postgresql://postgres@127.0.0.1:5432/lattice_large] [--duration 15]
 *                               [--connections 20] [--no-build] [--raw-only] [--write-docs] [--port 3290]
 *   npm run bench:dashboards -- --quick [--server-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * Against the large data set (`npm run seed:large`; DATABASE_URL or --database-url, used as is and left as it was):
 *
 * 1. For each dashboard's JSON route (/api/dashboards/ownership, /api/dashboards/tags) and a few realistic filter
 *    combinations, captures the exact SQL the data layer sends (Prisma's query log, our client in db.ts's slot),
 *    by calling the domain's data functions in the order its loader does.
 * 2. Starts the built portal (`next start`; `buildIfStale` first unless --no-build), signs in a platform admin of
 *    the data set with a minted session cookie (a `session` row named by the Auth.js cookie, as bench-audit does),
 *    and runs autocannon with 20 connections for 15 s per dashboard over its filter URLs: p50/p95/p99 from every
 *    response time, and the peak RSS of the `next start` process group (summed RSS, sampled every 200 ms).
 * 3. Runs the very same statements directly over `pg` with 20 clients for the same time, each client replaying one
 *    URL's statements back to back per "request", and reports route ÷ raw SQL at p50 and p95 (goal ≤ 2×) and the
 *    route's p95 (goal ≤ 150 ms).
 *
 * Writes bench-results.json (key "dashboards", by writeBenchResult in support.ts, as every bench script does); with
 * --write-docs also the figures section of docs/benchmarks.md.
 * --quick seeds a small data set into a throw-away database (an embedded PostgreSQL, or --server-url) and runs
 * 3 s per dashboard with 5 connections: a smoke run for CI. There is no JSON route for the audit history
 * (app/api/audit has only the evidence export), so the history page stays with `npm run bench:audit`.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/core/generated/prisma/client";
import { choosePort } from "@/lib/core/ports";
import { assertLocalDatabaseUrl } from "@/lib/core/testing/test-database";
import { DEMO_GROUP_ROLES } from "@/lib/dev-idp/launch";
import { LARGE_ADMIN_GROUP, seedLargeDataSet } from "./seed-large";
import { buildIfStale, mintSessionCookie, onShutdown, percentile, processGroupRss, ROOT, sampleProcessGroupRss, startBenchDatabase, startNextServer, stopProcess, writeBenchResult, type BenchDatabase } from "./support";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "database-url": { type: "string" },
    "server-url": { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
    port: { type: "string" },
    "no-build": { type: "boolean", default: false },
    "raw-only": { type: "boolean", default: false },
    "write-docs": { type: "boolean", default: false },
  },
});
const quick = values.quick ?? false;
const DURATION = Number(values.duration ?? (quick ? 3 : 15));
const CONNECTIONS = Number(values.connections ?? (quick ? 5 : 20));
if (!Number.isFinite(DURATION) || DURATION <= 0 || !Number.isInteger(CONNECTIONS) || CONNECTIONS < 1) {
  console.error("--duration must be a positive number of seconds and --connections a whole number ≥ 1");
  process.exit(2);
}
const QUICK_SIZES = { accounts: 300, resources: 30_000, auditEvents: 5_000, trendDays: 90 };
const GOAL_RATIO = 2;
const GOAL_P95_MS = 150;
const DOCS_START = "<!-- bench:dashboards:start (written by npm run bench:dashboards -- --write-docs) -->";
const DOCS_END = "<!-- bench:dashboards:end -->";

// ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────────
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(1));
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

// ── state and cleanup ────────────────────────────────────────────────────────────────────────────────────────
let scratchDatabase: BenchDatabase | undefined;
let nextServer: ChildProcess | undefined;
let prisma: PrismaClient | undefined;
let admin: pg.Client | undefined;
let sessionId: string | undefined;

const shutdown = onShutdown(async () => {
  await stopProcess(nextServer, { group: true });
  if (sessionId) await admin?.query(`DELETE FROM public.session WHERE id = $1`, [sessionId]).catch(() => {});
  await admin?.end().catch(() => {});
  await prisma?.$disconnect().catch(() => {});
  await scratchDatabase?.stop();
});

/** A filter combination of one dashboard: its URL query and a name for the tables. */
interface Scenario {
  name: string;
  query: string;
}

/** A dashboard: its JSON route, the scenarios, and how its loader reads the data (for capturing the SQL). */
interface Dashboard {
  name: string;
  route: string;
  scenarios: Scenario[];
  /** Calls the domain's data functions as the route's loader does, for these search parameters. */
  replay: (params: Record<string, string>) => Promise<unknown>;
}

interface Statement {
  sql: string;
  params: unknown[];
}

try {
  // ── 0. the database ────────────────────────────────────────────────────────────────────────────────────────
  let databaseUrl: string;
  const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn" };
  if (quick) {
    scratchDatabase = await startBenchDatabase({ name: `lattice_bench_dash_${process.pid}`, serverUrl: values["server-url"], env: baseEnv, log });
    databaseUrl = scratchDatabase.databaseUrl;
    log(`Seeding a small data set (${JSON.stringify(QUICK_SIZES)})…`);
    const seeded = await seedLargeDataSet(databaseUrl, QUICK_SIZES, { log: (message) => log(message) });
    log(`seeded in ${seeded.seconds} s`);
  } else {
    const url = values["database-url"] ?? process.env.DATABASE_URL;
    if (!url) throw new Error("Set DATABASE_URL or --database-url to the large data set (npm run seed:large), or use --quick.");
    assertLocalDatabaseUrl(url);
    databaseUrl = url;
  }
  admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const q = admin;
  const counts = (
    await q.query<Record<string, number>>(`SELECT (SELECT count(*) FROM public.account)::int AS accounts, (SELECT count(*) FROM public.resource)::int AS resources,
      (SELECT count(*) FROM public.resource_violation)::int AS violations, (SELECT count(*) FROM public.tag_compliance_rollup)::int AS rollups,
      (SELECT count(*) FROM public.audit_event)::int AS "auditEvents", (SELECT count(*) FROM public.app_user)::int AS users`)
  ).rows[0]!;
  if (!counts.accounts || !counts.rollups) throw new Error(`the database holds no seeded data set (${JSON.stringify(counts)}): run npm run seed:large first`);
  log(`data set: ${JSON.stringify(counts)}`);
  const settings = await q.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version','shared_buffers','work_mem','effective_cache_size','max_parallel_workers_per_gather','jit')`,
  );
  const postgres = Object.fromEntries(settings.rows.map((row) => [row.name, `${row.setting}${row.unit ? ` ${row.unit}` : ""}`]));

  // ── 1. the app's modules on this database (env.ts reads the environment when they load) ─────────────────────
  const port = values.port ? Number(values.port) : await choosePort(3290);
  const appUrl = `http://127.0.0.1:${port}`;
  const authSecret = randomBytes(32).toString("base64url");
  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_URL: appUrl,
    AUTH_SECRET: authSecret,
    // Never contacted: the benchmark signs in by minting the session cookie.
    AUTH_OIDC_ISSUER: "http://127.0.0.1:9/bench-idp",
    AUTH_OIDC_CLIENT_ID: "lattice-bench",
    AUTH_OIDC_CLIENT_SECRET: randomBytes(12).toString("hex"),
    AUTH_GROUP_ROLES: DEMO_GROUP_ROLES,
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, appEnv);
  const captured: Statement[] = [];
  const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), log: [{ emit: "event", level: "query" }] });
  logging.$on("query", (event) => captured.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  prisma = logging;
  (globalThis as { latticePrisma?: PrismaClient }).latticePrisma = logging;

  const [ownershipData, ownershipSchema, ownershipUtils, accountsData, complianceData, complianceSchema] = await Promise.all([
    import("@/lib/ownership/data"),
    import("@/lib/ownership/schema"),
    import("@/lib/ownership/utils"),
    import("@/lib/accounts/data"),
    import("@/lib/compliance/data"),
    import("@/lib/compliance/schema"),
  ]);

  // Filter values that exist in this data set: the largest division, team, owner and account.
  const pick = async (sql: string) => (await q.query<{ id: string }>(sql)).rows[0]?.id ?? "";
  const division = await pick(`SELECT u.id FROM public.unit u JOIN public.unit c ON c.path LIKE u.path || '%' JOIN public.account a ON a.unit_id = c.id
    WHERE u.parent_id IN (SELECT id FROM public.unit WHERE parent_id IS NULL) GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`);
  const team = await pick(`SELECT team_id AS id FROM public.account WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const owner = await pick(`SELECT user_id AS id FROM public.account_owner GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const bigAccount = await pick(`SELECT account_id AS id FROM public.tag_compliance_rollup GROUP BY 1 ORDER BY sum(resources) DESC, 1 LIMIT 1`);

  const dashboards: Dashboard[] = [
    {
      name: "ownership",
      route: "/api/dashboards/ownership",
      scenarios: [
        { name: "no filter", query: "" },
        { name: "environment=prod", query: "environment=prod" },
        { name: "list=orphaned", query: "list=orphaned" },
        { name: "review due in a division, by due date", query: `list=review-due&unit=${division}&sort=reviewDueAt` },
        { name: "team + region", query: `team=${team}&region=ap-singapore` },
        { name: "one owner", query: `owner=${owner}` },
        { name: "dormant, page 3, by last activity", query: "list=dormant&page=3&sort=lastActivityAt&dir=desc" },
      ],
      // As buildDashboard in lib/ownership/loaders.ts: the filter options, then three statements side by side.
      replay: async (params) => {
        const { ownershipQuerySchema, readOwnershipConfig } = ownershipSchema;
        const { ownershipClock, ownershipFilters } = ownershipUtils;
        const config = readOwnershipConfig();
        await Promise.all([accountsData.findAccountFilterOptions(), ownershipData.findTeamOptions()]);
        const query = ownershipQuerySchema.parse(params);
        const filters = ownershipFilters(query);
        const clock = ownershipClock(new Date(), config);
        const page = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
        return Promise.all([
          ownershipData.findOwnershipHeadline(filters, clock),
          ownershipData.findOwnershipBreakdown(filters, clock),
          ownershipData.findOwnershipTableRows(filters, clock, { sort: query.sort, dir: query.dir }, page),
        ]);
      },
    },
    {
      name: "tags",
      route: "/api/dashboards/tags",
      scenarios: [
        { name: "no filter", query: "" },
        { name: "environment=prod", query: "environment=prod" },
        { name: "division + key=owner", query: `unit=${division}&key=owner` },
        { name: "region + resource type", query: "region=eu-frankfurt&type=cvm:instance" },
        { name: "missing keys, by account", query: "kind=missing-key&sort=account" },
        { name: "one large account", query: `account=${bigAccount}` },
        { name: "violations page 20", query: "page=20" },
      ],
      // As buildTagDashboard in lib/compliance/loaders.ts: the unit options (and the account's name), then the
      // sections side by side, then the violations page and the account-name section.
      replay: async (params) => {
        const query = complianceSchema.tagDashboardQuerySchema.parse(params);
        const [units] = await Promise.all([complianceData.findUnitOptions(), query.account ? complianceData.findAccountName(query.account) : null]);
        const filters = complianceData.filtersOf(query);
        const namesOnly = filters.kind === "NAME";
        const [template] = await Promise.all([
          complianceData.findNamingTemplate(),
          complianceData.findDashboardOptions(),
          complianceData.findComplianceGroups(filters, new Map(units.map((unit) => [unit.id, unit.name]))),
          complianceData.findAccountBreakdown(filters, query.accountsPage, query.pageSize),
          complianceData.findKeyBreakdown(filters),
          complianceData.findTrend(filters, new Date()),
        ]);
        return Promise.all([
          namesOnly ? null : complianceData.findViolationsPage(filters, query.sort, query.page, query.pageSize),
          complianceData.findNameViolations(filters, template, namesOnly ? query.page : 1, namesOnly ? query.pageSize : complianceData.NAME_SECTION_SIZE),
        ]);
      },
    },
  ];

  // ── 2. the data layer's statements per scenario ──────────────────────────────────────────────────────────────
  const statements = new Map<string, Statement[]>();
  for (const dashboard of dashboards) {
    for (const scenario of dashboard.scenarios) {
      const params = Object.fromEntries(new URLSearchParams(scenario.query));
      await dashboard.replay(params); // warm-up
      captured.length = 0;
      await dashboard.replay(params);
      statements.set(`${dashboard.name}?${scenario.query}`, [...captured]);
    }
    const perRequest = dashboard.scenarios.map((scenario) => statements.get(`${dashboard.name}?${scenario.query}`)!.length);
    log(`${dashboard.name}: ${perRequest.join("/")} statements per request (by scenario)`);
  }

  // Where the SQL time goes: every statement alone on one connection (median of 3), the slowest explained.
  const profile: { dashboard: string; scenario: string; ms: number; sql: string; params: unknown[]; plan?: string }[] = [];
  for (const dashboard of dashboards) {
    for (const scenario of dashboard.scenarios) {
      for (const statement of statements.get(`${dashboard.name}?${scenario.query}`)!) {
        const samples: number[] = [];
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          await q.query(statement.sql, statement.params);
          samples.push(performance.now() - started);
        }
        profile.push({ dashboard: dashboard.name, scenario: scenario.name, ms: stats(samples).p50, ...statement });
      }
    }
  }
  profile.sort((a, b) => b.ms - a.ms);
  // The slowest few distinct statements (the same builder is often the slowest in several scenarios).
  const distinct = profile.filter((entry, index) => profile.findIndex((other) => other.sql === entry.sql) === index);
  for (const entry of distinct.slice(0, quick ? 1 : 4)) {
    const plan = await q.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${entry.sql}`, entry.params);
    entry.plan = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
  }
  console.log("\nSlowest statements alone (ms, median of 3):");
  for (const entry of profile.slice(0, 10)) console.log(`  ${entry.ms.toFixed(1).padStart(8)}  ${entry.dashboard} / ${entry.scenario}: ${entry.sql.replace(/\s+/g, " ").slice(0, 110)}`);
  for (const entry of profile.filter((candidate) => candidate.plan)) {
    console.log(`\nEXPLAIN ANALYZE — ${entry.dashboard} / ${entry.scenario} (params ${JSON.stringify(entry.params)}):\n${entry.sql}\n${entry.plan}`);
  }
  const sqlPerRequest = Object.fromEntries(
    dashboards.map((dashboard) => [
      dashboard.name,
      Object.fromEntries(dashboard.scenarios.map((scenario) => [scenario.name, Number(profile.filter((entry) => entry.dashboard === dashboard.name && entry.scenario === scenario.name).reduce((sum, entry) => sum + entry.ms, 0).toFixed(1))])),
    ]),
  );
  log(`SQL time per request, statements alone (ms): ${JSON.stringify(sqlPerRequest)}`);

  // ── 3. the route under load ──────────────────────────────────────────────────────────────────────────────────
  const routeResults = new Map<string, { stats: Stats; requests: number; rps: number; non2xx: number; errors: number; sequential: Record<string, Stats> }>();
  let peakRss = 0;
  if (!values["raw-only"]) {
    const buildId = path.join(ROOT, ".next", "BUILD_ID");
    if (values["no-build"]) {
      if (!existsSync(buildId)) throw new Error("--no-build, but there is no production build (.next/BUILD_ID): run `npm run build` first");
      log("Using the existing production build as is (--no-build).");
    } else {
      await buildIfStale({ ...baseEnv, ...appEnv });
    }
    const bench = (
      await q.query<{ id: string; email: string }>(
        `SELECT id, email FROM public.app_user WHERE active AND groups @> ARRAY[$1] ORDER BY id LIMIT 1`,
        [LARGE_ADMIN_GROUP],
      )
    ).rows[0];
    if (!bench) throw new Error(`no active person in group ${LARGE_ADMIN_GROUP} to sign in as`);
    const session = await mintSessionCookie(q, { userId: bench.id, authSecret, userAgent: "bench-dashboards" });
    sessionId = session.sessionId;
    const { cookie } = session;
    log(`signed in as ${bench.email} (${LARGE_ADMIN_GROUP})`);

    nextServer = (await startNextServer({ port, env: { ...baseEnv, ...appEnv } })).child;
    const pgid = nextServer.pid!;
    log(`portal on ${appUrl} (next start, NODE_ENV=production), idle RSS ${(processGroupRss(pgid) / 1048576).toFixed(0)} MB`);
    // The web process's peak: the `next start` process group's summed RSS, sampled every 200 ms.
    const sampler = sampleProcessGroupRss(pgid);

    const get = async (urlPath: string) => {
      const started = performance.now();
      const response = await fetch(`${appUrl}${urlPath}`, { headers: { cookie }, redirect: "manual" });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200 || !response.headers.get("content-type")?.includes("json")) {
        throw new Error(`${urlPath}: HTTP ${response.status} ${response.headers.get("content-type")} ${body.slice(0, 200)}`);
      }
      return ms;
    };
    for (const dashboard of dashboards) {
      // Warm-up, and one request at a time: each scenario's own server time.
      const sequential: Record<string, Stats> = {};
      for (const scenario of dashboard.scenarios) {
        const urlPath = `${dashboard.route}${scenario.query ? `?${scenario.query}` : ""}`;
        for (let i = 0; i < 3; i++) await get(urlPath);
        const samples: number[] = [];
        for (let i = 0; i < (quick ? 3 : 10); i++) samples.push(await get(urlPath));
        sequential[scenario.name] = stats(samples);
      }
      // Under load: every connection cycles through the scenarios.
      const times: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: appUrl,
            connections: CONNECTIONS,
            duration: DURATION,
            headers: { cookie },
            requests: dashboard.scenarios.map((scenario) => ({ method: "GET" as const, path: `${dashboard.route}${scenario.query ? `?${scenario.query}` : ""}` })),
          },
          (error, finished) => (error ? reject(error) : resolve(finished)),
        );
        instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
      });
      const loaded = stats(times);
      routeResults.set(dashboard.name, {
        stats: loaded,
        requests: result.requests.total,
        rps: Number(result.requests.average.toFixed(1)),
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        sequential,
      });
      log(`route ${dashboard.route}: ${result.requests.total} requests in ${DURATION} s, p50/p95/p99 ${loaded.p50}/${loaded.p95}/${loaded.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors + result.timeouts}`);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${dashboard.route}: ${result.non2xx} non-2xx responses, ${result.errors} errors under load`);
    }
    peakRss = sampler.stop();
    process.kill(-pgid, "SIGTERM");
    await new Promise((resolve) => nextServer?.once("exit", resolve));
  }

  // ── 4. the same statements over pg, same clients and duration ─────────────────────────────────────────────────
  const rawResults = new Map<string, { stats: Stats; requests: number; rps: number; perScenario: Record<string, Stats> }>();
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    for (const dashboard of dashboards) {
      const plans = dashboard.scenarios.map((scenario) => ({ scenario, statements: statements.get(`${dashboard.name}?${scenario.query}`)! }));
      const runPlan = async (client: pg.Client, plan: (typeof plans)[number]) => {
        for (const statement of plan.statements) await client.query(statement.sql, statement.params);
      };
      for (const plan of plans) await runPlan(clients[0]!, plan); // warm-up
      const times: number[] = [];
      const perScenario: Record<string, number[]> = Object.fromEntries(plans.map((plan) => [plan.scenario.name, []]));
      const endAt = performance.now() + DURATION * 1000;
      await Promise.all(
        clients.map(async (client, index) => {
          // Each client cycles through the scenarios like an autocannon connection, from its own starting point.
          for (let i = index; performance.now() < endAt; i++) {
            const plan = plans[i % plans.length]!;
            const started = performance.now();
            await runPlan(client, plan);
            const ms = performance.now() - started;
            times.push(ms);
            perScenario[plan.scenario.name]!.push(ms);
          }
        }),
      );
      const raw = stats(times);
      rawResults.set(dashboard.name, {
        stats: raw,
        requests: times.length,
        rps: Number((times.length / DURATION).toFixed(1)),
        perScenario: Object.fromEntries(Object.entries(perScenario).map(([name, samples]) => [name, stats(samples)])),
      });
      log(`raw SQL ${dashboard.name}: ${times.length} requests in ${DURATION} s, p50/p95/p99 ${raw.p50}/${raw.p95}/${raw.p99} ms`);
    }
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }

  // ── 5. results ───────────────────────────────────────────────────────────────────────────────────────────────
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
  const report = dashboards.map((dashboard) => {
    const route = routeResults.get(dashboard.name);
    const raw = rawResults.get(dashboard.name)!;
    return {
      dashboard: dashboard.name,
      route: dashboard.route,
      scenarios: dashboard.scenarios.map((scenario) => ({
        ...scenario,
        statements: statements.get(`${dashboard.name}?${scenario.query}`)!.length,
        sqlAloneMs: sqlPerRequest[dashboard.name]?.[scenario.name],
        routeSequential: route?.sequential[scenario.name],
        rawLoaded: raw.perScenario[scenario.name],
      })),
      routeLoaded: route && { ...route.stats, requests: route.requests, rps: route.rps, non2xx: route.non2xx, errors: route.errors },
      rawLoaded: { ...raw.stats, requests: raw.requests, rps: raw.rps },
      ratio: route && { p50: ratio(route.stats.p50, raw.stats.p50), p95: ratio(route.stats.p95, raw.stats.p95) },
      goals: route && {
        ratioP50: route.stats.p50 / raw.stats.p50 <= GOAL_RATIO,
        ratioP95: route.stats.p95 / raw.stats.p95 <= GOAL_RATIO,
        p95: route.stats.p95 <= GOAL_P95_MS,
      },
      statementsSample: statements.get(`${dashboard.name}?${dashboard.scenarios[0]!.query}`)!.map((statement) => statement.sql),
    };
  });
  const results = {
    generatedAt: new Date().toISOString(),
    quick,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    // The portal's dashboard cache for this run (lib/core/env.ts): 0 means every request ran its SQL.
    dashboardCacheSeconds: Number(process.env.DASHBOARD_CACHE_SECONDS ?? 10),
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))), node: process.version },
    postgres,
    data: counts,
    nextPeakRssMb: values["raw-only"] ? null : Math.round(peakRss / 1048576),
    audit: "skipped: no JSON route for the audit history (app/api/audit has only the evidence export); see npm run bench:audit",
    dashboards: report,
    sqlAlonePerRequestMs: sqlPerRequest,
    slowestStatements: profile.slice(0, 10).map(({ plan, ...entry }) => ({ ...entry, ...(plan ? { plan } : {}) })),
  };

  console.log(`\n${CONNECTIONS} connections × ${DURATION} s per dashboard (ms)      route p50/p95/p99 (req/s) │ raw SQL p50/p95/p99 (req/s) │ ratio p50/p95`);
  for (const row of report) {
    const r = row.routeLoaded;
    const w = row.rawLoaded;
    console.log(
      `  ${row.route.padEnd(28)} ${r ? `${r.p50}/${r.p95}/${r.p99} (${r.rps})` : "—"}`.padEnd(70) +
        ` │ ${w.p50}/${w.p95}/${w.p99} (${w.rps})`.padEnd(30) +
        ` │ ${row.ratio ? `${row.ratio.p50}/${row.ratio.p95}` : "—"}`,
    );
  }
  if (!values["raw-only"]) console.log(`  next start peak RSS (process group): ${results.nextPeakRssMb} MB`);

  writeBenchResult("dashboards", results);
  if (values["write-docs"]) {
    writeDocs(results);
    log("updated docs/benchmarks.md");
  }
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await shutdown(1);
}
await shutdown(0);

/** Replaces the generated figures section of docs/benchmarks.md (between its markers), or appends it. */
function writeDocs(results: {
  generatedAt: string;
  durationSeconds: number;
  connections: number;
  machine: { cpus: number; loadAverage: number[] };
  data: Record<string, number>;
  nextPeakRssMb: number | null;
  dashboards: {
    route: string;
    scenarios: { name: string; query: string; statements: number; sqlAloneMs?: number; routeSequential?: Stats; rawLoaded?: Stats }[];
    routeLoaded?: Stats & { rps: number; requests: number };
    rawLoaded: Stats & { rps: number; requests: number };
    ratio?: { p50: number; p95: number };
    goals?: { ratioP50: boolean; ratioP95: boolean; p95: boolean };
  }[];
}) {
  const met = (ok: boolean | undefined) => (ok === undefined ? "—" : ok ? "met" : "**not met**");
  const fmt = (s: Stats | undefined) => (s ? `${s.p50} / ${s.p95} / ${s.p99}` : "—");
  const lines = [
    DOCS_START,
    "",
    // The portal's dashboard cache (the raw SQL is never cached): a ratio below 1 means the cache served the route.
    `Latest run: ${results.generatedAt.slice(0, 16).replace("T", " ")} UTC, DASHBOARD_CACHE_SECONDS=${process.env.DASHBOARD_CACHE_SECONDS ?? "10 (default)"}, ${results.connections} connections × ${results.durationSeconds} s per dashboard, ` +
      `${results.machine.cpus} cores (load average at the end ${results.machine.loadAverage.join(" / ")}), data set ` +
      `${results.data.accounts?.toLocaleString("en-US")} accounts, ${results.data.resources?.toLocaleString("en-US")} resources, ` +
      `${results.data.violations?.toLocaleString("en-US")} violations, ${results.data.auditEvents?.toLocaleString("en-US")} audit events. ` +
      `Peak RSS of the \`next start\` process group: ${results.nextPeakRssMb ?? "—"} MB.`,
    "",
    "| route | route p50 / p95 / p99 ms (req/s) | raw SQL p50 / p95 / p99 ms (req/s) | ratio p50 / p95 | ratio ≤ 2× | p95 ≤ 150 ms |",
    "|---|---|---|---|---|---|",
    ...results.dashboards.map(
      (row) =>
        `| \`${row.route}\` | ${fmt(row.routeLoaded)}${row.routeLoaded ? ` (${row.routeLoaded.rps})` : ""} | ${fmt(row.rawLoaded)} (${row.rawLoaded.rps}) | ` +
        `${row.ratio ? `${row.ratio.p50}× / ${row.ratio.p95}×` : "—"} | ${row.goals ? `${met(row.goals.ratioP50)} / ${met(row.goals.ratioP95)}` : "—"} | ${met(row.goals?.p95)} |`,
    ),
    "",
    "Per scenario (SQL alone: the request's statements one after another on an idle connection, sum of medians, ms; " +
      "route: one request at a time, p50 / p95 ms; raw SQL: under load, p50 / p95 ms):",
    "",
    "| route | scenario | statements | SQL alone | route, 1 connection | raw SQL, loaded |",
    "|---|---|---|---|---|---|",
    ...results.dashboards.flatMap((row) =>
      row.scenarios.map(
        (scenario) =>
          `| \`${row.route}\` | ${scenario.name}${scenario.query ? ` (\`?${scenario.query}\`)` : ""} | ${scenario.statements} | ${scenario.sqlAloneMs ?? "—"} | ` +
          `${scenario.routeSequential ? `${scenario.routeSequential.p50} / ${scenario.routeSequential.p95}` : "—"} | ` +
          `${scenario.rawLoaded ? `${scenario.rawLoaded.p50} / ${scenario.rawLoaded.p95}` : "—"} |`,
      ),
    ),
    "",
    DOCS_END,
  ];
  const docs = path.join(ROOT, "docs", "benchmarks.md");
  const text = readFileSync(docs, "utf8");
  const start = text.indexOf(DOCS_START);
  const end = text.indexOf(DOCS_END);
  const section = lines.join("\n");
  writeFileSync(docs, start >= 0 && end > start ? `${text.slice(0, start)}${section}${text.slice(end + DOCS_END.length)}` : `${text.trimEnd()}\n\n${section}\n`);
}
