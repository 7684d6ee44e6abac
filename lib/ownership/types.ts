import type { AccountStatus, Environment } from "@/lib/core/generated/prisma/enums";
import type { OwnershipList, OwnershipQuery } from "./schema";

/** The ownership settings (docs/ownership.md). */
export interface OwnershipConfig {
  /** An account with no activity for longer than this is dormant. */
  dormantAfterDays: number;
  /** Owners re-confirm their accounts this often. */
  reviewEveryDays: number;
}

/** The instants the rules compare with, fixed once per request so every query and every rule agrees. */
export interface OwnershipClock {
  now: Date;
  /** Last activity (or creation) before this instant means dormant. */
  dormantBefore: Date;
  /** Last confirmation (or creation) before this instant means the review is due. */
  reviewBefore: Date;
}

/** The filters as SQL sees them: resolved ids and enum values. "none" for owner or team means "has none". */
export interface OwnershipFilters {
  owner?: string;
  team?: string;
  unit?: string;
  environment?: Environment;
  region?: string;
  status?: AccountStatus;
  list?: OwnershipList;
}

/** How many accounts fall in each list (under the filters, the list itself aside). */
export interface OwnershipHeadline {
  total: number;
  orphaned: number;
  dormant: number;
  unmanaged: number;
  reviewDue: number;
}

export type OwnershipDimension = "owner" | "team" | "unit" | "environment" | "region";

/** One bar: a group (null key: "no owner" / "no team") and its number of accounts. */
export interface DimensionCount {
  key: string | null;
  label: string;
  count: number;
  /** An owner who is inactive in the identity provider. */
  inactive: boolean;
}

export interface DimensionBreakdown {
  /** The largest groups, largest first (at most OWNERSHIP_TOP_GROUPS). */
  groups: DimensionCount[];
  /** How many groups there are in all (more than shown when the chart is cut). */
  totalGroups: number;
}

export interface OwnershipOwner {
  id: string;
  name: string;
  email: string;
  active: boolean;
  primary: boolean;
}

/** One row of the ownership table (and of its CSV). Dates are ISO strings. */
export interface OwnershipRow {
  id: string;
  name: string;
  memberUin: string | null;
  environment: Environment;
  status: AccountStatus;
  regions: string[];
  unitName: string;
  teamName: string | null;
  /** Primary owner first. */
  owners: OwnershipOwner[];
  createdAt: string;
  lastActivityAt: string | null;
  ownershipConfirmedAt: string | null;
  /** When the next ownership review falls due. */
  reviewDueAt: string;
  orphaned: boolean;
  dormant: boolean;
  reviewDue: boolean;
}

export interface OwnershipTable {
  rows: OwnershipRow[];
  total: number;
  pageCount: number;
}

export interface OwnershipFilterOptions {
  units: { id: string; name: string; depth: number }[];
  owners: { id: string; name: string }[];
  teams: { id: string; name: string }[];
}

/** Everything the dashboard shows for one set of URL filters (the JSON route returns exactly this). */
export interface OwnershipDashboard {
  query: OwnershipQuery;
  /** URL parameters that were not understood and were ignored. */
  ignored: string[];
  config: OwnershipConfig;
  generatedAt: string;
  headline: OwnershipHeadline;
  breakdown: Record<OwnershipDimension, DimensionBreakdown>;
  table: OwnershipTable;
  options: OwnershipFilterOptions;
}

/** What the ownership rules need to know about an account. */
export interface AccountForOwnership {
  status: AccountStatus;
  owners: { userId: string; active: boolean }[];
}
