/**
 * Audit history benchmark (issue 5):
 *   tsx --conditions=react-server scripts/bench-audit.ts [--events 1000000] [--quick] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * 1. Generates a hash chain of `events` realistic events inside PostgreSQL, with the canonical/hash SQL of
 *    lib/core/audit-sql.ts (20 people, 11 actions, 5,000 accounts over 12 units, before/after payloads, a year of
 *    dates) and signs checkpoints at ¼, ½, ¾ and the head with the functions of lib/core/audit-checkpoint.ts.
 * 2. (a) Times verifyAuditChain over the whole chain, and Node's createHash("sha256") over the same
 *    `prev_hash "\n" canonical` strings; the ratio is verification ÷ raw (goal ≥ 0.5).
 * 3. (b) Starts the built portal (`next start`), signs in an auditor with a minted session cookie and loads
 *    /audit with filters: one connection at a time, then 20 concurrent connections (goal p95 ≤ 150 ms). Then runs
 *    the exact SQL the data layer issues for the same filters directly, and EXPLAIN ANALYZEs the slowest; and the
 *    data layer's statements of every URL over `pg` with 20 clients on the same mix, for the ratio page ÷ raw SQL.
 *    The `next start` process group's peak RSS is sampled every 200 ms.
 *
 * Brings its own embedded PostgreSQL 17 (deleted afterwards), or with --database-url creates and drops a
 * throw-away database on a local server. Only loopback addresses are used. The results go to bench-results.json
 * (key "audit"; writeBenchResult in support.ts).
 */
import type { ChildProcess } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { canonicalSql, GENESIS_HASH, hashSql, searchTextSql } from "@/lib/core/audit-sql";
import { keyIdOf, signCheckpoint } from "@/lib/core/audit-checkpoint";
import { choosePort } from "@/lib/core/ports";
import { PrismaClient } from "@/lib/core/generated/prisma/client";
import { buildIfStale, mintSessionCookie, onShutdown, percentile, sampleProcessGroupRss, startBenchDatabase, startNextServer, stopProcess, writeBenchResult, type BenchDatabase } from "./support";

const { values } = parseArgs({
  options: {
    events: { type: "string" },
    quick: { type: "boolean", default: false },
    "database-url": { type: "string" },
    port: { type: "string" },
  },
});
const quick = values.quick ?? false;
const EVENTS = Number(values.events ?? (quick ? 100_000 : 1_000_000));
if (!Number.isInteger(EVENTS) || EVENTS < 10_000) {
  console.error(`--events must be a whole number ≥ 10000, got "${values.events}"`);
  process.exit(2);
}
const TIMED_RUNS = quick ? 2 : 3;
const SEQUENTIAL_PER_URL = quick ? 10 : 30;
const LOADED_PER_URL = quick ? 40 : 150;
const CONCURRENCY = 20;
const RAW_SQL_RUNS = quick ? 6 : 10;
const USERS = 20;
const ACCOUNTS = 5_000;
const PAGE_SIZE = 50;
const AUDITOR_GROUP = "lattice-auditors";

// ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────────
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}
const median = (xs: number[]) => stats(xs).p50;
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

// ── database ─────────────────────────────────────────────────────────────────────────────────────────────────
let database: BenchDatabase | undefined;
let nextServer: ChildProcess | undefined;
let prisma: PrismaClient | undefined;
let client: pg.Client | undefined;

const shutdown = onShutdown(async () => {
  // Started detached: its own process group, so next's workers stop with it.
  await stopProcess(nextServer, { group: true });
  await client?.end().catch(() => {});
  await prisma?.$disconnect().catch(() => {});
  const db = (globalThis as { latticePrisma?: PrismaClient }).latticePrisma;
  if (db && db !== prisma) await db.$disconnect().catch(() => {});
  await database?.stop();
});

const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn" };

const results: Record<string, unknown> = {};

