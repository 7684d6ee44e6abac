import "server-only";
import { db } from "@/lib/core/db";
import { Prisma } from "@/lib/core/generated/prisma/client";
import type { AccountStatus, Environment } from "@/lib/core/generated/prisma/enums";
import { NONE, type OwnershipSortField } from "./schema";
import type { AccountForOwnership, DimensionBreakdown, OwnershipClock, OwnershipDimension, OwnershipFilters, OwnershipHeadline, OwnershipOwner } from "./types";

// Every aggregate here is one SQL statement over indexed columns; no account rows are loaded into JavaScript except
// the one page the table shows. The builders (…Sql) are exported so scripts/bench-dashboards.ts can run the very
// same statements directly: `pg.query(sql.text, sql.values)`.

/** Bars per chart; the rest are counted (totalGroups) and reachable through the filters and the table. */
export const OWNERSHIP_TOP_GROUPS = 12;

/**
 * Timestamps are stored as UTC in `timestamp without time zone` columns. The bound is sent as UTC ISO text and
 * cast: PostgreSQL drops the "Z", leaving the UTC wall clock, whatever the session's or the client's time zone.
 */
function utc(instant: Date): Prisma.Sql {
  return Prisma.sql`${instant.toISOString()}::timestamp`;
}

// The rules (lib/ownership/utils.ts states them as pure functions), over an account aliased `a`. Owner conditions
// are `[NOT] IN (uncorrelated subquery)`: PostgreSQL hashes the owners once per statement, where a correlated
// EXISTS inside an aggregate's FILTER or the select list runs once per account (8 ms instead of 70 ms at 5,000).
const NO_OWNER = Prisma.sql`a.id NOT IN (SELECT o.account_id FROM account_owner o)`;
const ORPHANED = Prisma.sql`(a.status <> 'CLOSED' AND a.id NOT IN (
  SELECT o.account_id FROM account_owner o JOIN app_user u ON u.id = o.user_id WHERE u.active))`;
const UNMANAGED = Prisma.sql`(a.status = 'UNMANAGED')`;
const REVIEW_BASE = Prisma.sql`COALESCE(a.ownership_confirmed_at, a.created_at)`;

export function dormantSql(clock: OwnershipClock): Prisma.Sql {
  return Prisma.sql`(a.status IN ('ACTIVE', 'UNMANAGED') AND COALESCE(a.last_activity_at, a.created_at) < ${utc(clock.dormantBefore)})`;
}

export function reviewDueSql(clock: OwnershipClock): Prisma.Sql {
  return Prisma.sql`(a.status = 'ACTIVE' AND ${REVIEW_BASE} < ${utc(clock.reviewBefore)})`;
}

export function orphanedSql(): Prisma.Sql {
  return ORPHANED;
}

function listSql(list: NonNullable<OwnershipFilters["list"]>, clock: OwnershipClock): Prisma.Sql {
  switch (list) {
    case "orphaned":
      return ORPHANED;
    case "dormant":
      return dormantSql(clock);
    case "unmanaged":
      return UNMANAGED;
    case "review-due":
      return reviewDueSql(clock);
  }
}

/** The WHERE clause of the filters over `account a`; `withList: false` leaves the list out (headline counts). */
export function ownershipWhereSql(filters: OwnershipFilters, clock: OwnershipClock, withList = true): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filters.owner === NONE) conditions.push(NO_OWNER);
  else if (filters.owner) conditions.push(Prisma.sql`a.id IN (SELECT o.account_id FROM account_owner o WHERE o.user_id = ${filters.owner})`);
  if (filters.team === NONE) conditions.push(Prisma.sql`a.team_id IS NULL`);
  else if (filters.team) conditions.push(Prisma.sql`a.team_id = ${filters.team}`);
  // A unit's path lists every ancestor id, so "this unit or any unit below it" is one match on the path.
  if (filters.unit) conditions.push(Prisma.sql`a.unit_id IN (SELECT un.id FROM unit un WHERE un.path LIKE ${`%/${filters.unit}/%`})`);
  if (filters.environment) conditions.push(Prisma.sql`a.environment = ${filters.environment}::"environment"`);
  // Containment uses the GIN index on regions.
  if (filters.region) conditions.push(Prisma.sql`a.regions @> ARRAY[${filters.region}]::text[]`);
  if (filters.status) conditions.push(Prisma.sql`a.status = ${filters.status}::"account_status"`);
  if (withList && filters.list) conditions.push(listSql(filters.list, clock));
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
}

