import { describe, expect, it } from "vitest";
import { ownershipQuerySchema } from "./schema";
import type { OwnershipRow } from "./types";
import {
  isActiveOwner,
  isDormant,
  isOrphaned,
  isReviewDue,
  isUnmanaged,
  ownershipClock,
  ownershipCsvCells,
  ownershipExportHref,
  ownershipFilters,
  ownershipHref,
  ownershipStanding,
  reviewDueAt,
} from "./utils";

const DAY = 86_400_000;
const now = new Date("2026-11-29T12:00:00.000Z");
const config = { dormantAfterDays: 90, reviewEveryDays: 180 };
const clock = ownershipClock(now, config);
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

describe("ownershipClock", () => {
  it("puts the bounds N days before now", () => {
    expect(clock.dormantBefore.toISOString()).toBe("2026-08-31T12:00:00.000Z");
    expect(clock.reviewBefore.toISOString()).toBe("2026-06-02T12:00:00.000Z");
  });
});

describe("isOrphaned", () => {
  it("is true with no owner, or only inactive owners, unless the account is closed", () => {
    expect(isOrphaned({ status: "ACTIVE", owners: [] })).toBe(true);
    expect(isOrphaned({ status: "ACTIVE", owners: [{ active: false }] })).toBe(true);
    expect(isOrphaned({ status: "UNMANAGED", owners: [] })).toBe(true);
    expect(isOrphaned({ status: "SUSPENDED", owners: [{ active: false }, { active: false }] })).toBe(true);
    expect(isOrphaned({ status: "CLOSED", owners: [] })).toBe(false);
  });

  it("is false when any owner, even only a secondary one, is active", () => {
    expect(isOrphaned({ status: "ACTIVE", owners: [{ active: false }, { active: true }] })).toBe(false);
    expect(isOrphaned({ status: "PROVISIONING", owners: [{ active: true }] })).toBe(false);
  });
});

describe("isDormant", () => {
  const account = (lastActivityDays: number | null, createdDays: number, status: "ACTIVE" | "UNMANAGED" | "SUSPENDED" | "CLOSED" = "ACTIVE") => ({
    status,
    lastActivityAt: lastActivityDays === null ? null : daysAgo(lastActivityDays),
    createdAt: daysAgo(createdDays),
  });

  it("counts from the last activity; exactly N days is not yet dormant", () => {
    expect(isDormant(account(91, 400), clock)).toBe(true);
    expect(isDormant(account(90, 400), clock)).toBe(false);
    expect(isDormant(account(89, 400), clock)).toBe(false);
    expect(isDormant({ ...account(90, 400), lastActivityAt: new Date(clock.dormantBefore.getTime() - 1) }, clock)).toBe(true);
  });

  it("counts from creation when no activity was ever seen", () => {
    expect(isDormant(account(null, 91), clock)).toBe(true);
    expect(isDormant(account(null, 30), clock)).toBe(false);
  });

  it("applies to active and unmanaged accounts only", () => {
    expect(isDormant(account(200, 400, "UNMANAGED"), clock)).toBe(true);
    expect(isDormant(account(200, 400, "SUSPENDED"), clock)).toBe(false);
    expect(isDormant(account(200, 400, "CLOSED"), clock)).toBe(false);
  });
});