try {
  // ── 0. a throw-away database ───────────────────────────────────────────────────────────────────────────────
  database = await startBenchDatabase({ name: `lattice_bench_${process.pid}`, serverUrl: values["database-url"], env: baseEnv, log });
  const { databaseUrl } = database;
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const q = client;
  const settings = await q.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version','shared_buffers','work_mem','effective_cache_size','random_page_cost','max_parallel_workers_per_gather','jit')`,
  );
  results.postgres = Object.fromEntries(settings.rows.map((row) => [row.name, `${row.setting}${row.unit ? ` ${row.unit}` : ""}`]));
  log(`PostgreSQL settings: ${JSON.stringify(results.postgres)}`);

  // ── 1. seed people, units, accounts, then the chain ───────────────────────────────────────────────────────
  const genStarted = performance.now();
  const phase: Record<string, number> = {};
  let t = performance.now();
  await q.query(`
    INSERT INTO public.organization (id, management_uin, name, updated_at) VALUES ('cbenchorg0000000000000001', '100000000001', 'Bench org', now());
    INSERT INTO public.unit (id, organization_id, parent_id, name, path, updated_at)
      VALUES ('unit_root', 'cbenchorg0000000000000001', NULL, 'Root', '/unit_root/', now());
    INSERT INTO public.unit (id, organization_id, parent_id, name, path, updated_at)
      SELECT 'unit_' || d, 'cbenchorg0000000000000001', 'unit_root', initcap(d), '/unit_root/unit_' || d || '/', now()
      FROM unnest(ARRAY['payments','platform','data']) d;
    INSERT INTO public.unit (id, organization_id, parent_id, name, path, updated_at)
      SELECT 'unit_' || p || '_' || c, 'cbenchorg0000000000000001', 'unit_' || p, initcap(p || ' ' || c), '/unit_root/unit_' || p || '/unit_' || p || '_' || c || '/', now()
      FROM (VALUES ('payments','core'),('payments','risk'),('payments','ledger'),('platform','network'),('platform','compute'),('platform','identity'),('data','lake'),('data','ml')) v(p, c);
    CREATE UNLOGGED TABLE public.bench_unit AS SELECT row_number() OVER (ORDER BY path) - 1 AS k, id FROM public.unit;
    INSERT INTO public.account (id, organization_id, unit_id, member_uin, name, environment, status, regions, updated_at)
      SELECT 'c' || substr(md5('account' || g.k), 1, 24), 'cbenchorg0000000000000001', u.id, (200000000000 + g.k)::text, 'acct-' || lpad(g.k::text, 5, '0'),
        (ARRAY['PROD','STAGING','DEV','SANDBOX','SHARED'])[1 + g.k % 5]::public.environment, 'ACTIVE', ARRAY['ap-singapore'], now()
      FROM generate_series(1, ${ACCOUNTS}) g(k) JOIN public.bench_unit u ON u.k = g.k % 12;
    CREATE UNLOGGED TABLE public.bench_acc AS
      SELECT row_number() OVER (ORDER BY member_uin)::int AS k, id, member_uin AS uin, unit_id FROM public.account;
    INSERT INTO public.app_user (id, subject, email, name, groups, updated_at)
      SELECT 'c' || substr(md5('user' || k), 1, 24), 'bench-' || k, 'person' || lpad(k::text, 2, '0') || '@example.com', 'Person ' || k,
        CASE WHEN k = 1 THEN ARRAY['${AUDITOR_GROUP}'] ELSE ARRAY['lattice-engineers'] END, now()
      FROM generate_series(1, ${USERS}) k;
    CREATE UNLOGGED TABLE public.bench_user AS SELECT row_number() OVER (ORDER BY email)::int - 1 AS k, id, email FROM public.app_user;
    ANALYZE public.bench_acc; ANALYZE public.bench_user;`);
  phase.seed = performance.now() - t;

  // Source rows, set-based (deterministic: setseed). Dates: one year up to today, in seq order.
  t = performance.now();
  await q.query(`SELECT setseed(0.20261129)`);
  await q.query(`
    CREATE UNLOGGED TABLE public.bench_src (
      seq bigint, occurred_at timestamptz(3), source public.audit_source, actor_type public.audit_actor_type, actor_id text,
      actor_label text, action text, target_type text, target_id text, account_id text, account_uin text, unit_id text,
      request_ref text, grant_ref text, tencent_request_ids text[], client_ip text, user_agent text, external_id text,
      payload jsonb, prev_hash text)`);
  await q.query(`
    INSERT INTO public.bench_src
    WITH r AS MATERIALIZED (
      SELECT g::bigint AS seq, random() AS r_kind, random() AS r_action, floor(random() * ${USERS})::int AS r_user,
        1 + floor(random() * ${ACCOUNTS})::int AS r_acc, random() AS r_region, random() AS r_ref
      FROM generate_series(1, ${EVENTS}) g
    ),
    k AS (
      SELECT r.*,
        CASE WHEN r_kind < 0.45 THEN 'cloud' WHEN r_kind < 0.50 THEN 'system' ELSE 'user' END AS kind,
        CASE
          WHEN r_kind < 0.45 THEN CASE WHEN r_action < 0.40 THEN 'cloud.RunInstances' WHEN r_action < 0.60 THEN 'cloud.TerminateInstances'
                                       WHEN r_action < 0.90 THEN 'cloud.AttachRolePolicy' ELSE 'cloud.ModifySecurityGroupPolicies' END
          WHEN r_kind < 0.50 THEN CASE WHEN r_action < 0.95 THEN 'audit.import' ELSE 'user.deactivate' END
          ELSE CASE WHEN r_action < 0.40 THEN 'user.signIn' WHEN r_action < 0.70 THEN 'user.signOut' WHEN r_action < 0.75 THEN 'session.revokeAll'
                    WHEN r_action < 0.85 THEN 'user.deactivate' WHEN r_action < 0.90 THEN 'user.reactivate' WHEN r_action < 0.98 THEN 'audit.verify'
                    ELSE 'audit.export' END
        END AS action,
        CASE WHEN r_region < 0.5 THEN 'ap-singapore' WHEN r_region < 0.75 THEN 'eu-frankfurt' ELSE 'na-ashburn' END AS region
      FROM r
    )
    SELECT k.seq,
      pg_catalog.date_trunc('milliseconds', pg_catalog.date_trunc('day', now()) - interval '365 days'
        + (k.seq * (365 * 86400.0 / ${EVENTS}) + k.r_ref * 20) * interval '1 second'),
      (CASE WHEN kind = 'cloud' THEN 'CLOUDAUDIT' ELSE 'PORTAL' END)::public.audit_source,
      (CASE kind WHEN 'cloud' THEN 'TENCENT' WHEN 'system' THEN 'SYSTEM' ELSE 'USER' END)::public.audit_actor_type,
      CASE WHEN kind = 'user' THEN u.id END,
      CASE kind WHEN 'cloud' THEN 'qcs::cam::uin/' || a.uin || ':roleName/ops-' || r_user WHEN 'system' THEN 'lattice' ELSE u.email END,
      action,
      CASE WHEN kind = 'cloud' THEN 'cvm:instance' WHEN action IN ('user.signIn', 'user.signOut', 'session.revokeAll') THEN 'session'
           WHEN action LIKE 'user.%' THEN 'user' ELSE 'audit' END,
      CASE WHEN kind = 'cloud' THEN 'ins-' || substr(md5(k.seq::text), 1, 8)
           WHEN action IN ('user.signIn', 'user.signOut', 'session.revokeAll') THEN 'c' || substr(md5('s' || k.seq), 1, 24)
           WHEN action LIKE 'user.%' THEN (SELECT id FROM public.bench_user WHERE bench_user.k = (r_user + 7) % ${USERS}) END,
      CASE WHEN kind = 'cloud' OR action = 'audit.import' THEN a.id END,
      CASE WHEN kind = 'cloud' OR action = 'audit.import' THEN a.uin END,
      CASE WHEN kind = 'cloud' OR action = 'audit.import' THEN a.unit_id END,
      CASE WHEN kind = 'user' AND r_ref < 0.05 THEN 'REQ-' || lpad(k.seq::text, 7, '0') END,
      CASE WHEN kind = 'user' AND r_ref > 0.99 THEN 'GRANT-' || lpad(k.seq::text, 7, '0') END,
      CASE WHEN kind = 'cloud' THEN ARRAY[substr(md5('rq' || k.seq), 1, 8) || '-' || substr(md5('rq' || k.seq), 9, 4) || '-' || substr(md5('rq' || k.seq), 13, 12)] ELSE '{}'::text[] END,
      CASE WHEN kind = 'cloud' THEN '203.0.113.' || (k.seq % 250) ELSE '10.20.' || (r_user * 7 % 250) || '.' || (r_user + 10) END,
      CASE WHEN kind = 'cloud' THEN 'console.tencentcloud.com' WHEN kind = 'system' THEN NULL
           ELSE 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36' END,
      CASE WHEN kind = 'cloud' THEN 'ca-' || md5('ev' || k.seq) END,
      CASE
        WHEN kind = 'cloud' THEN pg_catalog.jsonb_build_object('eventName', substr(action, 7), 'region', region,
          'resource', 'ins-' || substr(md5(k.seq::text), 1, 8), 'errorCode', 0,
          'before', pg_catalog.jsonb_build_object('state', 'RUNNING', 'instanceType', 'S5.MEDIUM4', 'tags', pg_catalog.jsonb_build_object('env', 'prod')),
          'after', pg_catalog.jsonb_build_object('state', CASE WHEN action = 'cloud.TerminateInstances' THEN 'TERMINATED' ELSE 'RUNNING' END,
            'instanceType', CASE WHEN r_ref < 0.5 THEN 'S5.LARGE8' ELSE 'S5.MEDIUM4' END, 'tags', pg_catalog.jsonb_build_object('env', 'prod')))
        WHEN action IN ('user.deactivate', 'user.reactivate') THEN pg_catalog.jsonb_build_object(
          'before', pg_catalog.jsonb_build_object('active', action = 'user.reactivate'),
          'after', pg_catalog.jsonb_build_object('active', action = 'user.deactivate'), 'reason', 'left the identity provider')
        WHEN action = 'user.signIn' THEN pg_catalog.jsonb_build_object('amr', pg_catalog.jsonb_build_array('pwd', 'otp'), 'mfa', r_ref < 0.8)
        WHEN action = 'audit.import' THEN pg_catalog.jsonb_build_object('imported', floor(r_ref * 200)::int, 'region', region)
        WHEN action = 'audit.export' THEN pg_catalog.jsonb_build_object('lines', floor(r_ref * 5000)::int, 'filters', pg_catalog.jsonb_build_object('action', 'user.signIn'))
        WHEN action = 'audit.verify' THEN pg_catalog.jsonb_build_object('ok', true, 'eventsChecked', k.seq)
        ELSE '{}'::jsonb
      END,
      NULL
    FROM k
    LEFT JOIN public.bench_user u ON u.k = k.r_user
    LEFT JOIN public.bench_acc a ON a.k = k.r_acc
    ORDER BY k.seq`);
  phase.source = performance.now() - t;

  // The chain is sequential: one plpgsql pass in seq order, hashing each row with hashSql (the writer's SQL).
  t = performance.now();
  await q.query(`CREATE UNLOGGED TABLE public.bench_hash (seq bigint PRIMARY KEY, prev_hash text, hash text)`);
  await q.query(`
    DO $bench$
    DECLARE
      r public.bench_src%ROWTYPE;
      h text := '${GENESIS_HASH}';
      prevs text[] := '{}';
      hashes text[] := '{}';
      i int := 0;
    BEGIN
      FOR r IN SELECT * FROM public.bench_src ORDER BY seq LOOP
        i := i + 1;
        IF r.seq <> i THEN RAISE EXCEPTION 'seq % out of order', r.seq; END IF;
        r.prev_hash := h;
        prevs[i] := h;
        h := ${hashSql("r").text};
        hashes[i] := h;
      END LOOP;
      INSERT INTO public.bench_hash SELECT ord, p, x FROM unnest(prevs, hashes) WITH ORDINALITY AS u(p, x, ord);
    END
    $bench$`);
  phase.chain = performance.now() - t;

  // Bulk load: drop the secondary indexes, insert in seq order, recreate them exactly as the migration made them.
  t = performance.now();
  const indexes = await q.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'audit_event' AND indexname <> 'audit_event_pkey'`,
  );
  for (const index of indexes.rows) await q.query(`DROP INDEX public."${index.indexname}"`);
  await q.query(`
    INSERT INTO public.audit_event (seq, occurred_at, source, actor_type, actor_id, actor_label, action, target_type, target_id, account_id,
      account_uin, unit_id, request_ref, grant_ref, tencent_request_ids, client_ip, user_agent, external_id, payload, search_text, prev_hash, hash)
    SELECT s.seq, s.occurred_at, s.source, s.actor_type, s.actor_id, s.actor_label, s.action, s.target_type, s.target_id, s.account_id,
      s.account_uin, s.unit_id, s.request_ref, s.grant_ref, s.tencent_request_ids, s.client_ip, s.user_agent, s.external_id, s.payload,
      ${searchTextSql("s").text}, h.prev_hash, h.hash
    FROM public.bench_src s JOIN public.bench_hash h ON h.seq = s.seq ORDER BY s.seq`);
  phase.insert = performance.now() - t;
  t = performance.now();
  await q.query(`SET maintenance_work_mem = '512MB'`);
  for (const index of indexes.rows) await q.query(index.indexdef);
  await q.query(`RESET maintenance_work_mem`);
  phase.indexes = performance.now() - t;
  t = performance.now();
  await q.query(`DROP TABLE public.bench_src, public.bench_hash`);
  await q.query(`VACUUM (ANALYZE) public.audit_event`);
  await q.query(`ANALYZE`);
  phase.vacuum = performance.now() - t;

  // Signed checkpoints at ¼, ½, ¾ and the head (an hour apart, like the worker would).
  t = performance.now();
  const signingKey: KeyObject = generateKeyPairSync("ed25519").privateKey;
  const checkpointSeqs = [1, 2, 3, 4].map((part) => BigInt(Math.floor((EVENTS * part) / 4)));
  for (const [index, seq] of checkpointSeqs.entries()) {
    const { rows } = await q.query<{ hash: string }>(`SELECT hash FROM public.audit_event WHERE seq = $1`, [String(seq)]);
    const signedAt = new Date(Date.now() - (checkpointSeqs.length - index) * 3_600_000);
    await q.query(
      `INSERT INTO public.audit_checkpoint (id, seq, hash, signed_at, signature, key_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [`cbenchcp${randomBytes(8).toString("hex")}`, String(seq), rows[0]!.hash, signedAt, signCheckpoint(signingKey, seq, rows[0]!.hash, signedAt), keyIdOf(signingKey)],
    );
  }
  phase.checkpoints = performance.now() - t;
  const size = await q.query<{ table: string; total: string }>(
    `SELECT pg_size_pretty(pg_relation_size('public.audit_event')) AS table, pg_size_pretty(pg_total_relation_size('public.audit_event')) AS total`,
  );
  results.generation = {
    events: EVENTS,
    seconds: Number(((performance.now() - genStarted) / 1000).toFixed(1)),
    phases: Object.fromEntries(Object.entries(phase).map(([key, ms]) => [key, Number((ms / 1000).toFixed(1))])),
    size: size.rows[0],
  };
  log(`Generated ${fmt(EVENTS)} events in ${((performance.now() - genStarted) / 1000).toFixed(1)} s: ${JSON.stringify(results.generation)}`);

  // ── the app's modules, on this database (env is read when they load) ──────────────────────────────────────
  const authSecret = randomBytes(32).toString("base64url");
  const signingPem = signingKey.export({ type: "pkcs8", format: "pem" }).toString();
  const port = values.port ? Number(values.port) : await choosePort(3190);
  const appUrl = `http://127.0.0.1:${port}`;
  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_URL: appUrl,
    AUTH_SECRET: authSecret,
    // Never contacted: the benchmark signs in by minting the session cookie.
    AUTH_OIDC_ISSUER: "http://127.0.0.1:9/bench-idp",
    AUTH_OIDC_CLIENT_ID: "lattice-bench",
    AUTH_OIDC_CLIENT_SECRET: randomBytes(12).toString("hex"),
    AUTH_GROUP_ROLES: `${AUDITOR_GROUP}=auditor,lattice-engineers=requester`,
    AUDIT_SIGNING_KEY: signingPem,
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, appEnv);
  // Our own Prisma client in db.ts's slot, logging queries, so we can replay the data layer's exact SQL.
  const captured: { query: string; params: string }[] = [];
  const logging = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 }),
    log: [{ emit: "event", level: "query" }],
  });
  logging.$on("query", (event) => captured.push({ query: event.query, params: event.params }));
  prisma = logging;
  (globalThis as { latticePrisma?: PrismaClient }).latticePrisma = logging;
  const { verifyAuditChain } = await import("@/lib/audit/verify");
  const { findHistoryPage, resolveHistoryFilters } = await import("@/lib/audit/data");
  const { historyQuerySchema } = await import("@/lib/audit/schema");

  // ── 2. (a) verification vs raw SHA-256 ────────────────────────────────────────────────────────────────────
  // The same bytes in Node: prev_hash "\n" canonical for every event, fetched once; only the hashing is timed.
  t = performance.now();
  const texts: string[] = new Array(EVENTS);
  const stored: string[] = new Array(EVENTS);
  let totalBytes = 0;
  for (let from = 1; from <= EVENTS; from += 100_000) {
    const to = Math.min(EVENTS, from + 99_999);
    const { rows } = await q.query<[string, string]>({
      text: `SELECT e.prev_hash || E'\\n' || ${canonicalSql("e").text}, e.hash FROM public.audit_event e WHERE e.seq BETWEEN $1 AND $2 ORDER BY e.seq`,
      values: [from, to],
      rowMode: "array",
    });
    for (const [index, row] of rows.entries()) {
      texts[from - 1 + index] = row[0];
      stored[from - 1 + index] = row[1];
      totalBytes += Buffer.byteLength(row[0]);
    }
  }
  const fetchSeconds = (performance.now() - t) / 1000;
  log(`fetched ${fmt(EVENTS)} canonical strings (${fmt(totalBytes / 1e6, 1)} MB, ${fmt(totalBytes / EVENTS)} B/event) in ${fetchSeconds.toFixed(1)} s`);
  // Not timed: Node's hashes equal the stored ones, so both sides hash exactly the same bytes.
  let mismatches = 0;
  for (let i = 0; i < texts.length; i++) if (createHash("sha256").update(texts[i]!).digest("hex") !== stored[i]) mismatches++;
  stored.length = 0;
  const hashAll = (count = texts.length) => {
    let sink = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) sink ^= createHash("sha256").update(texts[i]!).digest("hex").charCodeAt(3);
    return { ms: performance.now() - started, sink };
  };

  const publicKey = createPublicKey(signingKey);
  // Warm-up of both (a partial range: the full chain is verified in every timed run).
  const warmTo = BigInt(Math.min(EVENTS, 200_000));
  captured.length = 0;
  const warm = await timed(() => verifyAuditChain({ publicKey, toSeq: warmTo }));
  const batchQuery = captured.find((entry) => entry.query.includes("first_failure"));
  log(`verify warm-up (1..${warmTo}): ${(warm.ms / 1000).toFixed(2)} s; raw warm-up: ${(hashAll(Number(warmTo)).ms / 1000).toFixed(2)} s`);
  // Timed runs, interleaved (verify, raw, verify, raw …) so that a change in machine load hits both sides alike.
  const verifyRuns: number[] = [];
  const rawRuns: number[] = [];
  let lastReport: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
  for (let run = 1; run <= TIMED_RUNS; run++) {
    const { ms, value } = await timed(() => verifyAuditChain({ publicKey }));
    lastReport = value;
    if (value.firstFailure) throw new Error(`verification failed: ${JSON.stringify(value.firstFailure)}`);
    verifyRuns.push(value.eventsChecked / (ms / 1000));
    log(`verify run ${run}: ${fmt(value.eventsChecked)} events in ${(ms / 1000).toFixed(2)} s = ${fmt(value.eventsChecked / (ms / 1000))} events/s; ${value.checkpointsChecked} checkpoints, anchored at ${value.anchoredAt}, failure: ${value.firstFailure ? JSON.stringify(value.firstFailure) : "none"}`);
    const raw = hashAll();
    rawRuns.push(EVENTS / (raw.ms / 1000));
    log(`raw sha256 run ${run}: ${(raw.ms / 1000).toFixed(2)} s = ${fmt(EVENTS / (raw.ms / 1000))} events/s (${fmt(totalBytes / 1e6 / (raw.ms / 1000), 1)} MB/s)`);
  }
  texts.length = 0;
  const verifyRate = median(verifyRuns);
  const rawRate = median(rawRuns);
  results.verification = {
    verifyEventsPerSecond: verifyRuns.map((rate) => Math.round(rate)),
    rawSha256EventsPerSecond: rawRuns.map((rate) => Math.round(rate)),
    medianVerify: Math.round(verifyRate),
    medianRaw: Math.round(rawRate),
    ratio: Number((verifyRate / rawRate).toFixed(3)),
    ratioPerPair: verifyRuns.map((rate, index) => Number((rate / rawRuns[index]!).toFixed(3))),
    bytesPerEvent: Math.round(totalBytes / EVENTS),
    fetchSeconds: Number(fetchSeconds.toFixed(1)),
    nodeHashMismatches: mismatches,
    report: lastReport,
  };
  log(`(a) verification ${fmt(verifyRate)} events/s ÷ raw ${fmt(rawRate)} events/s = ${(verifyRate / rawRate).toFixed(3)} (goal ≥ 0.5); Node hash mismatches: ${mismatches}`);

  // Where verification's time goes: one batch, and its parts, inside PostgreSQL.
  if (batchQuery) {
    const params = JSON.parse(batchQuery.params) as unknown[];
    const plan = await q.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${batchQuery.query}`, params);
    console.log(`\nEXPLAIN ANALYZE of one verification batch (the first 100,000 events, as checkChainBatch runs it):\n${plan.rows.map((row) => row["QUERY PLAN"]).join("\n")}\n`);
    const partRows = Math.min(EVENTS, 20_000);
    const span = `e.seq BETWEEN 1 AND ${partRows}`;
    const parts = {
      scanOnly: `SELECT count(*) FROM public.audit_event e WHERE ${span} AND e.hash IS NOT NULL`,
      canonicalOnly: `SELECT count(*) FROM public.audit_event e WHERE ${span} AND length(${canonicalSql("e").text}) > 0`,
      hashOnly: `SELECT count(*) FROM public.audit_event e WHERE ${span} AND e.hash = ${hashSql("e").text}`,
      searchTextOnly: `SELECT count(*) FROM public.audit_event e WHERE ${span} AND e.search_text = ${searchTextSql("e").text}`,
    };
    const partMs: Record<string, number> = {};
    for (const [name, sql] of Object.entries(parts)) {
      await q.query(sql);
      const samples: number[] = [];
      for (let i = 0; i < 2; i++) samples.push((await timed(() => q.query(sql))).ms);
      partMs[name] = Number(((median(samples) * 1000) / partRows).toFixed(2));
    }
    results.verificationParts = partMs;
    log(`per event inside PostgreSQL (µs, over ${partRows} events): ${JSON.stringify(partMs)}`);
  }

  // ── 3. (b) the history page ───────────────────────────────────────────────────────────────────────────────
  const pick = async (sql: string) => (await q.query(sql)).rows[0] as Record<string, string>;
  const auditor = await pick(`SELECT id, email, name FROM public.app_user WHERE groups @> ARRAY['${AUDITOR_GROUP}']`);
  const busyActor = await pick(`SELECT actor_id AS id FROM public.audit_event WHERE actor_id IS NOT NULL AND actor_id <> '${auditor.id}' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const account = await pick(`SELECT member_uin AS uin FROM public.account ORDER BY member_uin OFFSET 1234 LIMIT 1`);
  const rareRef = await pick(`SELECT request_ref AS ref FROM public.audit_event WHERE request_ref IS NOT NULL AND seq < ${Math.floor(EVENTS / 10)} ORDER BY seq DESC LIMIT 1`);
  const days = await pick(`SELECT to_char(min(occurred_at), 'YYYY-MM-DD') AS first, to_char(max(occurred_at) - interval '7 days', 'YYYY-MM-DD') AS recent FROM public.audit_event`);
  const oldTo = new Date(Date.parse(`${days.first}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const recentTo = new Date(Date.parse(`${days.recent}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  const deep = String(Math.floor(EVENTS / 20));
  const urls: { name: string; path: string }[] = [
    { name: "no filter (newest)", path: "/audit" },
    { name: "action (common)", path: "/audit?action=cloud.RunInstances" },
    { name: "action (rare: audit.export)", path: "/audit?action=audit.export" },
    { name: "actor", path: `/audit?actor=${busyActor.id}` },
    { name: "account (UIN)", path: `/audit?account=${account.uin}` },
    { name: "unit subtree", path: "/audit?unit=unit_platform" },
    { name: "dates: last 7 days", path: `/audit?from=${days.recent}&to=${recentTo}` },
    { name: "dates: first month", path: `/audit?from=${days.first}&to=${oldTo}` },
    { name: "q rare (request ref)", path: `/audit?q=${rareRef.ref}` },
    { name: "q common (eu-frankfurt)", path: "/audit?q=eu-frankfurt" },
    { name: "deep cursor", path: `/audit?before=${deep}` },
    { name: "actor + deep cursor", path: `/audit?actor=${busyActor.id}&before=${deep}` },
  ];

  // The data layer's SQL for each URL, captured from Prisma, then timed and explained directly.
  const actor = { userId: auditor.id!, sessionId: "bench", email: auditor.email!, name: auditor.name!, roles: ["requester", "auditor"] as ("requester" | "auditor")[], mfa: false };
  const rawSql: { name: string; sql: string; params: unknown[]; dataLayer: ReturnType<typeof stats>; raw: ReturnType<typeof stats>; rows: number }[] = [];
  // Every statement the data layer sends for a URL (filter resolution and the page), for the loaded raw-SQL run.
  const dataLayerStatements: Record<string, { sql: string; params: unknown[] }[]> = {};
  for (const url of urls) {
    const query = historyQuerySchema.parse(Object.fromEntries(new URL(url.path, appUrl).searchParams));
    const { before, after, ...filters } = query;
    const dataSamples: number[] = [];
    let pageRows = 0;
    for (let i = 0; i < RAW_SQL_RUNS / 2 + 1; i++) {
      captured.length = 0;
      const { ms, value } = await timed(async () => {
        const { where } = await resolveHistoryFilters(actor, filters);
        return findHistoryPage(where, { before, after }, PAGE_SIZE);
      });
      pageRows = value.rows.length;
      if (i > 0) dataSamples.push(ms);
    }
    dataLayerStatements[url.name] = captured.map((entry) => ({ sql: entry.query, params: JSON.parse(entry.params) as unknown[] }));
    const page = captured.find((entry) => entry.query.includes(`"audit_event"`) && /ORDER BY/i.test(entry.query));
    if (!page) throw new Error(`no history query captured for ${url.path}: ${JSON.stringify(captured)}`);
    const params = JSON.parse(page.params) as unknown[];
    const samples: number[] = [];
    await q.query(page.query, params);
    for (let i = 0; i < RAW_SQL_RUNS; i++) samples.push((await timed(() => q.query(page.query, params))).ms);
    rawSql.push({ name: url.name, sql: page.query, params, dataLayer: stats(dataSamples), raw: stats(samples), rows: pageRows });
  }
  console.log("\nRaw SQL of the history query (ms, sequential):");
  for (const row of rawSql) {
    console.log(`  ${row.name.padEnd(28)} raw p50 ${row.raw.p50.toFixed(1).padStart(8)}  p95 ${row.raw.p95.toFixed(1).padStart(8)}   data layer p50 ${row.dataLayer.p50.toFixed(1).padStart(8)}  rows ${row.rows}`);
  }
  const slowest = [...rawSql].sort((a, b) => b.raw.p50 - a.raw.p50).slice(0, 3);
  for (const row of slowest) {
    const plan = await q.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${row.sql}`, row.params);
    console.log(`\nEXPLAIN ANALYZE — ${row.name} (params ${JSON.stringify(row.params)}):\n${row.sql}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  }
  // What-if for the date filter: the same query with the seq ordering hidden from the planner (`seq + 0`), which
  // makes it read the range through the occurred_at index and sort, instead of walking the primary key backwards.
  const dateWhatIf: { range: string; asIs: number; bitmapSort: number }[] = [];
  const dateRow = rawSql.find((row) => row.name === "dates: first month");
  if (dateRow) {
    const variant = dateRow.sql.replace(/ORDER BY ("public"\."audit_event"\."seq") DESC/, "ORDER BY ($1 + 0) DESC");
    const ranges: [string, string, string][] = [
      ["first month", String(dateRow.params[0]), String(dateRow.params[1])],
      ["last 7 days", `${days.recent}T00:00:00.000Z`, `${recentTo}T00:00:00.000Z`],
      ["whole year", `${days.first}T00:00:00.000Z`, new Date(Date.now() + 86_400_000).toISOString()],
    ];
    for (const [range, from, to] of ranges) {
      const params = [from, to, ...dateRow.params.slice(2)];
      const time = async (sql: string) => {
        await q.query(sql, params);
        const samples: number[] = [];
        for (let i = 0; i < 3; i++) samples.push((await timed(() => q.query(sql, params))).ms);
        return Number(median(samples).toFixed(1));
      };
      dateWhatIf.push({ range, asIs: await time(dateRow.sql), bitmapSort: await time(variant) });
    }
    const plan = await q.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${variant}`, dateRow.params);
    console.log(`\nWhat-if, dates: first month with ORDER BY seq + 0:\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
    console.log(`date filter, raw SQL p50 ms (as is vs. occurred_at index + sort): ${JSON.stringify(dateWhatIf)}`);
  }
  results.dateWhatIf = dateWhatIf;
  results.rawSql = rawSql.map(({ name, raw, dataLayer, rows, sql, params }) => ({ name, rawP50: raw.p50, rawP95: raw.p95, dataLayerP50: dataLayer.p50, dataLayerP95: dataLayer.p95, rows, sql, params }));

  // The portal itself.
  await buildIfStale({ ...baseEnv, ...appEnv });
  const { cookie } = await mintSessionCookie(q, { userId: auditor.id!, authSecret, userAgent: "bench-audit" });
  nextServer = (await startNextServer({ port, env: { ...baseEnv, ...appEnv } })).child;
  log(`portal on ${appUrl} (next start, NODE_ENV=production)`);
  // The web process's peak: the `next start` process group's summed RSS, sampled every 200 ms.
  const rssSampler = sampleProcessGroupRss(nextServer.pid!);

  const load = async (urlPath: string) => {
    const started = performance.now();
    const response = await fetch(`${appUrl}${urlPath}`, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${urlPath}: HTTP ${response.status} ${response.headers.get("location") ?? ""}`);
    return { ms, rows: (body.match(/href="\/audit\/\d+"/g) ?? []).length, bytes: body.length };
  };
  // Warm-up: every URL a few times (JIT, Prisma, PostgreSQL caches).
  const shown: Record<string, number> = {};
  for (let i = 0; i < 3; i++) for (const url of urls) shown[url.name] = (await load(url.path)).rows;
  // One request at a time: the page's own server time.
  const sequential: Record<string, number[]> = {};
  for (const url of urls) {
    sequential[url.name] = [];
    for (let i = 0; i < SEQUENTIAL_PER_URL; i++) sequential[url.name]!.push((await load(url.path)).ms);
  }
  // 20 concurrent connections over a shuffled mix of all URLs.
  const queue = urls.flatMap((url) => Array.from({ length: LOADED_PER_URL }, () => url));
  for (let i = queue.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [queue[i], queue[j]] = [queue[j]!, queue[i]!];
  }
  const loaded: Record<string, number[]> = Object.fromEntries(urls.map((url) => [url.name, []]));
  let next = 0;
  const loadStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queue.length) {
        const url = queue[next++]!;
        loaded[url.name]!.push((await load(url.path)).ms);
      }
    }),
  );
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const nextPeakRssMb = Math.round(rssSampler.stop() / 1048576);

  // The same mix as raw SQL: each of 20 pg clients takes the next URL and runs its data-layer statements back to back.
  const rawClients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const rawClient = new pg.Client({ connectionString: databaseUrl });
      await rawClient.connect();
      return rawClient;
    }),
  );
  const rawLoaded: number[] = [];
  let rawNext = 0;
  const rawStarted = performance.now();
  try {
    await Promise.all(
      rawClients.map(async (rawClient) => {
        while (rawNext < queue.length) {
          const url = queue[rawNext++]!;
          const started = performance.now();
          for (const statement of dataLayerStatements[url.name]!) await rawClient.query(statement.sql, statement.params);
          rawLoaded.push(performance.now() - started);
        }
      }),
    );
  } finally {
    await Promise.all(rawClients.map((rawClient) => rawClient.end().catch(() => {})));
  }
  const rawLoadedSeconds = (performance.now() - rawStarted) / 1000;
  const pageRows = urls.map((url) => ({
    name: url.name,
    path: url.path,
    rowsShown: shown[url.name],
    sequential: stats(sequential[url.name]!),
    loaded: stats(loaded[url.name]!),
  }));
  const overallSequential = stats(Object.values(sequential).flat());
  const overallLoaded = stats(Object.values(loaded).flat());
  const rawOverallLoaded = stats(rawLoaded);
  results.page = {
    nextPeakRssMb,
    requestsSequential: overallSequential.n,
    requestsLoaded: overallLoaded.n,
    loadSeconds: Number(loadSeconds.toFixed(1)),
    throughput: Number((overallLoaded.n / loadSeconds).toFixed(1)),
    overallSequential,
    overallLoaded,
    rawSqlLoaded: { ...rawOverallLoaded, seconds: Number(rawLoadedSeconds.toFixed(1)), statementsPerUrl: Object.fromEntries(Object.entries(dataLayerStatements).map(([name, list]) => [name, list.length])) },
    ratioToRawSqlLoaded: { p50: Number((overallLoaded.p50 / rawOverallLoaded.p50).toFixed(2)), p95: Number((overallLoaded.p95 / rawOverallLoaded.p95).toFixed(2)) },
    perUrl: pageRows,
  };
  const r1 = (n: number) => n.toFixed(0).padStart(6);
  console.log(`\n/audit server time (ms) — 1 connection: p50/p95/p99 │ ${CONCURRENCY} connections: p50/p95/p99 │ raw SQL p50 │ rows`);
  for (const row of pageRows) {
    const raw = rawSql.find((entry) => entry.name === row.name)!;
    console.log(`  ${row.name.padEnd(28)}${r1(row.sequential.p50)}${r1(row.sequential.p95)}${r1(row.sequential.p99)}  │${r1(row.loaded.p50)}${r1(row.loaded.p95)}${r1(row.loaded.p99)}  │ ${raw.raw.p50.toFixed(1).padStart(7)} │ ${row.rowsShown}`);
  }
  console.log(`  ${"overall".padEnd(28)}${r1(overallSequential.p50)}${r1(overallSequential.p95)}${r1(overallSequential.p99)}  │${r1(overallLoaded.p50)}${r1(overallLoaded.p95)}${r1(overallLoaded.p99)}`);
  console.log(`  ${overallLoaded.n} requests at ${CONCURRENCY} connections in ${loadSeconds.toFixed(1)} s = ${(overallLoaded.n / loadSeconds).toFixed(1)} req/s`);
  console.log(`  raw SQL, the same mix over ${CONCURRENCY} pg clients: p50/p95/p99 ${r1(rawOverallLoaded.p50)}${r1(rawOverallLoaded.p95)}${r1(rawOverallLoaded.p99)} ms; page ÷ raw SQL p50 ${(overallLoaded.p50 / rawOverallLoaded.p50).toFixed(2)}× p95 ${(overallLoaded.p95 / rawOverallLoaded.p95).toFixed(2)}×`);
  console.log(`  next start peak RSS (process group): ${nextPeakRssMb} MB`);
  const rounded = JSON.parse(JSON.stringify(results, (_key, value) => (typeof value === "bigint" ? String(value) : typeof value === "number" ? Number(value.toFixed(2)) : value))) as Record<string, unknown>;
  console.log(`\nRESULTS ${JSON.stringify(rounded)}`);
  writeBenchResult("audit", { generatedAt: new Date().toISOString(), quick, events: EVENTS, ...rounded });
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await shutdown(1);
}
await shutdown(0);
