/**
 * The large data set of issue 8, for the dashboards' benchmarks and for trying the portal at scale:
 *   npm run seed:large -- [--reset] [--accounts 5000] [--resources 1000000] [--audit 1000000] [--days 90]
 *                         [--database-url postgresql://postgres@127.0.0.1:5432/lattice_large] [--skip-compliance]
 *                         [--sequential] [--verbose]
 *
 * Loads into DATABASE_URL (or --database-url), which must be on this machine. A missing database is created; the
 * migrations are applied; a database that already holds accounts, resources or audit events is refused unless
 * --reset (drop and recreate it) is given. Everything is generated inside PostgreSQL (INSERT … SELECT over
 * generate_series), so no rows cross the wire:
 *
 * - a tree of 60 units, 40 teams, ~1,500 people (4 % inactive), 5,000 accounts over 5 environments and 5 regions
 *   (6 % unmanaged, ~3 % orphaned: every owner has left; ~10 % dormant; ownership confirmations spread over
 *   the last 400 days, so some reviews are due), their member tags, the naming convention and a tag policy;
 * - 1,000,000 resources with six-segment names and tags with realistic gaps and bad values;
 * - 1,000,000 audit events forming a valid hash chain (lib/core/audit-sql.ts's hashSql, evaluated by a window
 *   aggregate in seq order: `npm run audit:verify` accepts it);
 * - violations, rollups and today's snapshot from evaluateTagCompliance (lib/compliance/mutations.ts), then
 *   a trend of daily snapshots leading up to today's.
 *
 * The secondary indexes of the two big tables are dropped for the load and recreated from their own definitions.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { GENESIS_HASH, hashSql, searchTextSql } from "@/lib/core/audit-sql";
import { PrismaClient } from "@/lib/core/generated/prisma/client";
import { assertLocalDatabaseUrl, databaseUrl as databaseUrlOf, recreateDatabase } from "@/lib/core/testing/test-database";
import { DEMO_GROUPS, generateMatrix } from "@/lib/matrix/demo-matrix";
import { ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";
import type { MatrixTagRule } from "@/lib/matrix/types";
import { applyMigrations, onShutdown } from "./support";

export interface LargeSeedSizes {
  accounts: number;
  resources: number;
  auditEvents: number;
  /** Days of compliance trend, today included. */
  trendDays: number;
}

export const FULL_SIZES: LargeSeedSizes = { accounts: 5_000, resources: 1_000_000, auditEvents: 1_000_000, trendDays: 90 };

export interface LargeSeedResult {
  sizes: LargeSeedSizes;
  users: number;
  /** Seconds per phase, in order. */
  phases: Record<string, number>;
  seconds: number;
  counts: Record<string, number>;
}

const ORG_ID = "org_large";
/** Group of the portal's full-view people; bench-dashboards signs in as one of them. */
export const LARGE_ADMIN_GROUP = DEMO_GROUPS.platformAdmin;

