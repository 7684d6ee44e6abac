import "server-only";
import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { requireActor, requirePageActor } from "@/lib/core/auth-gate";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { RecentResults } from "@/lib/core/recent-results";
import { AREA_ROLES } from "@/lib/core/roles";
import { describeIgnored, firstSearchValues, searchParamsFrom, type SearchParams } from "@/lib/core/validation";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { canReadTagDashboard } from "./ability";
import { EXPORT_MAX_ROWS, VIOLATION_KIND_LABEL } from "./constants";
import {
  filtersOf,
  findAccountBreakdown,
  findAccountName,
  findComplianceGroups,
  findDashboardOptions,
  findEvaluationStamp,
  findKeyBreakdown,
  findNameViolations,
  findNamingTemplate,
  findTrend,
  findUnitOptions,
  findViolationsPage,
  NAME_SECTION_SIZE,
} from "./data";
import { exportTableSchema, tagDashboardQuerySchema, type TagDashboardQuery } from "./schema";
import type { TagDashboard } from "./types";
import { utcDay } from "./utils";

/**
 * The URL's filters, with what was ignored: unknown parameters and values, repeated values, and a unit or account
 * that does not exist (they would silently match nothing).
 */
async function parseQuery(searchParams: SearchParams): Promise<{ query: TagDashboardQuery; ignored: string[]; units: TagDashboard["options"]["units"]; accountName: string | null }> {
  const { values: raw, repeated } = firstSearchValues(searchParams);
  const ignored = repeated.map(([key, value]) => describeIgnored(key, value));
  const query = tagDashboardQuerySchema.parse(raw);
  for (const [key, value] of Object.entries(raw)) {
    const parsed = query[key as keyof TagDashboardQuery];
    if (!(key in tagDashboardQuerySchema.shape) || parsed === undefined || String(parsed) !== value) ignored.push(describeIgnored(key, value));
  }
  const [units, accountName] = await Promise.all([findUnitOptions(), query.account ? findAccountName(query.account) : Promise.resolve(null)]);
  if (query.unit && !units.some((unit) => unit.id === query.unit)) {
    ignored.push(describeIgnored("unit", query.unit));
    query.unit = undefined;
  }
  if (query.account && accountName === null) {
    ignored.push(describeIgnored("account", query.account));
    query.account = undefined;
  }
  // A region, resource type or key the inventory does not have would silently match nothing.
  if (query.region !== undefined || query.type !== undefined || query.key !== undefined) {
    const options = await findDashboardOptions();
    const known = { region: options.regions.map((region) => region || "global"), type: options.resourceTypes, key: options.keys };
    for (const name of ["region", "type", "key"] as const) {
      const value = query[name];
      if (value !== undefined && !known[name].includes(value)) {
        ignored.push(describeIgnored(name, value));
        query[name] = undefined;
      }
    }
  }
  return { query, ignored, units, accountName };
}

/**
 * Dashboards built in the last DASHBOARD_CACHE_SECONDS, per filters and evaluation: every figure changes only when an
 * evaluation runs (which rewrites today's snapshot, so the stamp in the key changes); owners' and account names may
 * change in between, hence the short lifetime. Twenty people opening the same link cost one set of queries.
 */
const builtDashboards = new RecentResults<TagDashboard>(500);

/** Every section of the dashboard for the URL's filters: a handful of queries over the rollups, run side by side. */
async function buildTagDashboard(searchParams: SearchParams, now: Date): Promise<{ dashboard: TagDashboard; ignored: string[] }> {
  const { query, ignored, units, accountName } = await parseQuery(searchParams);
  const stamp = await findEvaluationStamp();
  const key = JSON.stringify([stamp, utcDay(now), accountName, Object.entries(query).sort()]);
  const dashboard = await builtDashboards.get(key, env.DASHBOARD_CACHE_SECONDS * 1000, () => queryTagDashboard(query, units, accountName, now));
  // The violations list has no total (counting them all is the expensive part): a page past its end is said so.
  if (query.kind !== "name" && dashboard.violations.rows.length === 0 && query.page > 1) ignored.push(`page=${query.page} (past the last page of violations)`);
  return { ignored, dashboard };
}

async function queryTagDashboard(query: TagDashboardQuery, units: TagDashboard["options"]["units"], accountName: string | null, now: Date): Promise<TagDashboard> {
  const filters = filtersOf(query);
  const unitNames = new Map(units.map((unit) => [unit.id, unit.name]));
  const namesOnly = filters.kind === "NAME";
  const [template, options, groups, byAccount, byKey, trend] = await Promise.all([
    findNamingTemplate(),
    findDashboardOptions(),
    findComplianceGroups(filters, unitNames),
    findAccountBreakdown(filters, query.accountsPage, query.pageSize),
    findKeyBreakdown(filters),
    findTrend(filters, now),
  ]);
  const [violations, names] = await Promise.all([
    namesOnly ? Promise.resolve({ rows: [], hasNext: false }) : findViolationsPage(filters, query.sort, query.page, query.pageSize),
    findNameViolations(filters, template, namesOnly ? query.page : 1, namesOnly ? query.pageSize : NAME_SECTION_SIZE),
  ]);
  const { hasInventory, ...optionLists } = options;
  return {
    query: { ...query, accountsPage: byAccount.page },
    accountName,
    hasInventory,
    ...groups,
    byAccount,
    byKey,
    violations: { ...violations, page: query.page },
    names: { ...names, template },
    trend,
    options: { units, ...optionLists },
  };
}