describe("reviews", () => {
  it("fall due the cadence after the last confirmation, or after creation", () => {
    expect(reviewDueAt({ ownershipConfirmedAt: null, createdAt: daysAgo(10) }, config).toISOString()).toBe(new Date(now.getTime() + 170 * DAY).toISOString());
    expect(reviewDueAt({ ownershipConfirmedAt: daysAgo(1), createdAt: daysAgo(500) }, config).toISOString()).toBe(new Date(now.getTime() + 179 * DAY).toISOString());
  });

  it("are overdue only for active accounts past the cadence; exactly the cadence is not overdue", () => {
    expect(isReviewDue({ status: "ACTIVE", ownershipConfirmedAt: null, createdAt: daysAgo(181) }, clock)).toBe(true);
    expect(isReviewDue({ status: "ACTIVE", ownershipConfirmedAt: null, createdAt: daysAgo(180) }, clock)).toBe(false);
    expect(isReviewDue({ status: "ACTIVE", ownershipConfirmedAt: daysAgo(10), createdAt: daysAgo(900) }, clock)).toBe(false);
    expect(isReviewDue({ status: "ACTIVE", ownershipConfirmedAt: daysAgo(200), createdAt: daysAgo(900) }, clock)).toBe(true);
    expect(isReviewDue({ status: "UNMANAGED", ownershipConfirmedAt: null, createdAt: daysAgo(900) }, clock)).toBe(false);
    expect(isReviewDue({ status: "SUSPENDED", ownershipConfirmedAt: null, createdAt: daysAgo(900) }, clock)).toBe(false);
  });

  it("sums up every rule for one account", () => {
    expect(
      ownershipStanding({ status: "UNMANAGED", owners: [], lastActivityAt: null, createdAt: daysAgo(100), ownershipConfirmedAt: null }, clock, config),
    ).toEqual({ orphaned: true, dormant: true, unmanaged: true, reviewDue: false, reviewDueAt: new Date(now.getTime() + 80 * DAY).toISOString() });
    expect(isUnmanaged({ status: "ACTIVE" })).toBe(false);
  });
});

describe("isActiveOwner", () => {
  const account = { status: "ACTIVE" as const, owners: [{ userId: "tom", active: true }, { userId: "victor", active: false }] };
  it("is an owner of record who is still active", () => {
    expect(isActiveOwner("tom", account)).toBe(true);
    expect(isActiveOwner("victor", account)).toBe(false);
    expect(isActiveOwner("dana", account)).toBe(false);
  });
});

describe("URLs", () => {
  const base = ownershipQuerySchema.parse({});

  it("leave defaults out and keep filters", () => {
    expect(ownershipHref(base)).toBe("/dashboards/ownership");
    const query = ownershipQuerySchema.parse({ team: "team_x", list: "review-due", page: "3" });
    expect(ownershipHref(query, { sort: "team", dir: "desc", page: 1 })).toBe("/dashboards/ownership?team=team_x&list=review-due&sort=team&dir=desc");
    expect(ownershipHref(query, { list: undefined })).toBe("/dashboards/ownership?team=team_x&page=3");
  });

  it("export the same filters and sort, every page", () => {
    const query = ownershipQuerySchema.parse({ owner: "none", sort: "reviewDueAt", page: "4", pageSize: "50" });
    expect(ownershipExportHref(query)).toBe("/api/dashboards/ownership/export?owner=none&sort=reviewDueAt");
  });

  it("turn slugs into the values SQL filters on", () => {
    expect(ownershipFilters(ownershipQuerySchema.parse({ environment: "prod", status: "unmanaged", list: "dormant" }))).toEqual({
      owner: undefined,
      team: undefined,
      unit: undefined,
      environment: "PROD",
      region: undefined,
      status: "UNMANAGED",
      list: "dormant",
    });
  });
});

describe("ownershipCsvCells", () => {
  it("writes owners with their role and whether they are inactive", () => {
    const row: OwnershipRow = {
      id: "a1",
      name: "pay-prod-sg-cards",
      memberUin: "200000000001",
      environment: "PROD",
      status: "ACTIVE",
      regions: ["ap-singapore", "ap-tokyo"],
      unitName: "Cards",
      teamName: null,
      owners: [
        { id: "u1", name: "Dana Wright", email: "dana@x", active: true, primary: true },
        { id: "u2", name: "Victor Hale", email: "victor@x", active: false, primary: false },
      ],
      createdAt: "2025-01-01T00:00:00.000Z",
      lastActivityAt: null,
      ownershipConfirmedAt: null,
      reviewDueAt: "2025-06-30T00:00:00.000Z",
      orphaned: false,
      dormant: true,
      reviewDue: true,
    };
    expect(ownershipCsvCells(row)).toEqual([
      "pay-prod-sg-cards",
      "200000000001",
      "PROD",
      "ACTIVE",
      "Cards",
      "",
      "ap-singapore ap-tokyo",
      "Dana Wright <dana@x> (primary); Victor Hale <victor@x> (secondary, inactive)",
      "false",
      "true",
      "true",
      "2025-06-30T00:00:00.000Z",
      "",
      "",
      "2025-01-01T00:00:00.000Z",
    ]);
  });
});
