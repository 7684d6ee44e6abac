import type { Environment, ViolationKind } from "@/lib/core/generated/prisma/enums";
import type { TagDashboardQuery } from "./schema";

/** A way a resource breaks the tag policy (stored in resource_violation). */
export type ResourceViolationKind = ViolationKind;

/** Resources measured and how many of them are compliant, with the percentage (null when there are none). */
export interface ComplianceFigure {
  resources: number;
  compliant: number;
  percent: number | null;
}

/** One row of a breakdown: a group (an account, a unit, an environment, …) and its compliance. */
export interface BreakdownRow extends ComplianceFigure {
  /** The group's value in URLs (an id, a slug, a region or a resource type); "" for resources without a region. */
  value: string;
  label: string;
}

export interface AccountBreakdownRow extends BreakdownRow {
  environment: Environment;
  unitName: string;
  ownerName: string | null;
  ownerEmail: string | null;
}

/** Per policy key: resources the key applies to, how many lack it, how many carry a value not allowed. */
export interface KeyBreakdownRow {
  key: string;
  applicable: number;
  missing: number;
  valueNotAllowed: number;
  percent: number | null;
}

/** One resource violation, with who is accountable and where to fix it. */
export interface ViolationRow {
  id: number;
  kind: ResourceViolationKind;
  key: string | null;
  value: string | null;
  resourceName: string;
  resourceType: string;
  region: string;
  accountId: string;
  accountName: string;
  environment: Environment;
  ownerName: string | null;
  ownerEmail: string | null;
  /** ISO time the violation was first found. */
  since: string;
  fixHref: string;
}

/** An account whose name breaks the naming convention in force. */
export interface NameViolationRow {
  accountId: string;
  accountName: string;
  environment: Environment;
  /** The shape the name should have, e.g. "{product}-prod-{region}-{descriptor}". */
  expected: string;
  ownerName: string | null;
  ownerEmail: string | null;
  fixHref: string;
}

export interface TrendPoint {
  /** "2026-11-29" (UTC). */
  day: string;
  resources: number;
  compliant: number;
  percent: number | null;
}

export interface TagDashboardOptions {
  units: { id: string; name: string; depth: number }[];
  regions: string[];
  resourceTypes: string[];
  keys: string[];
}

/** Everything the tag dashboard shows for one set of URL filters (the page, and GET /api/dashboards/tags). */
export interface TagDashboard {
  query: TagDashboardQuery;
  /** The filtered account's name, when the account filter is set. */
  accountName: string | null;
  /** Whether the inventory holds any live resource at all (an empty state otherwise). */
  hasInventory: boolean;
  overall: ComplianceFigure;
  byUnit: BreakdownRow[];
  byEnvironment: BreakdownRow[];
  byRegion: BreakdownRow[];
  byResourceType: BreakdownRow[];
  byKey: KeyBreakdownRow[];
  /** Least compliant accounts first, one page. */
  byAccount: { rows: AccountBreakdownRow[]; total: number; page: number; pageCount: number };
  /** Resource violations (or account-name violations when the kind filter is "name"), one page. */
  violations: { rows: ViolationRow[]; page: number; hasNext: boolean };
  names: { rows: NameViolationRow[]; total: number; template: string };
  trend: TrendPoint[];
  options: TagDashboardOptions;
}