// ── the shape of the organization (small, so written out here and inserted with unnest) ────────────────────────
const DIVISIONS: { key: string; name: string; groups: [name: string, product: string][] }[] = [
  { key: "platform", name: "Platform", groups: [["Core Infrastructure", "core"], ["Networking", "net"], ["Developer Tools", "dev"], ["Observability", "obs"]] },
  { key: "payments", name: "Payments", groups: [["Cards", "card"], ["Wallet", "wal"], ["Ledger", "ldg"], ["Fraud and Risk", "risk"]] },
  { key: "data", name: "Data", groups: [["Analytics", "anl"], ["Machine Learning", "ml"], ["Data Platform", "dpf"], ["Reporting", "rpt"]] },
  { key: "commerce", name: "Commerce", groups: [["Storefront", "shop"], ["Checkout", "chk"], ["Search", "srch"], ["Recommendations", "reco"]] },
  { key: "security", name: "Security", groups: [["Security Operations", "soc"], ["Identity", "idp"], ["Compliance", "comp"], ["Threat Intelligence", "ti"]] },
  { key: "corporate", name: "Corporate IT", groups: [["Workplace", "work"], ["Finance Systems", "fin"], ["HR Systems", "hr"], ["Collaboration", "colb"]] },
  { key: "research", name: "Research", groups: [["Labs", "lab"], ["Simulation", "sim"], ["Edge Computing", "edge"], ["Prototyping", "poc"]] },
];
/** Third-level units: the first 24 groups split by geography. */
const SUB_UNITS = ["APAC", "EMEA"];
const THIRD_LEVEL_GROUPS = 24;
const EXTRA_TEAMS = ["sre", "finops", "data-governance", "release-engineering", "mobile", "partner-integrations", "growth", "support-tools", "qa-automation", "billing", "messaging", "localization"];
const FIRST_NAMES = ["Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kara", "Liam", "Maya", "Nikhil", "Olga", "Pablo", "Qing", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Amir", "Beatriz", "Chen", "Dario"];
const LAST_NAMES = ["Abe", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "Gupta", "Huang", "Ivanova", "Jensen", "Kim", "Lopez", "Mensah", "Novak", "Osei", "Park", "Quinn", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Wong", "Xu", "Yilmaz", "Zhang", "Ahmed", "Bauer", "Cruz", "Dang"];
/** The five regions the large organization runs in, with their share of accounts. */
const LARGE_REGIONS: [id: (typeof REGIONS)[number]["id"], share: number][] = [
  ["ap-singapore", 0.4],
  ["ap-jakarta", 0.15],
  ["ap-tokyo", 0.15],
  ["eu-frankfurt", 0.2],
  ["na-ashburn", 0.1],
];
/** Resource types: [service, six-segment prefix, id prefix, share %, global (no region)]. */
const RESOURCE_TYPES: [service: string, prefix: string, idPrefix: string, percent: number, global: boolean][] = [
  ["cvm", "instance", "ins", 26, false],
  ["cvm", "volume", "disk", 14, false],
  ["cvm", "eip", "eip", 4, false],
  ["cvm", "sg", "sg", 5, false],
  ["vpc", "vpc", "vpc", 3, false],
  ["vpc", "subnet", "subnet", 7, false],
  ["clb", "clb", "lb", 5, false],
  ["cos", "bucket", "bucket", 6, false],
  ["cdb", "instance", "cdb", 5, false],
  ["redis", "instance", "crs", 4, false],
  ["tke", "cluster", "cls", 2, false],
  ["scf", "function", "fn", 6, false],
  ["ckafka", "instance", "ckafka", 2, false],
  ["cls", "topic", "topic", 3, false],
  ["cam", "role", "role", 5, true],
  ["cam", "policy", "policy", 3, true],
];
const APPS = ["checkout", "search", "ledger", "etl", "gateway", "auth", "reports", "notifier", "catalog", "billing", "ingest", "ml-serving"];
/** The demo's required tags, plus one production-only key with restricted values. */
const EXTRA_TAG_RULES: MatrixTagRule[] = [{ key: "backup", allowedValues: ["daily", "weekly", "none"], environments: ["PROD"] }];

const sqlText = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ")}]::text[]`;

function unitRows() {
  const rows: { id: string; parentId: string | null; name: string; path: string; nodeId: number; product: string | null; teamId: string | null }[] = [];
  const add = (id: string, parent: (typeof rows)[number] | null, name: string, product: string | null, teamId: string | null) => {
    const row = { id, parentId: parent?.id ?? null, name, path: `${parent?.path ?? "/"}${id}/`, nodeId: 300_000 + rows.length, product, teamId };
    rows.push(row);
    return row;
  };
  const root = add("unit_l_root", null, "Root", null, null);
  let groupIndex = 0;
  for (const division of DIVISIONS) {
    const parent = add(`unit_l_${division.key}`, root, division.name, null, null);
    for (const [name, product] of division.groups) {
      const teamId = `team_l_${slug(name)}`;
      const group = add(`unit_l_${product}`, parent, name, product, teamId);
      if (groupIndex < THIRD_LEVEL_GROUPS) {
        const geography = SUB_UNITS[groupIndex % SUB_UNITS.length] ?? "APAC";
        add(`unit_l_${product}_${geography.toLowerCase()}`, group, `${name} ${geography}`, product, teamId);
      }
      groupIndex++;
    }
  }
  return rows;
}

function slug(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function teamRows() {
  const fromGroups = DIVISIONS.flatMap((division) => division.groups.map(([name]) => ({ slug: slug(name), name })));
  const extra = EXTRA_TEAMS.map((teamSlug) => ({ slug: teamSlug, name: teamSlug.split("-").map((word) => word[0]!.toUpperCase() + word.slice(1)).join(" ") }));
  return [...fromGroups, ...extra].map((team) => ({ id: `team_l_${team.slug}`, ...team }));
}

type Query = (sql: string, values?: unknown[]) => Promise<pg.QueryResult>;
/** Runs one timed phase of the load. */
type Step = (name: string, run: () => Promise<void>) => Promise<void>;

/**
 * Generates the data set into an empty, migrated database. `log` reports progress. The caller owns the database;
 * `evaluate` runs the tag-compliance evaluation (skipped when null).
 */
export async function seedLargeDataSet(
  databaseUrl: string,
  sizes: LargeSeedSizes,
  options: {
    log?: (message: string) => void;
    /** Run the tag-compliance evaluation (default true). */
    evaluate?: boolean;
    /** Load resources and the audit chain side by side on two connections (default true). */
    parallel?: boolean;
    /** Print every statement's time. */
    verbose?: boolean;
  } = {},
): Promise<LargeSeedResult> {
  const log = options.log ?? ((message: string) => console.log(message));
  const started = performance.now();
  const phases: Record<string, number> = {};
  const clients: pg.Client[] = [];
  /** A loading session of its own: the two tracks below run side by side on two connections. */
  const connect = async (seed: number): Promise<Query> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    clients.push(client);
    await client.connect();
    const q: Query = async (sql, values) => {
      const t = performance.now();
      const result = await client.query(sql, values);
      if (options.verbose) log(`    ${((performance.now() - t) / 1000).toFixed(2)} s  ${sql.replace(/\s+/g, " ").slice(0, 90)}`);
      return result;
    };
    // Prisma writes UTC into `timestamp(3)` columns; so must we. Bulk-load settings for this session only.
    await q(`SET TIME ZONE 'UTC'`);
    await q(`SET synchronous_commit = off`);
    // JIT compiling these statements' large expressions costs seconds and saves nothing on a one-off load.
    await q(`SET jit = off`);
    await q(`SET work_mem = '512MB'`);
    await q(`SET maintenance_work_mem = '1GB'`);
    await q(`SELECT setseed($1)`, [seed]);
    return q;
  };
  const phase: Step = async (name, run) => {
    const t = performance.now();
    await run();
    phases[name] = Number(((performance.now() - t) / 1000).toFixed(1));
    log(`  ${name.padEnd(40)} ${phases[name]!.toFixed(1).padStart(7)} s`);
  };
  const A = sizes.accounts;
  const R = sizes.resources;
  const E = sizes.auditEvents;
  // About 0.3 people per account, at least enough for every team to have a few.
  const U = Math.max(120, Math.round(A * 0.3));
  try {
    const q = await connect(0.20261129);
    const busy = await q(`SELECT (SELECT count(*) FROM public.account) + (SELECT count(*) FROM public.resource) + (SELECT count(*) FROM public.audit_event) AS n`);
    if (Number(busy.rows[0].n) > 0) throw new Error("the database already holds accounts, resources or audit events: use --reset (or another database)");

    await phase("organization, units, teams, people", () => seedOrganization(q, U));
    await phase("accounts, owners, member tags", () => seedAccounts(q, A));
    // Two independent tracks on two connections (PostgreSQL uses a core for each): resources and their compliance,
    // and the audit chain. Each phase's time is its own wall time, so with both tracks busy they add up to more
    // than the total.
    const audit = await connect(0.5);
    const tracks = [
      async () => {
        await withIndexesRebuilt(q, phase, "resource", "resources", () => phase("resources: insert", () => seedResources(q, R)));
        if (options.evaluate !== false) await phase("tag compliance (evaluateTagCompliance)", () => evaluateCompliance(databaseUrl));
      },
      () => withIndexesRebuilt(audit, phase, "audit_event", "audit events", () => seedAuditEvents(audit, E, phase)),
    ];
    if (options.parallel === false) for (const track of tracks) await track();
    else await Promise.all(tracks.map((track) => track()));
    await phase("compliance trend", () => seedTrend(q, sizes.trendDays));
    await phase("vacuum analyze", async () => {
      for (const table of ["resource", "resource_violation", "tag_compliance_rollup", "tag_key_compliance_rollup", "audit_event", "account", "account_owner", "account_tag", "app_user", "unit", "team"]) {
        await q(`VACUUM (ANALYZE) public.${table}`);
      }
    });
    const counts = await q(`SELECT
      (SELECT count(*) FROM public.unit)::int AS units, (SELECT count(*) FROM public.team)::int AS teams,
      (SELECT count(*) FROM public.app_user)::int AS users, (SELECT count(*) FROM public.account)::int AS accounts,
      (SELECT count(*) FROM public.account_owner)::int AS owners, (SELECT count(*) FROM public.resource)::int AS resources,
      (SELECT count(*) FROM public.resource_violation)::int AS violations, (SELECT count(*) FROM public.tag_compliance_rollup)::int AS rollups,
      (SELECT count(*) FROM public.tag_compliance_snapshot)::int AS snapshots, (SELECT count(*) FROM public.audit_event)::int AS "auditEvents",
      pg_database_size(current_database())::bigint / 1048576 AS "databaseMb"`);
    return {
      sizes,
      users: U,
      phases,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      counts: Object.fromEntries(Object.entries(counts.rows[0] as Record<string, string | number>).map(([key, value]) => [key, Number(value)])),
    };
  } finally {
    for (const client of clients) await client.end().catch(() => {});
  }
}

/** Drops the table's secondary indexes, runs the load, and recreates them exactly as the migrations made them. */
async function withIndexesRebuilt(q: Query, step: Step, table: string, label: string, load: () => Promise<void>) {
  const { rows } = await q(
    `SELECT i.indexname, i.indexdef, c.conname FROM pg_indexes i
     LEFT JOIN pg_constraint c ON c.conname = i.indexname AND c.conrelid = ('public.' || i.tablename)::regclass
     WHERE i.schemaname = 'public' AND i.tablename = $1 AND i.indexname <> $1 || '_pkey'`,
    [table],
  );
  const indexes = rows as { indexname: string; indexdef: string; conname: string | null }[];
  if (indexes.some((index) => index.conname)) throw new Error(`${table} has constraint-backed indexes; cannot drop them for the load`);
  for (const index of indexes) await q(`DROP INDEX public."${index.indexname}"`);
  await load();
  await step(`${label}: recreate ${indexes.length} indexes`, async () => {
    for (const index of indexes) await q(index.indexdef);
  });
}

async function seedOrganization(q: Query, userCount: number) {
  const units = unitRows();
  const teams = teamRows();
  const demo = generateMatrix({ accounts: 0 });
  await q(
    `INSERT INTO public.organization (id, tencent_org_id, management_uin, name, site, updated_at)
     VALUES ($1, '46001', '100000000002', 'Lattice Large Organization', 'INTL', now())`,
    [ORG_ID],
  );
  // Parents first (the array is in tree order), so the foreign key holds row by row.
  await q(
    `INSERT INTO public.unit (id, organization_id, parent_id, name, tencent_node_id, path, updated_at)
     SELECT u.id, $1, u.parent_id, u.name, u.node_id, u.path, now()
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) WITH ORDINALITY AS u(id, parent_id, name, node_id, path, ord)
     ORDER BY u.ord`,
    [ORG_ID, units.map((u) => u.id), units.map((u) => u.parentId), units.map((u) => u.name), units.map((u) => u.nodeId), units.map((u) => u.path)],
  );
  await q(
    `INSERT INTO public.team (id, slug, name, updated_at) SELECT t.id, t.slug, t.name, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, slug, name)`,
    [teams.map((t) => t.id), teams.map((t) => t.slug), teams.map((t) => t.name)],
  );
  // Units that hold accounts (all but the root and the divisions), with their product code and team.
  await q(`CREATE TEMP TABLE seed_unit (k int PRIMARY KEY, id text, product text, team_id text)`);
  const holders = units.filter((unit) => unit.product);
  await q(
    `INSERT INTO seed_unit SELECT (u.ord - 1)::int, u.id, u.product, u.team_id FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(id, product, team_id, ord)`,
    [holders.map((u) => u.id), holders.map((u) => u.product), holders.map((u) => u.teamId)],
  );
  await q(`CREATE TEMP TABLE seed_team (k int PRIMARY KEY, id text, slug text)`);
  await q(`INSERT INTO seed_team SELECT (t.ord - 1)::int, t.id, t.slug FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(id, slug, ord)`, [
    teams.map((t) => t.id),
    teams.map((t) => t.slug),
  ]);

  // People: everyone an engineer; every 20th an approver, every 50th in security, every 150th a platform admin,
  // every 200th an auditor only. One in 25 has left (inactive); 3 % belong to no team.
  await q(
    `INSERT INTO public.app_user (id, subject, email, name, groups, team_id, last_login_at, active, updated_at)
     SELECT 'user_l_' || lpad(n::text, 5, '0'), 'large-' || n,
       lower(f.name || '.' || l.name || n || '@corp.example'), f.name || ' ' || l.name,
       CASE WHEN n % 200 = 23 THEN ARRAY['${DEMO_GROUPS.auditor}']
         ELSE ARRAY['${DEMO_GROUPS.engineer}']
           || CASE WHEN n % 20 = 3 THEN ARRAY['${DEMO_GROUPS.approver}'] ELSE '{}'::text[] END
           || CASE WHEN n % 50 = 11 THEN ARRAY['${DEMO_GROUPS.security}'] ELSE '{}'::text[] END
           || CASE WHEN n % 150 = 17 THEN ARRAY['${LARGE_ADMIN_GROUP}'] ELSE '{}'::text[] END
       END,
       CASE WHEN n % 33 = 0 THEN NULL ELSE (SELECT id FROM seed_team WHERE seed_team.k = (n * 7) % ${teams.length}) END,
       now() - (power(random(), 2) * 120) * interval '1 day',
       n % 25 <> 7, now()
     FROM generate_series(1, ${userCount}) AS g(n)
     JOIN unnest(${sqlText(FIRST_NAMES)}) WITH ORDINALITY AS f(name, i) ON f.i = 1 + n % ${FIRST_NAMES.length}
     JOIN unnest(${sqlText(LAST_NAMES)}) WITH ORDINALITY AS l(name, i) ON l.i = 1 + (n / ${FIRST_NAMES.length} + n * 7) % ${LAST_NAMES.length}`,
  );
  // The demo people too (no team), so the demo identity provider can sign in to this data set.
  await q(
    `INSERT INTO public.app_user (id, subject, email, name, groups, active, updated_at)
     SELECT u.id, u.subject, u.email, u.name, string_to_array(u.groups, ','), u.active, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[]) AS u(id, subject, email, name, groups, active)`,
    [
      demo.users.map((u) => u.id),
      demo.users.map((u) => u.subject),
      demo.users.map((u) => u.email),
      demo.users.map((u) => u.name),
      demo.users.map((u) => u.groups.join(",")),
      demo.users.map((u) => u.active),
    ],
  );
  await q(
    `INSERT INTO public.naming_convention (id, version, template, description, updated_at)
     VALUES ('naming_v1', 1, $1, 'Initial convention', now())`,
    [demo.namingTemplate],
  );
  const rules = [...demo.tagRules, ...EXTRA_TAG_RULES];
  await q(`INSERT INTO public.tag_policy (id, version, description, updated_at) VALUES ('tag_policy_v1', 1, 'Required tags', now())`);
  for (const rule of rules) {
    await q(
      `INSERT INTO public.tag_policy_rule (id, tag_policy_id, key, allowed_values, environments, updated_at)
       VALUES ($1, 'tag_policy_v1', $2, $3::text[], $4::public.environment[], now())`,
      [`tag_policy_v1_${rule.key}`, rule.key, rule.allowedValues, rule.environments],
    );
  }
}

async function seedAccounts(q: Query, accountCount: number) {
  const regionIds = LARGE_REGIONS.map(([id]) => id);
  const regionCodes = LARGE_REGIONS.map(([id]) => REGIONS.find((region) => region.id === id)!.code);
  let cumulative = 0;
  const regionBounds = LARGE_REGIONS.map(([, share]) => (cumulative += share));
  const regionPick = (variable: string) =>
    `(CASE ${regionBounds.slice(0, -1).map((bound, index) => `WHEN ${variable} < ${bound} THEN ${index + 1}`).join(" ")} ELSE ${regionBounds.length} END)`;
  const envCodes = ENVIRONMENTS.map((environment) => environment.code);

  // Active people per team and overall, numbered, to draw owners from.
  await q(`CREATE TEMP TABLE seed_member AS
    SELECT id, email, team_id, active, row_number() OVER (PARTITION BY team_id, active ORDER BY id)::int - 1 AS rn,
      count(*) OVER (PARTITION BY team_id, active)::int AS cnt,
      row_number() OVER (PARTITION BY active ORDER BY id)::int - 1 AS grn, count(*) OVER (PARTITION BY active)::int AS gcnt
    FROM public.app_user WHERE id LIKE 'user\\_l\\_%'`);
  await q(`CREATE INDEX ON seed_member (team_id, active, rn)`);
  await q(`CREATE INDEX ON seed_member (active, grn)`);

  await q(`CREATE TEMP TABLE seed_account AS
    WITH r AS MATERIALIZED (
      SELECT k, random() AS r_unit, random() AS r_env, random() AS r_status, random() AS r_region, random() AS r_region2,
        random() AS r_class, random() AS r_age, random() AS r_idle, random() AS r_confirm, random() AS r_team, random() AS r_name,
        random() AS r_owners, random() AS r_orphan, random() AS r_hygiene
      FROM generate_series(1, ${accountCount}) k
    ), x AS (
      SELECT r.*, u.id AS unit_id, u.product, u.team_id AS unit_team,
        (CASE WHEN r_env < 0.30 THEN 'PROD' WHEN r_env < 0.50 THEN 'STAGING' WHEN r_env < 0.80 THEN 'DEV' WHEN r_env < 0.92 THEN 'SANDBOX' ELSE 'SHARED' END)::public.environment AS environment,
        (CASE WHEN r_status < 0.06 THEN 'UNMANAGED' WHEN r_status < 0.08 THEN 'SUSPENDED' WHEN r_status < 0.09 THEN 'CLOSED'
              WHEN r_status < 0.093 THEN 'PROVISIONING' ELSE 'ACTIVE' END)::public.account_status AS status,
        ${regionPick("r_region")} AS region_i,
        (30 + floor(r_age * 870))::int AS age_days
      FROM r JOIN seed_unit u ON u.k = floor(power(r_unit, 1.3) * (SELECT count(*) FROM seed_unit))::int
    )
    SELECT x.*,
      'acct_l_' || lpad(k::text, 6, '0') AS id,
      (300000000000 + k)::text AS member_uin,
      CASE WHEN status = 'UNMANAGED' THEN NULL WHEN r_team < 0.85 THEN unit_team
           ELSE (SELECT id FROM seed_team WHERE seed_team.k = floor(r_team * 1000)::int % (SELECT count(*) FROM seed_team)) END AS team_id,
      -- Names follow {product}-{env}-{region}-{descriptor} except for ~4 % created before the convention.
      CASE WHEN r_name < 0.04 THEN 'Legacy_' || upper(product) || '_' || k
           ELSE product || '-' || (${sqlText(envCodes)})[array_position(enum_range(NULL::public.environment), environment)] || '-'
             || (${sqlText(regionCodes)})[region_i] || '-'
             || (ARRAY['api','web','batch','etl','core','ops','db','edge','jobs','ml'])[1 + floor(r_name * 1000)::int % 10] || k END AS name,
      ARRAY[(${sqlText(regionIds)})[region_i]] || CASE WHEN r_region2 < 0.3 THEN ARRAY[(${sqlText(regionIds)})[1 + (region_i + floor(r_region2 * 40)::int) % ${regionIds.length}]] ELSE '{}'::text[] END
        AS regions_raw,
      'CC-' || (1000 + floor(r_class * 1000)::int % 60 * 10) AS cost_center,
      (CASE WHEN environment = 'PROD' THEN (ARRAY['INTERNAL','CONFIDENTIAL','RESTRICTED'])[1 + floor(r_class * 3)::int]
            ELSE (ARRAY['PUBLIC','INTERNAL'])[1 + floor(r_class * 2)::int] END)::public.data_classification AS data_classification,
      date_trunc('milliseconds', now() - age_days * interval '1 day') AS created_at,
      -- ~10 % dormant (90–400 days idle; never, if younger than that), 2 % never active, the rest active lately.
      CASE WHEN r_idle < 0.02 THEN NULL
           WHEN r_idle < 0.12 THEN CASE WHEN 90 + (r_idle - 0.02) * 3100 > age_days THEN NULL ELSE now() - (90 + (r_idle - 0.02) * 3100) * interval '1 day' END
           ELSE now() - (r_idle * 20) * interval '1 day' END AS last_activity_at,
      -- Confirmed within the last 400 days (so some reviews are due), or never (12 % of managed accounts).
      CASE WHEN status = 'UNMANAGED' OR r_confirm < 0.08 THEN NULL
           ELSE greatest(now() - age_days * interval '1 day', now() - (power((r_confirm - 0.08) / 0.92, 2) * 300) * interval '1 day') END AS confirmed_at,
      -- Owners: none when unmanaged; ~3 % orphaned (every owner has left); else 1–3 active members of the team.
      CASE WHEN status = 'UNMANAGED' THEN 0 WHEN r_owners < 0.3 THEN 1 WHEN r_owners < 0.8 THEN 2 ELSE 3 END AS owner_count,
      status <> 'UNMANAGED' AND r_orphan < 0.03 AS orphaned,
      power(r_hygiene, 4) AS hygiene
    FROM x`);
  await q(`UPDATE seed_account SET regions_raw = ARRAY(SELECT DISTINCT unnest(regions_raw))`);
  await q(`ALTER TABLE seed_account ADD PRIMARY KEY (k)`);

  // Owners: start at a random member of the pool and take the next ones (distinct, as every pool has ≥ 3 people).
  // The pool is the team's active members; the whole company's when the team is too small; for orphaned accounts,
  // people who have left.
  await q(`CREATE TEMP TABLE seed_owner AS
    WITH picks AS (
      SELECT a.id AS account_id, j, floor(a.r_owners * 100000)::int + j AS pos, a.team_id, tc.cnt AS team_cnt,
        CASE WHEN a.orphaned THEN 'left' WHEN coalesce(tc.cnt, 0) >= 3 THEN 'team' ELSE 'company' END AS pool
      FROM seed_account a CROSS JOIN LATERAL generate_series(0, a.owner_count - 1) j
      LEFT JOIN (SELECT team_id, count(*)::int AS cnt FROM seed_member WHERE active GROUP BY team_id) tc ON tc.team_id = a.team_id
    ), chosen AS (
      SELECT p.account_id, p.j, m.id, m.email FROM picks p
      JOIN seed_member m ON m.team_id = p.team_id AND m.active AND m.rn = p.pos % p.team_cnt WHERE p.pool = 'team'
      UNION ALL
      SELECT p.account_id, p.j, m.id, m.email FROM picks p
      JOIN seed_member m ON m.active = (p.pool = 'company') AND m.grn = p.pos % m.gcnt WHERE p.pool <> 'team'
    )
    SELECT DISTINCT ON (account_id, id) account_id, id AS user_id, email, j,
      (CASE WHEN j = 0 THEN 'PRIMARY' ELSE 'SECONDARY' END)::public.owner_role AS role
    FROM chosen ORDER BY account_id, id, j`);
  await q(`CREATE INDEX ON seed_owner (account_id, j)`);

  await q(`INSERT INTO public.account (id, organization_id, unit_id, team_id, member_uin, name, description, environment, status, regions,
      cost_center, data_classification, business_unit, last_activity_at, ownership_confirmed_at, ownership_confirmed_by_id,
      inventory_synced_at, created_at, updated_at)
    SELECT a.id, '${ORG_ID}', a.unit_id, a.team_id, a.member_uin, a.name, NULL, a.environment, a.status, a.regions_raw,
      a.cost_center, a.data_classification, (SELECT u.name FROM public.unit u JOIN public.unit c ON c.parent_id = u.id WHERE c.id = a.unit_id),
      a.last_activity_at, a.confirmed_at, CASE WHEN a.confirmed_at IS NOT NULL THEN o.user_id END,
      CASE WHEN a.status <> 'CLOSED' THEN now() - interval '1 hour' END, a.created_at, now()
    FROM seed_account a LEFT JOIN seed_owner o ON o.account_id = a.id AND o.j = 0
    ORDER BY a.k`);
  await q(`INSERT INTO public.account_owner (id, account_id, user_id, role, updated_at)
    SELECT o.account_id || '_' || o.user_id, o.account_id, o.user_id, o.role, now() FROM seed_owner o`);
  // Member tags: the demo's keys, with gaps and a few values the policy does not allow.
  await q(`INSERT INTO public.account_tag (id, account_id, key, value, updated_at)
    SELECT a.id || '_' || t.key, a.id, t.key, t.value, now()
    FROM seed_account a
    LEFT JOIN seed_owner o ON o.account_id = a.id AND o.j = 0
    LEFT JOIN seed_team st ON st.id = a.team_id
    CROSS JOIN LATERAL (VALUES
      ('owner', o.email),
      ('cost-center', CASE WHEN a.r_region2 > 0.85 THEN NULL ELSE a.cost_center END),
      ('environment', CASE WHEN a.r_confirm > 0.92 THEN (CASE WHEN a.environment = 'PROD' THEN 'production' ELSE 'test' END)
                           ELSE lower(a.environment::text) END),
      ('data-classification', CASE WHEN a.r_class > 0.8 THEN NULL ELSE lower(a.data_classification::text) END),
      ('team', st.slug)
    ) AS t(key, value)
    WHERE t.value IS NOT NULL`);
  await q(`ANALYZE public.account; ANALYZE public.account_owner; ANALYZE public.app_user`);
}

async function seedResources(q: Query, resourceCount: number) {
  // Resource types as a 100-slot lookup (by share), and the accounts that hold resources, in a shuffled order
  // (account k = 1 holds the most: a few accounts hold thousands, most a few dozen to a few hundred).
  const slots = RESOURCE_TYPES.flatMap(([service, prefix, idPrefix, percent, global]) => Array.from({ length: percent }, () => ({ service, prefix, idPrefix, global })));
  if (slots.length !== 100) throw new Error(`resource type shares add up to ${slots.length} %, not 100 %`);
  await q(`CREATE TEMP TABLE seed_rtype AS SELECT (t.ord - 1)::int AS slot, t.service, t.prefix, t.id_prefix, t.global
    FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS t(service, prefix, id_prefix, global, ord)`, [
    slots.map((s) => s.service),
    slots.map((s) => s.prefix),
    slots.map((s) => s.idPrefix),
    slots.map((s) => s.global),
  ]);
  await q(`CREATE TEMP TABLE seed_racct AS
    SELECT row_number() OVER (ORDER BY md5(a.id))::int AS k, a.id, a.member_uin, a.regions_raw AS regions, cardinality(a.regions_raw) AS region_count,
      lower(a.environment::text) AS env, a.environment = 'PROD' AS prod, a.cost_center, lower(a.data_classification::text) AS classification,
      o.email AS owner_email, st.slug AS team, a.hygiene
    FROM seed_account a LEFT JOIN seed_owner o ON o.account_id = a.id AND o.j = 0 LEFT JOIN seed_team st ON st.id = a.team_id
    WHERE a.status NOT IN ('CLOSED', 'PROVISIONING')`);
  await q(`ALTER TABLE seed_racct ADD PRIMARY KEY (k)`);
  const holders = Number((await q(`SELECT count(*) FROM seed_racct`)).rows[0].count);
  // Tag gaps grow with the account's (skewed) sloppiness `hygiene` ∈ [0, 1): most accounts are tidy, a few are not.
  await q(`INSERT INTO public.resource (account_id, resource_name, service, region, resource_type, resource_id, tags, flagged_by_tencent,
      first_seen_at, last_seen_at, gone_at, updated_at)
    WITH r AS MATERIALIZED (
      SELECT g, 1 + floor(power(random(), 1.8) * ${holders})::int AS ak, floor(random() * 100)::int AS slot, random() AS r_region,
        random() AS r_owner, random() AS r_cc, random() AS r_env, random() AS r_dc, random() AS r_backup, random() AS r_extra,
        random() AS r_seen, random() AS r_gone
      FROM generate_series(1, ${resourceCount}) g
    ), x AS (
      SELECT r.*, a.*, t.service, t.prefix, t.id_prefix,
        CASE WHEN t.global THEN '' ELSE a.regions[1 + floor(r_region * a.region_count)::int] END AS region,
        -- Multiplying by an odd constant modulo 2^32 is a bijection: unique 8-hex-digit ids for up to 4 billion rows.
        t.id_prefix || '-' || lpad(to_hex((g * 2654435761) % 4294967296), 8, '0') AS rid,
        now() - (power(r_seen, 0.7) * 365) * interval '1 day' AS first_seen,
        r_gone < 0.02 AS gone
      FROM r JOIN seed_racct a ON a.k = r.ak JOIN seed_rtype t ON t.slot = r.slot
    )
    SELECT x.id, 'qcs::' || service || ':' || region || ':uin/' || member_uin || ':' || prefix || '/' || rid, service, region,
      service || ':' || prefix, rid,
      jsonb_strip_nulls(jsonb_build_object(
        'owner', CASE WHEN r_owner < 0.02 + 0.3 * hygiene THEN NULL ELSE owner_email END,
        -- a mis-cased key counts as missing
        'Owner', CASE WHEN r_owner < 0.02 + 0.3 * hygiene AND r_extra < 0.1 THEN owner_email END,
        'cost-center', CASE WHEN r_cc < 0.03 + 0.3 * hygiene THEN NULL WHEN r_cc < 0.035 + 0.3 * hygiene THEN '' ELSE cost_center END,
        'environment', CASE WHEN r_env < 0.01 + 0.2 * hygiene THEN NULL
                            WHEN r_env < 0.025 + 0.3 * hygiene THEN (ARRAY['production','Prod','test','qa','PROD','uat'])[1 + floor(r_extra * 6)::int]
                            ELSE env END,
        'data-classification', CASE WHEN r_dc < 0.04 + 0.3 * hygiene THEN NULL
                                    WHEN r_dc < 0.05 + 0.35 * hygiene THEN (ARRAY['secret','pii','Confidential','tbd'])[1 + floor(r_extra * 4)::int]
                                    ELSE classification END,
        'backup', CASE WHEN NOT prod OR r_backup < 0.08 + 0.3 * hygiene THEN NULL WHEN r_backup < 0.1 + 0.3 * hygiene THEN 'hourly'
                       ELSE (ARRAY['daily','weekly','none'])[1 + floor(r_backup * 3000)::int % 3] END,
        'team', team,
        'app', CASE WHEN r_extra < 0.7 THEN (${sqlText(APPS)})[1 + floor(r_extra * 1000)::int % ${APPS.length}] END,
        'Name', CASE WHEN service = 'cvm' AND prefix = 'instance' THEN env || '-' || rid END
      )),
      r_extra > 0.99,
      date_trunc('milliseconds', first_seen),
      date_trunc('milliseconds', CASE WHEN gone THEN first_seen + (now() - first_seen) * r_gone * 40 ELSE now() - interval '1 hour' END),
      CASE WHEN gone THEN date_trunc('milliseconds', least(now() - interval '2 hours', first_seen + (now() - first_seen) * r_gone * 40 + interval '1 day')) END,
      now()
    FROM x
    ORDER BY x.id`);
  await q(`ANALYZE public.resource`);
}

async function seedAuditEvents(q: Query, eventCount: number, step: Step) {
  await step("audit events: generate rows", async () => {
    // People and accounts to draw actors and targets from.
    await q(`CREATE TEMP TABLE seed_actor AS SELECT row_number() OVER (ORDER BY id)::int - 1 AS k, id, email FROM public.app_user WHERE id LIKE 'user\\_l\\_%'`);
    await q(`ALTER TABLE seed_actor ADD PRIMARY KEY (k)`);
    await q(`CREATE TEMP TABLE seed_target AS SELECT row_number() OVER (ORDER BY md5(id))::int - 1 AS k, id, member_uin AS uin, unit_id, regions[1] AS region FROM public.account`);
    await q(`ALTER TABLE seed_target ADD PRIMARY KEY (k)`);
    const people = Number((await q(`SELECT count(*) FROM seed_actor`)).rows[0].count);
    const targets = Number((await q(`SELECT count(*) FROM seed_target`)).rows[0].count);

    // The events, one row each in the audit_event column types (so canonicalSql reads exactly what will be stored).
    await q(`CREATE TEMP TABLE seed_audit (
        seq bigint, occurred_at timestamptz(3), source public.audit_source, actor_type public.audit_actor_type, actor_id text,
        actor_label text, action text, target_type text, target_id text, account_id text, account_uin text, unit_id text,
        request_ref text, grant_ref text, tencent_request_ids text[], client_ip text, user_agent text, external_id text,
        payload jsonb, prev_hash text)`);
    // A year of history up to a minute ago, in seq order: 45 % CloudAudit, 25 % sign-ins/-outs, 15 % access requests
    // and grants, 6 % account requests, 5 % CloudAudit imports, 4 % the rest.
    await q(`INSERT INTO seed_audit
      WITH r AS MATERIALIZED (
        SELECT g::bigint AS seq, random() AS r_kind, random() AS r_action, floor(power(random(), 1.5) * ${people})::int AS r_user,
          floor(power(random(), 1.3) * ${targets})::int AS r_acc, random() AS r_ref, random() AS r_time
        FROM generate_series(1, ${eventCount}) g
      ), k AS (
        SELECT r.*,
          CASE WHEN r_kind < 0.45 THEN 'cloud' WHEN r_kind < 0.70 THEN 'session' WHEN r_kind < 0.85 THEN 'access'
               WHEN r_kind < 0.91 THEN 'request' WHEN r_kind < 0.96 THEN 'import' ELSE 'misc' END AS kind
        FROM r
      ), a AS (
        SELECT k.*,
          CASE kind
            WHEN 'cloud' THEN (ARRAY['cloud.RunInstances','cloud.TerminateInstances','cloud.ModifySecurityGroupPolicies','cloud.AttachRolePolicy',
                                     'cloud.ConsoleLogin','cloud.PutBucketAcl','cloud.CreateDBInstance','cloud.DeleteSubnet'])[1 + floor(r_action * 8)::int]
            WHEN 'session' THEN CASE WHEN r_action < 0.6 THEN 'user.signIn' WHEN r_action < 0.97 THEN 'user.signOut' ELSE 'session.revokeAll' END
            WHEN 'access' THEN CASE WHEN r_action < 0.3 THEN 'accessRequest.submit' WHEN r_action < 0.55 THEN 'accessRequest.approve'
                                    WHEN r_action < 0.75 THEN 'accessGrant.activated' WHEN r_action < 0.9 THEN 'accessGrant.expired'
                                    WHEN r_action < 0.98 THEN 'accessGrant.credentialsIssued' ELSE 'accessRequest.breakGlass' END
            WHEN 'request' THEN CASE WHEN r_action < 0.2 THEN 'accountRequest.saveDraft' WHEN r_action < 0.4 THEN 'accountRequest.submit'
                                     WHEN r_action < 0.6 THEN 'accountRequest.approve' WHEN r_action < 0.9 THEN 'accountRequest.provisionStep'
                                     ELSE 'accountRequest.complete' END
            WHEN 'import' THEN 'audit.import'
            ELSE (ARRAY['audit.verify','audit.export','user.deactivate','user.reactivate','catalogRole.publish','namingConvention.publish',
                        'breakGlassReview.close','accessGrant.revoke'])[1 + floor(r_action * 8)::int]
          END AS action
        FROM k
      ), s AS (
        SELECT a.*, u.id AS user_id, u.email, t.id AS acc_id, t.uin, t.unit_id AS acc_unit, t.region,
          kind IN ('cloud', 'import') OR action IN ('accessGrant.expired', 'accessGrant.activated', 'accountRequest.provisionStep', 'accountRequest.complete') AS by_system,
          kind IN ('cloud', 'import', 'access') OR action IN ('accountRequest.complete', 'accessGrant.revoke') AS on_account,
          'c' || substr(md5('request' || (a.seq / 4)), 1, 24) AS request_id,
          'c' || substr(md5('grant' || (a.seq / 3)), 1, 24) AS grant_id
        FROM a
        LEFT JOIN seed_actor u ON u.k = a.r_user
        LEFT JOIN seed_target t ON t.k = a.r_acc
      )
      SELECT s.seq,
        date_trunc('milliseconds', now() - interval '365 days' + ((s.seq - 1 + s.r_time * 0.9) * (365 * 86400.0 - 60) / ${eventCount}) * interval '1 second'),
        (CASE WHEN kind = 'cloud' THEN 'CLOUDAUDIT' ELSE 'PORTAL' END)::public.audit_source,
        (CASE WHEN kind = 'cloud' THEN 'TENCENT' WHEN by_system THEN 'SYSTEM' ELSE 'USER' END)::public.audit_actor_type,
        CASE WHEN NOT by_system THEN user_id END,
        CASE WHEN kind = 'cloud' THEN 'qcs::cam::uin/' || uin || ':roleName/' || (ARRAY['ops','deployer','terraform','oncall'])[1 + r_user % 4]
             WHEN by_system THEN 'lattice' ELSE email END,
        action,
        CASE WHEN kind = 'cloud' THEN (ARRAY['cvm:instance','cvm:instance','cvm:sg','cam:role','cam:user','cos:bucket','cdb:instance','vpc:subnet'])[1 + floor(r_action * 8)::int]
             WHEN kind = 'session' THEN 'session' WHEN kind = 'access' THEN CASE WHEN action LIKE 'accessGrant%' THEN 'accessGrant' ELSE 'accessRequest' END
             WHEN kind = 'request' THEN 'accountRequest' WHEN kind = 'import' THEN 'audit'
             WHEN action LIKE 'user.%' THEN 'user' WHEN action LIKE 'audit.%' THEN 'audit' ELSE split_part(action, '.', 1) END,
        CASE WHEN kind = 'cloud' THEN (ARRAY['ins','ins','sg','role','user','bucket','cdb','subnet'])[1 + floor(r_action * 8)::int] || '-' || substr(md5(s.seq::text), 1, 8)
             WHEN kind = 'session' THEN 'c' || substr(md5('session' || s.seq), 1, 24)
             WHEN kind = 'access' THEN CASE WHEN action LIKE 'accessGrant%' THEN grant_id ELSE request_id END
             WHEN kind = 'request' THEN request_id
             WHEN action LIKE 'user.%' THEN (SELECT id FROM seed_actor WHERE seed_actor.k = (r_user * 7 + 3) % ${people}) END,
        CASE WHEN on_account THEN acc_id END,
        CASE WHEN on_account THEN uin END,
        CASE WHEN on_account THEN acc_unit END,
        CASE WHEN kind IN ('access', 'request') THEN request_id END,
        CASE WHEN action LIKE 'accessGrant%' THEN grant_id END,
        CASE WHEN kind = 'cloud' OR action IN ('accessGrant.activated', 'accountRequest.provisionStep', 'accountRequest.complete')
             THEN ARRAY[substr(md5('rq' || s.seq), 1, 8) || '-' || substr(md5('rq' || s.seq), 9, 4) || '-' || substr(md5('rq' || s.seq), 13, 4) || '-' || substr(md5('rq' || s.seq), 17, 12)]
             ELSE '{}'::text[] END,
        CASE WHEN kind = 'cloud' THEN '203.0.113.' || (s.seq % 250) WHEN by_system THEN NULL ELSE '10.' || (r_user % 200) || '.' || (r_user * 7 % 250) || '.' || (10 + r_user % 200) END,
        CASE WHEN kind = 'cloud' THEN 'console.tencentcloud.com' WHEN by_system THEN NULL
             ELSE 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36' END,
        CASE WHEN kind = 'cloud' THEN 'ca-' || md5('event' || s.seq) END,
        CASE
          WHEN kind = 'cloud' THEN jsonb_build_object('eventName', substr(action, 7), 'region', region, 'errorCode', CASE WHEN r_ref < 0.03 THEN 'AuthFailure' ELSE '0' END,
            'resource', (ARRAY['ins','ins','sg','role','user','bucket','cdb','subnet'])[1 + floor(r_action * 8)::int] || '-' || substr(md5(s.seq::text), 1, 8))
          WHEN action = 'user.signIn' THEN jsonb_build_object('amr', CASE WHEN r_ref < 0.8 THEN jsonb_build_array('pwd', 'otp') ELSE jsonb_build_array('pwd') END, 'mfa', r_ref < 0.8)
          WHEN action IN ('accessRequest.submit', 'accessRequest.breakGlass') THEN jsonb_build_object('role', (ARRAY['ReadOnly','Developer','DBA','NetworkAdmin'])[1 + r_user % 4],
            'durationMinutes', (ARRAY[60, 120, 240, 480])[1 + floor(r_ref * 4)::int], 'justification', 'Incident follow-up INC-' || (10000 + s.seq % 9000))
          WHEN action = 'accessRequest.approve' THEN jsonb_build_object('comment', 'ok', 'mfa', true)
          WHEN action = 'accessGrant.activated' THEN jsonb_build_object('expiresAt', to_char(now() - interval '365 days' + s.seq * interval '30 seconds', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
          WHEN kind = 'request' THEN jsonb_build_object('name', 'new-account-' || (s.seq / 4) % 10000, 'environment', (ARRAY['prod','staging','dev'])[1 + floor(r_ref * 3)::int],
            'step', CASE WHEN action = 'accountRequest.provisionStep' THEN (ARRAY['CREATE_MEMBER','WAIT_UNTIL_READY','ATTACH_BASELINE_POLICIES','OWNER_ACCESS'])[1 + floor(r_ref * 4)::int] END)
          WHEN action = 'audit.import' THEN jsonb_build_object('imported', floor(r_ref * 200)::int, 'region', region)
          WHEN action = 'audit.export' THEN jsonb_build_object('lines', floor(r_ref * 5000)::int)
          WHEN action = 'audit.verify' THEN jsonb_build_object('ok', true, 'eventsChecked', s.seq)
          WHEN action IN ('user.deactivate', 'user.reactivate') THEN jsonb_build_object('before', jsonb_build_object('active', action = 'user.reactivate'),
            'after', jsonb_build_object('active', action = 'user.deactivate'))
          ELSE '{}'::jsonb
        END,
        NULL
      FROM s
      ORDER BY s.seq`);
  });

  // The chain: hash(n) = hashSql over row n with prev_hash = hash(n − 1). A running aggregate (in seq order) carries
  // the previous hash from row to row; its step is the writer's own hashSql, so the two cannot disagree.
  await step("audit events: hash chain + insert", async () => {
    await q(`CREATE FUNCTION pg_temp.seed_audit_chain_step(previous text, r seed_audit) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
      BEGIN
        r.prev_hash := previous;
        RETURN ${hashSql("r").text};
      END
      $fn$`);
    await q(`CREATE AGGREGATE pg_temp.seed_audit_chain(seed_audit) (sfunc = pg_temp.seed_audit_chain_step, stype = text, initcond = '${GENESIS_HASH}')`);
    await q(`INSERT INTO public.audit_event (seq, occurred_at, source, actor_type, actor_id, actor_label, action, target_type, target_id, account_id,
        account_uin, unit_id, request_ref, grant_ref, tencent_request_ids, client_ip, user_agent, external_id, payload, search_text, prev_hash, hash)
      SELECT c.seq, c.occurred_at, c.source, c.actor_type, c.actor_id, c.actor_label, c.action, c.target_type, c.target_id, c.account_id,
        c.account_uin, c.unit_id, c.request_ref, c.grant_ref, c.tencent_request_ids, c.client_ip, c.user_agent, c.external_id, c.payload,
        ${searchTextSql("c").text}, coalesce(lag(c.chain_hash) OVER (ORDER BY c.seq), '${GENESIS_HASH}'), c.chain_hash
      FROM (SELECT s.*, pg_temp.seed_audit_chain(s) OVER (ORDER BY s.seq) AS chain_hash FROM seed_audit s) c
      ORDER BY c.seq`);
    await q(`DROP TABLE seed_audit CASCADE`); // with its chain aggregate
  });
}

/** Violations, violation counts, rollups and today's snapshot, by the compliance module's own evaluation. */
async function evaluateCompliance(databaseUrl: string) {
  // env.ts validates the portal's whole configuration when the module graph loads it; the seed serves nothing, so
  // placeholders stand in for the sign-in settings it does not use.
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.AUTH_OIDC_ISSUER ??= "http://127.0.0.1:9/unused";
  process.env.AUTH_OIDC_CLIENT_ID ??= "seed-large";
  process.env.AUTH_OIDC_CLIENT_SECRET ??= "unused";
  process.env.AUTH_GROUP_ROLES ??= `${DEMO_GROUPS.engineer}=requester`;
  process.env.LOG_LEVEL ??= "warn";
  // Our client in lib/core/db.ts's slot, so the module's `db` (if it uses one) is this database too.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const slot = globalThis as { latticePrisma?: PrismaClient };
  const previous = slot.latticePrisma;
  slot.latticePrisma ??= prisma;
  try {
    const { evaluateTagCompliance } = await import("@/lib/compliance/mutations");
    const result = await prisma.$transaction((tx) => evaluateTagCompliance(tx, new Date()), { timeout: 3_600_000, maxWait: 60_000 });
    console.log(`    evaluateTagCompliance: ${JSON.stringify(result)}`);
  } finally {
    slot.latticePrisma = previous;
    await prisma.$disconnect();
  }
}

/**
 * Daily snapshots before today: resources grow and compliance improves towards today's figures (from the
 * evaluation, or counted here when it was skipped), with a weekly wobble.
 */
async function seedTrend(q: Query, days: number) {
  await q(`CREATE TEMP TABLE seed_today AS
    SELECT day, environment, resources, compliant FROM public.tag_compliance_snapshot
    WHERE day = (SELECT max(day) FROM public.tag_compliance_snapshot)`);
  if (Number((await q(`SELECT count(*) FROM seed_today`)).rows[0].count) === 0) {
    await q(`INSERT INTO seed_today SELECT (now() AT TIME ZONE 'UTC')::date, a.environment, count(*)::int, count(*) FILTER (WHERE r.violation_count = 0)::int
      FROM public.resource r JOIN public.account a ON a.id = r.account_id WHERE r.gone_at IS NULL GROUP BY a.environment`);
    await q(`INSERT INTO public.tag_compliance_snapshot (day, environment, resources, compliant, updated_at) SELECT day, environment, resources, compliant, now() FROM seed_today`);
  }
  await q(`INSERT INTO public.tag_compliance_snapshot (day, environment, resources, compliant, created_at, updated_at)
    SELECT t.day - d, t.environment, v.resources, least(v.resources, round(v.resources * v.rate))::int, now(), now()
    FROM seed_today t CROSS JOIN generate_series(1, ${days - 1}) d
    CROSS JOIN LATERAL (SELECT round(t.resources * (1 - 0.18 * d / ${days}.0))::int AS resources,
      greatest(0, least(1, t.compliant::float8 / greatest(t.resources, 1) - 0.15 * d / ${days}.0 + 0.012 * sin(d * 2 * pi() / 7)
        + CASE WHEN d BETWEEN ${Math.floor(days / 3)} AND ${Math.floor(days / 3) + 4} THEN -0.06 ELSE 0 END)) AS rate) v
    ON CONFLICT (day, environment) DO NOTHING`);
}

// ── command line ─────────────────────────────────────────────────────────────────────────────────────────────
async function main() {
  const { values } = parseArgs({
    options: {
      reset: { type: "boolean", default: false },
      accounts: { type: "string" },
      resources: { type: "string" },
      audit: { type: "string" },
      days: { type: "string" },
      "database-url": { type: "string" },
      "skip-compliance": { type: "boolean", default: false },
      sequential: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
    },
  });
  const whole = (name: string, value: string | undefined, fallback: number, min: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
      process.exit(2);
    }
    return n;
  };
  const sizes: LargeSeedSizes = {
    accounts: whole("accounts", values.accounts, FULL_SIZES.accounts, 10),
    resources: whole("resources", values.resources, FULL_SIZES.resources, 0),
    auditEvents: whole("audit", values.audit, FULL_SIZES.auditEvents, 0),
    trendDays: whole("days", values.days, FULL_SIZES.trendDays, 1),
  };
  const url = values["database-url"] ?? process.env.DATABASE_URL;
  if (!url) {
    console.error("Set DATABASE_URL (or --database-url), e.g. postgresql://postgres@127.0.0.1:5432/lattice_large. A missing database is created.");
    process.exit(2);
  }
  // Refuses anything but this machine: the seed drops indexes and, with --reset, the whole database.
  assertLocalDatabaseUrl(url);
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name) || ["postgres", "template0", "template1"].includes(name)) {
    console.error(`database name "${name}" must be letters, digits, _ and - only, and not a system database`);
    process.exit(2);
  }
  const shutdown = onShutdown(async () => {});
  try {
    const started = performance.now();
    const serverUrl = databaseUrlOf(url, "postgres");
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
    await admin.end();
    if (values.reset && exists) {
      console.log(`Dropping and recreating database "${name}"…`);
      await recreateDatabase(serverUrl, name);
    } else if (!exists) {
      console.log(`Creating database "${name}"…`);
      await recreateDatabase(serverUrl, name);
    }
    await applyMigrations({ ...process.env, DATABASE_URL: url });
    console.log(
      `Seeding ${sizes.accounts.toLocaleString("en-US")} accounts, ${sizes.resources.toLocaleString("en-US")} resources, ` +
        `${sizes.auditEvents.toLocaleString("en-US")} audit events and ${sizes.trendDays} days of trend into ${name}:`,
    );
    const result = await seedLargeDataSet(url, sizes, { evaluate: !values["skip-compliance"], parallel: !values.sequential, verbose: values.verbose });
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s (seeding ${result.seconds} s).`);
    console.log(`RESULT ${JSON.stringify(result)}`);
    await shutdown(0);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await shutdown(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
