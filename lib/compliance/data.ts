import "server-only";
import { db } from "@/lib/core/db";
import { Prisma } from "@/lib/core/generated/prisma/client";
import type { Environment, ViolationKind } from "@/lib/core/generated/prisma/enums";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { GLOBAL_REGION, KIND_OF_SLUG, type TagDashboardQuery } from "./schema";
import type { AccountBreakdownRow, BreakdownRow, KeyBreakdownRow, NameViolationRow, TagDashboard, TagDashboardOptions, TrendPoint, ViolationRow } from "./types";
import { compliancePercent, expectedNameShape, fixHref, namingPattern, utcDay } from "./utils";

// Every figure here is aggregated in SQL over the rollups (tens of thousands of rows) or read one page at a time
// over indexes; no query loads resources into JavaScript. The builders are exported so the benchmark
// (scripts/bench-dashboards.ts) can time the very same SQL without the HTTP layer.

/** The naming template used when no convention was ever published (as lib/account-requests findGuardrails). */
const DEFAULT_TEMPLATE = "{product}-{env}-{region}-{descriptor}";
/** Days of snapshots the trend shows. */
export const TREND_DAYS = 90;
/** Rows of the account-name section shown beside the violations list. */
export const NAME_SECTION_SIZE = 10;

/** The URL filters in database terms. */
export interface ComplianceFilters {
  accountId?: string;
  unitId?: string;
  environment?: Environment;
  /** "" for resources without a region. */
  region?: string;
  key?: string;
  resourceType?: string;
  /** A resource violation kind, or "NAME" for accounts whose names break the convention. */
  kind?: ViolationKind | "NAME";
}

export function filtersOf(query: TagDashboardQuery): ComplianceFilters {
  return {
    accountId: query.account,
    unitId: query.unit,
    environment: ENVIRONMENTS.find((environment) => environment.slug === query.environment)?.value,
    region: query.region === undefined ? undefined : query.region === GLOBAL_REGION ? "" : query.region,
    key: query.key,
    resourceType: query.type,
    kind: query.kind === undefined ? undefined : query.kind === "name" ? "NAME" : KIND_OF_SLUG[query.kind],
  };
}

function and(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
}

/** Conditions on the account (alias `a`): the account, unit-subtree and environment filters. */
function accountConditions(filters: ComplianceFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.accountId) conditions.push(Prisma.sql`a.id = ${filters.accountId}`);
  // A unit's path lists every ancestor id, so "this unit or below" is one test on the path (strpos, not LIKE:
  // ids may hold "_", a LIKE wildcard).
  if (filters.unitId) {
    conditions.push(Prisma.sql`a.unit_id IN (SELECT su.id FROM public.unit su WHERE strpos(su.path, ${`/${filters.unitId}/`}) > 0)`);
  }
  if (filters.environment) conditions.push(Prisma.sql`a.environment = ${filters.environment}::public.environment`);
  return conditions;
}

/** Conditions on a rollup row or a resource (alias given): the region and resource-type filters. */
function resourceConditions(filters: ComplianceFilters, alias: "t" | "r"): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const table = Prisma.raw(alias);
  if (filters.region !== undefined) conditions.push(Prisma.sql`${table}.region = ${filters.region}`);
  if (filters.resourceType) conditions.push(Prisma.sql`${table}.resource_type = ${filters.resourceType}`);
  return conditions;
}

/**
 * Overall compliance and the breakdowns by unit, environment, region and resource type in one pass over the
 * filtered rollup (GROUPING SETS). Rows: dimension ('all' | 'unit' | 'environment' | 'region' | 'type'), value.
 */
export function rollupGroupsSql(filters: ComplianceFilters): Prisma.Sql {
  return Prisma.sql`
    SELECT CASE WHEN GROUPING(a.unit_id) = 0 THEN 'unit'
                WHEN GROUPING(a.environment) = 0 THEN 'environment'
                WHEN GROUPING(t.region) = 0 THEN 'region'
                WHEN GROUPING(t.resource_type) = 0 THEN 'type'
                ELSE 'all' END AS dimension,
           coalesce(a.unit_id, a.environment::text, t.region, t.resource_type, '') AS value,
           sum(t.resources)::int AS resources,
           sum(t.compliant)::int AS compliant
    FROM public.tag_compliance_rollup t
    JOIN public.account a ON a.id = t.account_id
    WHERE ${and([...accountConditions(filters), ...resourceConditions(filters, "t")])}
    GROUP BY GROUPING SETS ((), (a.unit_id), (a.environment), (t.region), (t.resource_type))`;
}

