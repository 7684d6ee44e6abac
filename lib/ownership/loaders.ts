import "server-only";
import { findAccountFilterOptions } from "@/lib/accounts/data";
import { requireActor, requirePageActor } from "@/lib/core/auth-gate";
import { spreadsheetCsv } from "@/lib/core/csv";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { RecentResults } from "@/lib/core/recent-results";
import { AREA_ROLES, type Actor } from "@/lib/core/roles";
import { describeIgnored, firstSearchValues, type SearchParams } from "@/lib/core/validation";
import { ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";
import { canReadOwnershipDashboard } from "./ability";
import {
  findAccountForOwnership,
  findOwnershipBreakdown,
  findOwnershipHeadline,
  findOwnershipTableRows,
  findTeamOptions,
  type OwnershipTableRecord,
} from "./data";
import { NONE, ownershipQuerySchema, readOwnershipConfig, type OwnershipQuery } from "./schema";
import type { AccountForOwnership, OwnershipConfig, OwnershipDashboard, OwnershipFilterOptions, OwnershipRow } from "./types";
import { OWNERSHIP_CSV_HEADER, ownershipClock, ownershipCsvCells, ownershipFilters, reviewDueAt } from "./utils";

/** Whether an ability rule allows this person on this account, read from the database (an unknown account: no). */
export async function allowsOnAccount(actor: Actor, accountId: string, rule: (actor: Actor, account: AccountForOwnership) => boolean): Promise<boolean> {
  const account = await findAccountForOwnership(accountId);
  return account !== null && rule(actor, account);
}

/** For the JSON and CSV routes: the signed-in person, who must be allowed to read dashboards. */
async function requireDashboardReader(): Promise<Actor> {
  const actor = await requireActor();
  if (!canReadOwnershipDashboard(actor)) throw new AppError("FORBIDDEN");
  return actor;
}

/**
 * Parses the URL filters. Unknown parameters and values, repeated values and ids that name nothing (an unknown unit,
 * owner or team) are dropped and listed in `ignored`, so the page says so instead of silently matching nothing.
 */
function resolveQuery(searchParams: SearchParams, options: OwnershipFilterOptions): { query: OwnershipQuery; ignored: string[] } {
  const { values: raw, repeated } = firstSearchValues(searchParams);
  const ignored = repeated.map(([key, value]) => describeIgnored(key, value));
  const query = ownershipQuerySchema.parse(raw);
  const known = Object.keys(ownershipQuerySchema.shape);
  for (const [key, value] of Object.entries(raw)) {
    const parsed = query[key as keyof OwnershipQuery];
    if (!known.includes(key) || parsed === undefined || String(parsed) !== value) ignored.push(describeIgnored(key, value));
  }
  const drop = (key: "unit" | "owner" | "team", exists: boolean) => {
    if (query[key] && !exists) {
      ignored.push(describeIgnored(key, query[key]));
      query[key] = undefined;
    }
  };
  drop("unit", options.units.some((unit) => unit.id === query.unit));
  drop("owner", query.owner === NONE || options.owners.some((owner) => owner.id === query.owner));
  drop("team", query.team === NONE || options.teams.some((team) => team.id === query.team));
  return { query, ignored };
}

function toRow(record: OwnershipTableRecord, config: OwnershipConfig): OwnershipRow {
  return {
    id: record.id,
    name: record.name,
    memberUin: record.memberUin,
    environment: record.environment,
    status: record.status,
    regions: record.regions,
    unitName: record.unitName,
    teamName: record.teamName,
    owners: record.owners,
    createdAt: record.createdAt.toISOString(),
    lastActivityAt: record.lastActivityAt?.toISOString() ?? null,
    ownershipConfirmedAt: record.ownershipConfirmedAt?.toISOString() ?? null,
    reviewDueAt: reviewDueAt({ ownershipConfirmedAt: record.ownershipConfirmedAt, createdAt: record.createdAt }, config).toISOString(),
    orphaned: record.orphaned,
    dormant: record.dormant,
    reviewDue: record.reviewDue,
  };
}

const ENVIRONMENT_LABEL = new Map<string, string>(ENVIRONMENTS.map((environment) => [environment.value, environment.label]));
const REGION_LABEL = new Map<string, string>(REGIONS.map((region) => [region.id, region.name]));

/**
 * The whole dashboard in three statements run side by side (headline counts, the five breakdowns, one page of the
 * table) besides the filter options. The headline counts give the table's total, so the page is fetched at once;
 * only a page past the end costs a second fetch (of the last page).
 */
async function buildDashboard(searchParams: SearchParams, config: OwnershipConfig, now = new Date()): Promise<OwnershipDashboard> {
  const [accountOptions, teams] = await Promise.all([findAccountFilterOptions(), findTeamOptions()]);
  const options: OwnershipFilterOptions = { ...accountOptions, teams };
  const { query, ignored } = resolveQuery(searchParams, options);
  const filters = ownershipFilters(query);
  const clock = ownershipClock(now, config);
  const order = { sort: query.sort, dir: query.dir };
  const pageOf = (page: number) => ({ limit: query.pageSize, offset: (page - 1) * query.pageSize });
  const [headline, breakdown, firstTry] = await Promise.all([
    findOwnershipHeadline(filters, clock),
    findOwnershipBreakdown(filters, clock),
    findOwnershipTableRows(filters, clock, order, pageOf(query.page)),
  ]);
  const listTotal = { orphaned: headline.orphaned, dormant: headline.dormant, unmanaged: headline.unmanaged, "review-due": headline.reviewDue };
  const total = query.list ? listTotal[query.list] : headline.total;
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  let records = firstTry;
  if (query.page > pageCount) {
    ignored.push(`page=${query.page} (showing the last page, ${pageCount})`);
    query.page = pageCount;
    records = await findOwnershipTableRows(filters, clock, order, pageOf(pageCount));
  }
  for (const group of breakdown.environment.groups) group.label = ENVIRONMENT_LABEL.get(group.key ?? "") ?? group.key ?? "";
  for (const group of breakdown.region.groups) group.label = REGION_LABEL.get(group.key ?? "") ?? group.key ?? "";
  for (const group of breakdown.owner.groups) if (group.key === null) group.label = "No owner";
  for (const group of breakdown.team.groups) if (group.key === null) group.label = "No team";
  return {
    query,
    ignored,
    config,
    generatedAt: now.toISOString(),
    headline,
    breakdown,
    table: { rows: records.map((record) => toRow(record, config)), total, pageCount },
    options,
  };
}

/**
 * Dashboards computed in the last DASHBOARD_CACHE_SECONDS, by their URL parameters. The payload is the same for every
 * reader (everyone who may open it sees every account), so one computation serves everybody asking for the same
 * filters meanwhile. Confirming and claiming clear it in this process; changes made elsewhere (the inventory sync,
 * another instance) show within the lifetime. Authorization is checked on every request before this is consulted.
 */
const recentDashboards = new RecentResults<OwnershipDashboard>(200);

function dashboardKey(searchParams: SearchParams): string {
  const pairs = Object.entries(searchParams).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).flatMap((one) => (one === undefined ? [] : [[key, one]])));
  return new URLSearchParams(pairs.sort(([a = ""], [b = ""]) => a.localeCompare(b))).toString();
}