/** For the page: people without the dashboards area get the 403 page. */
export async function loadTagDashboardPage(searchParams: SearchParams) {
  const actor = await requirePageActor(...AREA_ROLES.dashboards);
  if (!canReadTagDashboard(actor)) forbidden();
  return buildTagDashboard(searchParams, new Date());
}

/** For GET /api/dashboards/tags and the CSV export: UNAUTHENTICATED or FORBIDDEN errors instead of redirects. */
async function requireDashboardReader() {
  const actor = await requireActor();
  if (!canReadTagDashboard(actor)) throw new AppError("FORBIDDEN");
  return actor;
}

export async function loadTagDashboardForRoute(searchParams: URLSearchParams) {
  await requireDashboardReader();
  return buildTagDashboard(searchParamsFrom(searchParams), new Date());
}

const BREAKDOWN_HEADER = ["Group", "Resources", "Compliant", "Compliance %"];

/**
 * The CSV export for the URL's filters: the violations list (default), the account names breaking the convention
 * (`table=names`), or a breakdown (`table=account|unit|environment|region|key|type`). At most EXPORT_MAX_ROWS rows,
 * in the dashboard's order, from the first row (the list's page does not apply). Links are absolute on `origin`.
 */
export async function loadTagExport(searchParams: URLSearchParams): Promise<{ fileName: string; header: string[]; rows: unknown[][] }> {
  await requireDashboardReader();
  const table = exportTableSchema.parse(searchParams.get("table") ?? undefined);
  const { query } = await parseQuery(searchParamsFrom(searchParams));
  const filters = filtersOf(query);
  const origin = new URL("/", `http://${(await headers()).get("host") ?? "localhost"}`).origin;
  const link = (path: string) => new URL(path, origin).toString();
  const stamp = utcDay(new Date());
  const fileName = `tag-compliance-${table}-${stamp}.csv`;

  if (table === "violations" && filters.kind !== "NAME") {
    const { rows } = await findViolationsPage(filters, query.sort, 1, EXPORT_MAX_ROWS);
    return {
      fileName,
      header: ["Account", "Account ID", "Environment", "Primary owner", "Owner email", "Resource", "Resource type", "Region", "Violation", "Key", "Value", "Found", "Fix"],
      rows: rows.map((row) => [
        row.accountName,
        row.accountId,
        environmentLabel(row.environment),
        row.ownerName ?? "",
        row.ownerEmail ?? "",
        row.resourceName,
        row.resourceType,
        row.region,
        VIOLATION_KIND_LABEL[row.kind],
        row.key ?? "",
        row.value ?? "",
        row.since,
        link(row.fixHref),
      ]),
    };
  }
  if (table === "violations" || table === "names") {
    const template = await findNamingTemplate();
    const { rows } = await findNameViolations(filters, template, 1, EXPORT_MAX_ROWS);
    return {
      fileName: `tag-compliance-names-${stamp}.csv`,
      header: ["Account", "Account ID", "Environment", "Expected name", "Primary owner", "Owner email", "Violation", "Fix"],
      rows: rows.map((row) => [row.accountName, row.accountId, environmentLabel(row.environment), row.expected, row.ownerName ?? "", row.ownerEmail ?? "", VIOLATION_KIND_LABEL.NAME, link(row.fixHref)]),
    };
  }
  if (table === "account") {
    const { rows } = await findAccountBreakdown(filters, 1, EXPORT_MAX_ROWS);
    return {
      fileName,
      header: ["Account", "Account ID", "Environment", "Unit", "Primary owner", "Owner email", "Resources", "Compliant", "Compliance %"],
      rows: rows.map((row) => [row.label, row.value, environmentLabel(row.environment), row.unitName, row.ownerName ?? "", row.ownerEmail ?? "", row.resources, row.compliant, row.percent ?? ""]),
    };
  }
  if (table === "key") {
    const rows = await findKeyBreakdown(filters);
    return {
      fileName,
      header: ["Tag key", "Applicable resources", "Missing", "Value not allowed", "Compliance %"],
      rows: rows.map((row) => [row.key, row.applicable, row.missing, row.valueNotAllowed, row.percent ?? ""]),
    };
  }
  const units = await findUnitOptions();
  const groups = await findComplianceGroups(filters, new Map(units.map((unit) => [unit.id, unit.name])));
  const breakdown = { unit: groups.byUnit, environment: groups.byEnvironment, region: groups.byRegion, type: groups.byResourceType }[table];
  return { fileName, header: BREAKDOWN_HEADER, rows: breakdown.map((row) => [row.label, row.resources, row.compliant, row.percent ?? ""]) };
}

function environmentLabel(environment: string): string {
  return ENVIRONMENTS.find((candidate) => candidate.value === environment)?.label ?? environment;
}