/** One page of accounts, least compliant first (then the most resources), with unit and primary owner. */
export function accountBreakdownSql(filters: ComplianceFilters, page: number, pageSize: number): Prisma.Sql {
  return Prisma.sql`
    WITH per_account AS (
      SELECT t.account_id, sum(t.resources)::int AS resources, sum(t.compliant)::int AS compliant
      FROM public.tag_compliance_rollup t
      JOIN public.account a ON a.id = t.account_id
      WHERE ${and([...accountConditions(filters), ...resourceConditions(filters, "t")])}
      GROUP BY t.account_id
    ), page AS (
      SELECT p.account_id, p.resources, p.compliant, a.name, a.environment, a.unit_id, count(*) OVER ()::int AS total
      FROM per_account p
      JOIN public.account a ON a.id = p.account_id
      ORDER BY p.compliant::float8 / p.resources, p.resources DESC, a.name, a.id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT page.account_id AS "accountId", page.resources, page.compliant, page.name, page.environment::text AS environment,
           u.name AS "unitName", o.name AS "ownerName", o.email AS "ownerEmail", page.total
    FROM page
    JOIN public.unit u ON u.id = page.unit_id
    LEFT JOIN LATERAL (
      SELECT usr.name, usr.email FROM public.account_owner ao JOIN public.app_user usr ON usr.id = ao.user_id
      WHERE ao.account_id = page.account_id AND ao.role = 'PRIMARY' ORDER BY ao.created_at LIMIT 1
    ) o ON TRUE
    ORDER BY page.compliant::float8 / page.resources, page.resources DESC, page.name, page.account_id`;
}

/**
 * Per policy key: resources it applies to, missing, value not allowed (the key rollup is per account, so the region
 * and resource-type filters do not narrow it). Least compliant key first.
 */
export function keyBreakdownSql(filters: ComplianceFilters): Prisma.Sql {
  const conditions = accountConditions(filters);
  if (filters.key) conditions.push(Prisma.sql`k.key = ${filters.key}`);
  return Prisma.sql`
    SELECT k.key, sum(k.applicable)::int AS applicable, sum(k.missing)::int AS missing, sum(k.value_not_allowed)::int AS "valueNotAllowed"
    FROM public.tag_key_compliance_rollup k
    JOIN public.account a ON a.id = k.account_id
    WHERE ${and(conditions)}
    GROUP BY k.key
    ORDER BY (sum(k.applicable) - sum(k.missing) - sum(k.value_not_allowed))::float8 / nullif(sum(k.applicable), 0), k.key`;
}

/**
 * One page of resource violations (fetch pageSize + 1 rows: the extra one only says there is a next page). "newest"
 * walks the (…, id) indexes backwards; "account" walks accounts by name and each account's violations through the
 * (account_id, id) index, so neither sorts the whole table.
 */