function recentDashboard(searchParams: SearchParams): Promise<OwnershipDashboard> {
  return recentDashboards.get(dashboardKey(searchParams), env.DASHBOARD_CACHE_SECONDS * 1000, () => buildDashboard(searchParams, readOwnershipConfig()));
}

/** After a change to ownership: the next request computes the dashboards afresh. */
export function forgetRecentDashboards(): void {
  recentDashboards.clear();
}

/** The dashboard page. */
export async function loadOwnershipDashboard(searchParams: SearchParams): Promise<OwnershipDashboard> {
  await requirePageActor(...AREA_ROLES.dashboards);
  return recentDashboard(searchParams);
}

/** GET /api/dashboards/ownership: the same payload as JSON. */
export async function readOwnershipDashboard(searchParams: SearchParams): Promise<OwnershipDashboard> {
  await requireDashboardReader();
  return recentDashboard(searchParams);
}

/** GET /api/dashboards/ownership/export: every row of the filtered, sorted table (the same statement, no page). */
export async function exportOwnershipCsv(searchParams: SearchParams, now = new Date()): Promise<{ fileName: string; body: string }> {
  await requireDashboardReader();
  const config = readOwnershipConfig();
  const [accountOptions, teams] = await Promise.all([findAccountFilterOptions(), findTeamOptions()]);
  const { query } = resolveQuery(searchParams, { ...accountOptions, teams });
  const records = await findOwnershipTableRows(ownershipFilters(query), ownershipClock(now, config), { sort: query.sort, dir: query.dir });
  const body = spreadsheetCsv(OWNERSHIP_CSV_HEADER, records.map((record) => ownershipCsvCells(toRow(record, config))));
  return { fileName: `ownership-${query.list ?? "accounts"}-${now.toISOString().slice(0, 10)}.csv`, body };
}