/** Headline counts: accounts under the filters (the list aside), and how many are in each list. One scan. */
export function ownershipHeadlineSql(filters: OwnershipFilters, clock: OwnershipClock): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS total,
      (count(*) FILTER (WHERE ${ORPHANED}))::int AS orphaned,
      (count(*) FILTER (WHERE ${dormantSql(clock)}))::int AS dormant,
      (count(*) FILTER (WHERE ${UNMANAGED}))::int AS unmanaged,
      (count(*) FILTER (WHERE ${reviewDueSql(clock)}))::int AS "reviewDue"
    FROM account a
    WHERE ${ownershipWhereSql(filters, clock, false)}`;
}

/**
 * Accounts per owner (primary or secondary, plus "no owner"), team, unit, environment and region (each region an
 * account may use), under every filter including the list, in one statement: the filtered accounts are computed
 * once and grouped five ways. Each group carries the number of groups before the cut (a window over the GROUP BY).
 */
export function ownershipBreakdownSql(filters: OwnershipFilters, clock: OwnershipClock, top = OWNERSHIP_TOP_GROUPS): Prisma.Sql {
  return Prisma.sql`
    WITH f AS MATERIALIZED (
      SELECT a.id, a.team_id, a.unit_id, a.environment, a.regions FROM account a WHERE ${ownershipWhereSql(filters, clock)}
    )
    (SELECT 'owner' AS dimension, u.id AS key, u.name AS label, NOT u.active AS inactive, count(*)::int AS count, (count(*) OVER ())::int AS groups
      FROM f JOIN account_owner o ON o.account_id = f.id JOIN app_user u ON u.id = o.user_id
      GROUP BY u.id ORDER BY count(*) DESC, u.name LIMIT ${top})
    UNION ALL
    (SELECT 'owner', NULL, NULL, false, count(*)::int, 1
      FROM f WHERE f.id NOT IN (SELECT o.account_id FROM account_owner o) HAVING count(*) > 0)
    UNION ALL
    (SELECT 'team', t.id, t.name, false, count(*)::int, (count(*) OVER ())::int
      FROM f LEFT JOIN team t ON t.id = f.team_id GROUP BY t.id ORDER BY count(*) DESC, t.name NULLS LAST LIMIT ${top})
    UNION ALL
    (SELECT 'unit', un.id, un.name, false, count(*)::int, (count(*) OVER ())::int
      FROM f JOIN unit un ON un.id = f.unit_id GROUP BY un.id ORDER BY count(*) DESC, un.name LIMIT ${top})
    UNION ALL
    (SELECT 'environment', f.environment::text, NULL, false, count(*)::int, (count(*) OVER ())::int
      FROM f GROUP BY f.environment ORDER BY count(*) DESC, f.environment)
    UNION ALL
    (SELECT 'region', r.region, NULL, false, count(*)::int, (count(*) OVER ())::int
      FROM f CROSS JOIN LATERAL unnest(f.regions) AS r(region) GROUP BY r.region ORDER BY count(*) DESC, r.region LIMIT ${top})`;
}

/** Sort keys → SQL expressions (a closed map: nothing from the URL reaches the statement as text). */
const SORT_SQL: Record<OwnershipSortField, Prisma.Sql> = {
  name: Prisma.sql`a.name`,
  environment: Prisma.sql`a.environment`,
  status: Prisma.sql`a.status`,
  unit: Prisma.sql`un.name`,
  team: Prisma.sql`t.name`,
  lastActivityAt: Prisma.sql`a.last_activity_at`,
  reviewDueAt: REVIEW_BASE,
};

/**
 * The account table under every filter, sorted (the id breaks ties, so pages never overlap or skip rows) and, with
 * a page, cut to it; without one, every row (the CSV export: the same statement, so the CSV equals the table).
 */
export function ownershipTableSql(
  filters: OwnershipFilters,
  clock: OwnershipClock,
  order: { sort: OwnershipSortField; dir: "asc" | "desc" },
  page?: { limit: number; offset: number },
): Prisma.Sql {
  const direction = order.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return Prisma.sql`
    SELECT a.id, a.name, a.member_uin AS "memberUin", a.environment::text AS environment, a.status::text AS status, a.regions,
      un.name AS "unitName", t.name AS "teamName", a.created_at AS "createdAt", a.last_activity_at AS "lastActivityAt",
      a.ownership_confirmed_at AS "ownershipConfirmedAt", ${REVIEW_BASE} AS "reviewBase",
      ${ORPHANED} AS orphaned, ${dormantSql(clock)} AS dormant, ${reviewDueSql(clock)} AS "reviewDue",
      COALESCE((
        SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email, 'active', u.active, 'primary', o.role = 'PRIMARY')
          ORDER BY o.role, o.created_at)
        FROM account_owner o JOIN app_user u ON u.id = o.user_id WHERE o.account_id = a.id
      ), '[]'::json) AS owners
    FROM account a JOIN unit un ON un.id = a.unit_id LEFT JOIN team t ON t.id = a.team_id
    WHERE ${ownershipWhereSql(filters, clock)}
    ORDER BY ${SORT_SQL[order.sort]} ${direction} NULLS LAST, a.id ASC
    ${page ? Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}` : Prisma.empty}`;
}