export function violationsPageSql(filters: ComplianceFilters, sort: "newest" | "account", page: number, pageSize: number): Prisma.Sql {
  const violationConditions: Prisma.Sql[] = [];
  if (filters.kind && filters.kind !== "NAME") violationConditions.push(Prisma.sql`v.kind = ${filters.kind}::public.violation_kind`);
  if (filters.key) violationConditions.push(Prisma.sql`v.key = ${filters.key}`);
  const byResource = resourceConditions(filters, "r");
  const resourceFilter =
    byResource.length === 0 ? Prisma.empty : Prisma.sql`AND EXISTS (SELECT 1 FROM public.resource r WHERE r.id = v.resource_id AND ${and(byResource)})`;
  const limit = pageSize + 1;
  const offset = (page - 1) * pageSize;
  const ids =
    sort === "account"
      ? Prisma.sql`
        SELECT x.id, acc.name AS account_name
        FROM (SELECT a.id, a.name FROM public.account a WHERE ${and(accountConditions(filters))} ORDER BY a.name, a.id) acc
        CROSS JOIN LATERAL (
          SELECT v.id FROM public.resource_violation v
          WHERE v.account_id = acc.id AND ${and(violationConditions)} ${resourceFilter}
          ORDER BY v.id DESC
          LIMIT ${limit + offset}
        ) x
        ORDER BY acc.name, acc.id, x.id DESC
        LIMIT ${limit} OFFSET ${offset}`
      : Prisma.sql`
        SELECT v.id, a.name AS account_name
        FROM public.resource_violation v
        JOIN public.account a ON a.id = v.account_id
        WHERE ${and([...accountConditions(filters), ...violationConditions])} ${resourceFilter}
        ORDER BY v.id DESC
        LIMIT ${limit} OFFSET ${offset}`;
  const order = sort === "account" ? Prisma.sql`ORDER BY a.name, a.id, v.id DESC` : Prisma.sql`ORDER BY v.id DESC`;
  return Prisma.sql`
    WITH ids AS MATERIALIZED (${ids})
    SELECT v.id, v.kind::text AS kind, v.key, v.value, v.created_at AS "createdAt",
           r.resource_name AS "resourceName", r.resource_type AS "resourceType", r.region,
           a.id AS "accountId", a.name AS "accountName", a.environment::text AS environment,
           o.name AS "ownerName", o.email AS "ownerEmail"
    FROM ids
    JOIN public.resource_violation v ON v.id = ids.id
    JOIN public.resource r ON r.id = v.resource_id
    JOIN public.account a ON a.id = v.account_id
    LEFT JOIN LATERAL (
      SELECT usr.name, usr.email FROM public.account_owner ao JOIN public.app_user usr ON usr.id = ao.user_id
      WHERE ao.account_id = a.id AND ao.role = 'PRIMARY' ORDER BY ao.created_at LIMIT 1
    ) o ON TRUE
    ${order}`;
}

/**
 * Accounts (not closed) whose names break the naming convention for their environment, by name, one page with the
 * total. `patterns` holds one regular expression per environment (utils.namingPattern).
 */
export function nameViolationsSql(filters: ComplianceFilters, patterns: Record<Environment, string>, page: number, pageSize: number): Prisma.Sql {
  const pattern = Prisma.sql`CASE a.environment
      WHEN 'PROD' THEN ${patterns.PROD} WHEN 'STAGING' THEN ${patterns.STAGING} WHEN 'DEV' THEN ${patterns.DEV}
      WHEN 'SANDBOX' THEN ${patterns.SANDBOX} ELSE ${patterns.SHARED} END`;
  return Prisma.sql`
    WITH page AS (
      SELECT a.id, a.name, a.environment, count(*) OVER ()::int AS total
      FROM public.account a
      WHERE ${and([...accountConditions(filters), Prisma.sql`a.status <> 'CLOSED'`, Prisma.sql`a.name !~ ${pattern}`])}
      ORDER BY a.name, a.id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT page.id AS "accountId", page.name AS "accountName", page.environment::text AS environment, page.total,
           o.name AS "ownerName", o.email AS "ownerEmail"
    FROM page
    LEFT JOIN LATERAL (
      SELECT usr.name, usr.email FROM public.account_owner ao JOIN public.app_user usr ON usr.id = ao.user_id
      WHERE ao.account_id = page.id AND ao.role = 'PRIMARY' ORDER BY ao.created_at LIMIT 1
    ) o ON TRUE
    ORDER BY page.name, page.id`;
}

/** Daily compliance for the last TREND_DAYS days up to `today`, all environments or one. */
export function trendSql(filters: ComplianceFilters, today: string): Prisma.Sql {
  const environment = filters.environment ? Prisma.sql`AND s.environment = ${filters.environment}::public.environment` : Prisma.empty;
  return Prisma.sql`
    SELECT to_char(s.day, 'YYYY-MM-DD') AS day, sum(s.resources)::int AS resources, sum(s.compliant)::int AS compliant
    FROM public.tag_compliance_snapshot s
    WHERE s.day > ${today}::date - ${TREND_DAYS}::int AND s.day <= ${today}::date ${environment}
    GROUP BY s.day
    ORDER BY s.day`;
}

