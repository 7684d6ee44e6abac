import type { Environment } from "@/lib/core/generated/prisma/enums";
import type { TagRule } from "@/lib/account-requests/types";
import { NAME_PART_PATTERN, rulesFor, templatePlaceholders } from "@/lib/account-requests/utils";
import { environmentCode, REGIONS } from "@/lib/matrix/constants";
import type { TagDashboardQuery } from "./schema";
import type { ResourceViolationKind } from "./types";

/** The UTC calendar day of an instant, "2026-11-29": the key of a compliance snapshot. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export interface TagViolation {
  kind: ResourceViolationKind;
  /** The policy key concerned; null for FLAGGED_BY_TENCENT. */
  key: string | null;
  /** The value found, for VALUE_NOT_ALLOWED. */
  value: string | null;
}

/**
 * How one resource breaks the tag policy: the rule set evaluateTagCompliance (mutations.ts) applies in SQL, written
 * out for one resource. Each rule that applies in the account's environment needs its key with a non-blank value
 * (MISSING_KEY otherwise), from its allowed values when it lists any (VALUE_NOT_ALLOWED); a resource Tencent lists
 * as non-compliant is FLAGGED_BY_TENCENT. With no rules (no policy in force) nothing is a violation.
 */
export function evaluateResourceTags(rules: readonly TagRule[], environment: Environment, tags: Readonly<Record<string, unknown>>, flaggedByTencent: boolean): TagViolation[] {
  if (rules.length === 0) return [];
  const violations: TagViolation[] = [];
  for (const rule of rulesFor(rules, environment)) {
    const raw = tags[rule.key];
    const value = raw === undefined || raw === null ? "" : typeof raw === "string" ? raw : JSON.stringify(raw);
    if (value.trim() === "") violations.push({ kind: "MISSING_KEY", key: rule.key, value: null });
    else if (rule.allowedValues.length > 0 && !rule.allowedValues.includes(value.trim())) violations.push({ kind: "VALUE_NOT_ALLOWED", key: rule.key, value });
  }
  if (flaggedByTencent) violations.push({ kind: "FLAGGED_BY_TENCENT", key: null, value: null });
  return violations;
}

/**
 * Compliance as a percentage with one decimal, null when there is nothing to measure. Rounded down, so 100 means
 * every resource is compliant (9,999 of 10,000 shows 99.9, never 100) and 0 only when none is.
 */
export function compliancePercent(compliant: number, total: number): number | null {
  if (total <= 0) return null;
  if (compliant >= total) return 100;
  const percent = Math.floor((compliant * 1000) / total) / 10;
  return compliant > 0 && percent === 0 ? 0.1 : percent;
}

/** "97.3 %", "—" when there is nothing to measure. */
export function formatPercent(percent: number | null): string {
  return percent === null ? "—" : `${percent.toFixed(1)} %`;
}

/** A regular-expression metacharacter (shared by JavaScript and PostgreSQL's advanced regular expressions). */
const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, "\\$&");
}

/** The character class of a part people type (lib/account-requests NAME_PART_PATTERN: lower-case letters and digits). */
const FREE_PART = NAME_PART_PATTERN.source.replace(/^\^/, "").replace(/\$$/, "");

/**
 * The naming convention as an anchored regular expression for accounts of one environment, valid both in
 * JavaScript and in PostgreSQL (`name ~ pattern`): {env} is the environment's code, {region} any region's code (the
 * account's first region names it, and regions can be added later), every other placeholder a part of lower-case
 * letters and digits, as the request form makes them (lib/account-requests nameProblems). Literal text matches
 * itself.
 */
export function namingPattern(template: string, environment: Environment): string {
  const regionCodes = REGIONS.map((region) => escapeRegex(region.code)).join("|");
  let pattern = "";
  let last = 0;
  for (const match of template.matchAll(/\{([a-z][a-z0-9]*)\}/g)) {
    pattern += escapeRegex(template.slice(last, match.index));
    const name = match[1] ?? "";
    pattern += name === "env" ? escapeRegex(environmentCode(environment)) : name === "region" ? `(${regionCodes})` : FREE_PART;
    last = match.index + match[0].length;
  }
  pattern += escapeRegex(template.slice(last));
  return `^${pattern}$`;
}

/** Whether an account name follows the convention for its environment (the same test the dashboard runs in SQL). */
export function followsNamingConvention(template: string, environment: Environment, name: string): boolean {
  return new RegExp(namingPattern(template, environment)).test(name);
}

/** What a name should look like, for people: "{product}-prod-{region}-{descriptor}" for a production account. */
export function expectedNameShape(template: string, environment: Environment): string {
  return templatePlaceholders(template).includes("env") ? template.replace("{env}", environmentCode(environment)) : template;
}

/** The link that fixes a violation: the account's page (its owners change the tags in Tencent Cloud). */
export function fixHref(accountId: string): string {
  return `/accounts/${encodeURIComponent(accountId)}`;
}

const DEFAULTS: Partial<TagDashboardQuery> = { sort: "newest", page: 1, pageSize: 25, accountsPage: 1 };

/** The query string of `query` with `changes` applied; defaults and empty values are left out to keep URLs short. */
export function tagDashboardSearch(query: TagDashboardQuery, changes: Partial<TagDashboardQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === "" || DEFAULTS[key as keyof TagDashboardQuery] === value) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The dashboard's URL for `query` with `changes` (a filter change should also reset the pages to 1). */
export function tagDashboardHref(query: TagDashboardQuery, changes: Partial<TagDashboardQuery> = {}): string {
  return `/dashboards/tags${tagDashboardSearch(query, changes)}`;
}

/** The CSV export's URL for the same filters; `table` picks a breakdown instead of the violations list. */
export function tagExportHref(query: TagDashboardQuery, table?: string): string {
  const { page: _page, pageSize: _pageSize, accountsPage: _accountsPage, ...filters } = query;
  const search = tagDashboardSearch({ ...filters, page: 1, pageSize: 25, accountsPage: 1 });
  const params = new URLSearchParams(search);
  if (table && table !== "violations") params.set("table", table);
  const text = params.toString();
  return `/api/dashboards/tags/export${text ? `?${text}` : ""}`;
}