export interface OwnershipTableRecord {
  id: string;
  name: string;
  memberUin: string | null;
  environment: Environment;
  status: AccountStatus;
  regions: string[];
  unitName: string;
  teamName: string | null;
  createdAt: Date;
  lastActivityAt: Date | null;
  ownershipConfirmedAt: Date | null;
  reviewBase: Date;
  orphaned: boolean;
  dormant: boolean;
  reviewDue: boolean;
  owners: OwnershipOwner[];
}

export async function findOwnershipHeadline(filters: OwnershipFilters, clock: OwnershipClock): Promise<OwnershipHeadline> {
  const [row] = await db.$queryRaw<OwnershipHeadline[]>(ownershipHeadlineSql(filters, clock));
  return row ?? { total: 0, orphaned: 0, dormant: 0, unmanaged: 0, reviewDue: 0 };
}

interface BreakdownRecord {
  dimension: OwnershipDimension;
  key: string | null;
  label: string | null;
  inactive: boolean;
  count: number;
  groups: number;
}

/** Counts per dimension; labels of environments and regions are left to the caller (null here). */
export async function findOwnershipBreakdown(filters: OwnershipFilters, clock: OwnershipClock): Promise<Record<OwnershipDimension, DimensionBreakdown>> {
  const rows = await db.$queryRaw<BreakdownRecord[]>(ownershipBreakdownSql(filters, clock));
  const breakdown: Record<OwnershipDimension, DimensionBreakdown> = {
    owner: { groups: [], totalGroups: 0 },
    team: { groups: [], totalGroups: 0 },
    unit: { groups: [], totalGroups: 0 },
    environment: { groups: [], totalGroups: 0 },
    region: { groups: [], totalGroups: 0 },
  };
  for (const row of rows) {
    const entry = breakdown[row.dimension];
    entry.groups.push({ key: row.key, label: row.label ?? "", count: row.count, inactive: row.inactive });
    // The "no owner" row is a group of its own beside the owners' window count.
    entry.totalGroups = row.dimension === "owner" && row.key === null ? entry.totalGroups + 1 : Math.max(entry.totalGroups, row.groups);
  }
  return breakdown;
}

export function findOwnershipTableRows(
  filters: OwnershipFilters,
  clock: OwnershipClock,
  order: { sort: OwnershipSortField; dir: "asc" | "desc" },
  page?: { limit: number; offset: number },
): Promise<OwnershipTableRecord[]> {
  return db.$queryRaw<OwnershipTableRecord[]>(ownershipTableSql(filters, clock, order, page));
}

export function findTeamOptions() {
  return db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** What the ownership abilities need: the account's status and its owners with whether each is active. */
export async function findAccountForOwnership(id: string): Promise<AccountForOwnership | null> {
  const account = await db.account.findUnique({
    where: { id },
    select: { status: true, owners: { select: { userId: true, user: { select: { active: true } } } } },
  });
  return account && { status: account.status, owners: account.owners.map((owner) => ({ userId: owner.userId, active: owner.user.active })) };
}

/** People who may be named owner when an account is claimed: active ones. */
export function findClaimOwnerOptions() {
  return db.user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } });
}