/** The distinct values of an indexed column in a few index probes (a "skip scan"), not a pass over the table. */
function distinctValuesSql(table: string, column: string, kind: string): Prisma.Sql {
  const t = Prisma.raw(`public.${table}`);
  const c = Prisma.raw(column);
  return Prisma.sql`
    SELECT ${kind}::text AS kind, v AS value FROM (
      WITH RECURSIVE walk(v) AS (
        SELECT min(${c}) FROM ${t}
        UNION ALL
        SELECT (SELECT min(${c}) FROM ${t} WHERE ${c} > walk.v) FROM walk WHERE walk.v IS NOT NULL
      )
      SELECT v FROM walk WHERE v IS NOT NULL
    ) ${Prisma.raw(`${kind}s`)}`;
}

/** What the filter selects offer: regions and resource types present in the rollup, and the keys of the policy and the key rollup. */
export function optionsSql(): Prisma.Sql {
  return Prisma.sql`
    ${distinctValuesSql("tag_compliance_rollup", "region", "region")}
    UNION ALL
    ${distinctValuesSql("tag_compliance_rollup", "resource_type", "type")}
    UNION
    SELECT 'key', key FROM public.tag_policy_rule WHERE tag_policy_id = (SELECT id FROM public.tag_policy ORDER BY version DESC LIMIT 1)
    UNION
    ${distinctValuesSql("tag_key_compliance_rollup", "key", "key")}`;
}

// ----- readers -----

interface GroupRow {
  dimension: "all" | "unit" | "environment" | "region" | "type";
  value: string;
  resources: number;
  compliant: number;
}

function figure(resources: number, compliant: number) {
  return { resources, compliant, percent: compliancePercent(compliant, resources) };
}

/** Least compliant first, then the largest, then by label: the order every breakdown table and chart uses. */
function worstFirst<T extends BreakdownRow>(rows: T[]): T[] {
  return rows.sort((x, y) => (x.percent ?? 101) - (y.percent ?? 101) || y.resources - x.resources || x.label.localeCompare(y.label));
}

/**
 * Which evaluation the figures come from: each evaluation rewrites the day's snapshot rows in its own transaction,
 * so the newest row version's transaction id changes with every evaluation (whatever `now` it was given). Keys the
 * dashboard's cache. Null before the first evaluation.
 */
export async function findEvaluationStamp(): Promise<string | null> {
  const [row] = await db.$queryRaw<{ stamp: string | null }[]>`SELECT max(xmin::text::bigint)::text AS stamp FROM public.tag_compliance_snapshot`;
  return row?.stamp ?? null;
}

/** The naming convention in force (its template), or the default one. */
export async function findNamingTemplate(): Promise<string> {
  const convention = await db.namingConvention.findFirst({ orderBy: { version: "desc" }, select: { template: true } });
  return convention?.template ?? DEFAULT_TEMPLATE;
}

export function namingPatterns(template: string): Record<Environment, string> {
  return Object.fromEntries(ENVIRONMENTS.map((environment) => [environment.value, namingPattern(template, environment.value)])) as Record<Environment, string>;
}

export async function findUnitOptions(): Promise<TagDashboardOptions["units"]> {
  const units = await db.unit.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, path: true } });
  // "/root/" has depth 0, "/root/child/" depth 1, …
  return units.map((unit) => ({ id: unit.id, name: unit.name, depth: unit.path.split("/").length - 3 }));
}

export async function findDashboardOptions(): Promise<Omit<TagDashboardOptions, "units"> & { hasInventory: boolean }> {
  const rows = await db.$queryRaw<{ kind: "region" | "type" | "key"; value: string }[]>(optionsSql());
  const of = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => row.value).sort((x, y) => x.localeCompare(y));
  const regions = of("region");
  const resourceTypes = of("type");
  return { regions, resourceTypes, keys: of("key"), hasInventory: regions.length > 0 };
}

export async function findAccountName(accountId: string): Promise<string | null> {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { name: true } });
  return account?.name ?? null;
}

