import type { AccountStatus, Environment } from "@/lib/core/generated/prisma/enums";
import type { OwnershipQuery } from "./schema";
import type { AccountForOwnership, OwnershipClock, OwnershipConfig, OwnershipFilters, OwnershipRow } from "./types";

// The ownership rules as pure functions. data.ts states the very same rules in SQL (the dashboard counts thousands
// of accounts in the database); the integration test checks both agree on the edge cases.

const DAY_MS = 86_400_000;

/** The instants the rules compare with, for one request. */
export function ownershipClock(now: Date, config: OwnershipConfig): OwnershipClock {
  return {
    now,
    dormantBefore: new Date(now.getTime() - config.dormantAfterDays * DAY_MS),
    reviewBefore: new Date(now.getTime() - config.reviewEveryDays * DAY_MS),
  };
}

/** Orphaned: not closed, and no owner who is still active in the identity provider (no owner at all counts too). */
export function isOrphaned(account: { status: AccountStatus; owners: { active: boolean }[] }): boolean {
  return account.status !== "CLOSED" && !account.owners.some((owner) => owner.active);
}

/**
 * Dormant: active or unmanaged, and no activity for more than N days. An account never seen active counts from its
 * creation, so a new account is not dormant before it is N days old. Exactly N days is not yet dormant.
 */
export function isDormant(account: { status: AccountStatus; lastActivityAt: Date | null; createdAt: Date }, clock: OwnershipClock): boolean {
  if (account.status !== "ACTIVE" && account.status !== "UNMANAGED") return false;
  return (account.lastActivityAt ?? account.createdAt).getTime() < clock.dormantBefore.getTime();
}

/** Unmanaged: found in the organization, created outside Lattice, claimed by nobody yet. */
export function isUnmanaged(account: { status: AccountStatus }): boolean {
  return account.status === "UNMANAGED";
}

/** When the next ownership review falls due: the cadence after the last confirmation, or after creation. */
export function reviewDueAt(account: { ownershipConfirmedAt: Date | null; createdAt: Date }, config: OwnershipConfig): Date {
  return new Date((account.ownershipConfirmedAt ?? account.createdAt).getTime() + config.reviewEveryDays * DAY_MS);
}

/** Review due: an active account whose last confirmation (or creation) is more than the cadence ago. */
export function isReviewDue(account: { status: AccountStatus; ownershipConfirmedAt: Date | null; createdAt: Date }, clock: OwnershipClock): boolean {
  return account.status === "ACTIVE" && (account.ownershipConfirmedAt ?? account.createdAt).getTime() < clock.reviewBefore.getTime();
}

/** The account's owner who is this person and still active, if any. */
export function isActiveOwner(userId: string, account: AccountForOwnership): boolean {
  return account.owners.some((owner) => owner.userId === userId && owner.active);
}

/** URL filters → what SQL filters on (slugs to enum values). */
export function ownershipFilters(query: OwnershipQuery): OwnershipFilters {
  return {
    owner: query.owner,
    team: query.team,
    unit: query.unit,
    environment: query.environment?.toUpperCase() as Environment | undefined,
    region: query.region,
    status: query.status?.toUpperCase() as AccountStatus | undefined,
    list: query.list,
  };
}

export const OWNERSHIP_PATH = "/dashboards/ownership";
export const OWNERSHIP_EXPORT_PATH = "/api/dashboards/ownership/export";

const DEFAULTS: Partial<OwnershipQuery> = { sort: "name", dir: "asc", page: 1, pageSize: 25 };

function searchOf(query: OwnershipQuery, changes: Partial<OwnershipQuery>, leaveOut: readonly string[] = []): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === "" || leaveOut.includes(key) || DEFAULTS[key as keyof OwnershipQuery] === value) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The dashboard URL for `query` with `changes` applied; defaults and empty values are left out. */
export function ownershipHref(query: OwnershipQuery, changes: Partial<OwnershipQuery> = {}): string {
  return `${OWNERSHIP_PATH}${searchOf(query, changes)}`;
}

/** The CSV download of the table with the same filters, list and sort (every page). */
export function ownershipExportHref(query: OwnershipQuery): string {
  return `${OWNERSHIP_EXPORT_PATH}${searchOf(query, {}, ["page", "pageSize"])}`;
}

export const OWNERSHIP_CSV_HEADER = [
  "account",
  "member_uin",
  "environment",
  "status",
  "unit",
  "team",
  "regions",
  "owners",
  "orphaned",
  "dormant",
  "review_due",
  "review_due_at",
  "ownership_confirmed_at",
  "last_activity_at",
  "created_at",
] as const;

/** One table row as CSV cells (owners as "Name <email> (primary, inactive)", joined with "; "). */
export function ownershipCsvCells(row: OwnershipRow): string[] {
  const owners = row.owners.map((owner) => {
    const notes = [owner.primary ? "primary" : "secondary", ...(owner.active ? [] : ["inactive"])];
    return `${owner.name} <${owner.email}> (${notes.join(", ")})`;
  });
  return [
    row.name,
    row.memberUin ?? "",
    row.environment,
    row.status,
    row.unitName,
    row.teamName ?? "",
    row.regions.join(" "),
    owners.join("; "),
    String(row.orphaned),
    String(row.dormant),
    String(row.reviewDue),
    // Reviews apply to active accounts only, as in the table.
    row.status === "ACTIVE" ? row.reviewDueAt : "",
    row.ownershipConfirmedAt ?? "",
    row.lastActivityAt ?? "",
    row.createdAt,
  ];
}

/** Where one account stands on every ownership rule (the account page). */
export function ownershipStanding(
  account: { status: AccountStatus; owners: { active: boolean }[]; lastActivityAt: Date | null; createdAt: Date; ownershipConfirmedAt: Date | null },
  clock: OwnershipClock,
  config: OwnershipConfig,
) {
  return {
    orphaned: isOrphaned(account),
    dormant: isDormant(account, clock),
    unmanaged: isUnmanaged(account),
    reviewDue: isReviewDue(account, clock),
    reviewDueAt: reviewDueAt(account, config).toISOString(),
  };
}