export async function findComplianceGroups(filters: ComplianceFilters, unitNames: ReadonlyMap<string, string>) {
  const rows = await db.$queryRaw<GroupRow[]>(rollupGroupsSql(filters));
  const all = rows.find((row) => row.dimension === "all");
  const breakdown = (dimension: GroupRow["dimension"], label: (value: string) => string): BreakdownRow[] =>
    worstFirst(rows.filter((row) => row.dimension === dimension).map((row) => ({ value: row.value, label: label(row.value), ...figure(row.resources, row.compliant) })));
  return {
    overall: figure(all?.resources ?? 0, all?.compliant ?? 0),
    byUnit: breakdown("unit", (id) => unitNames.get(id) ?? id),
    byEnvironment: breakdown("environment", (value) => ENVIRONMENTS.find((environment) => environment.value === value)?.label ?? value),
    byRegion: breakdown("region", (value) => value || "Global (no region)"),
    byResourceType: breakdown("type", (value) => value),
  };
}

export async function findAccountBreakdown(filters: ComplianceFilters, page: number, pageSize: number): Promise<TagDashboard["byAccount"]> {
  type Row = { accountId: string; resources: number; compliant: number; name: string; environment: Environment; unitName: string; ownerName: string | null; ownerEmail: string | null; total: number };
  let rows = await db.$queryRaw<Row[]>(accountBreakdownSql(filters, page, pageSize));
  let current = page;
  // A page past the end shows the last page, as the accounts list does.
  if (rows.length === 0 && page > 1) {
    const [probe] = await db.$queryRaw<Row[]>(accountBreakdownSql(filters, 1, 1));
    const total = probe?.total ?? 0;
    current = Math.max(1, Math.ceil(total / pageSize));
    rows = total === 0 ? [] : await db.$queryRaw<Row[]>(accountBreakdownSql(filters, current, pageSize));
  }
  const total = rows[0]?.total ?? 0;
  return {
    rows: rows.map(
      (row): AccountBreakdownRow => ({
        value: row.accountId,
        label: row.name,
        environment: row.environment,
        unitName: row.unitName,
        ownerName: row.ownerName,
        ownerEmail: row.ownerEmail,
        ...figure(row.resources, row.compliant),
      }),
    ),
    total,
    page: current,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

export async function findKeyBreakdown(filters: ComplianceFilters): Promise<KeyBreakdownRow[]> {
  const rows = await db.$queryRaw<Omit<KeyBreakdownRow, "percent">[]>(keyBreakdownSql(filters));
  return rows.map((row) => ({ ...row, percent: compliancePercent(row.applicable - row.missing - row.valueNotAllowed, row.applicable) }));
}

export async function findViolationsPage(filters: ComplianceFilters, sort: "newest" | "account", page: number, pageSize: number): Promise<{ rows: ViolationRow[]; hasNext: boolean }> {
  type Row = Omit<ViolationRow, "since" | "fixHref"> & { createdAt: Date };
  const rows = await db.$queryRaw<Row[]>(violationsPageSql(filters, sort, page, pageSize));
  return {
    rows: rows.slice(0, pageSize).map(({ createdAt, ...row }) => ({ ...row, since: createdAt.toISOString(), fixHref: fixHref(row.accountId) })),
    hasNext: rows.length > pageSize,
  };
}

export async function findNameViolations(filters: ComplianceFilters, template: string, page: number, pageSize: number): Promise<{ rows: NameViolationRow[]; total: number }> {
  type Row = Omit<NameViolationRow, "expected" | "fixHref"> & { total: number };
  const rows = await db.$queryRaw<Row[]>(nameViolationsSql(filters, namingPatterns(template), page, pageSize));
  return {
    rows: rows.map(({ total: _total, ...row }) => ({ ...row, expected: expectedNameShape(template, row.environment), fixHref: fixHref(row.accountId) })),
    total: rows[0]?.total ?? 0,
  };
}

export async function findTrend(filters: ComplianceFilters, now: Date): Promise<TrendPoint[]> {
  const rows = await db.$queryRaw<Omit<TrendPoint, "percent">[]>(trendSql(filters, utcDay(now)));
  return rows.map((row) => ({ ...row, percent: compliancePercent(row.compliant, row.resources) }));
}
