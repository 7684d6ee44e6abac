import { describe, expect, it } from "vitest";
import { claimAccountInput, confirmOwnershipInput, ownershipQuerySchema, readOwnershipConfig } from "./schema";

describe("readOwnershipConfig", () => {
  it("defaults to 90 days for dormancy and 180 days between reviews; blank counts as unset", () => {
    expect(readOwnershipConfig({})).toEqual({ dormantAfterDays: 90, reviewEveryDays: 180 });
    expect(readOwnershipConfig({ DORMANT_AFTER_DAYS: " ", OWNERSHIP_REVIEW_DAYS: "" })).toEqual({ dormantAfterDays: 90, reviewEveryDays: 180 });
  });

  it("reads whole numbers and refuses anything else, naming the setting", () => {
    expect(readOwnershipConfig({ DORMANT_AFTER_DAYS: "30", OWNERSHIP_REVIEW_DAYS: "365" })).toEqual({ dormantAfterDays: 30, reviewEveryDays: 365 });
    expect(() => readOwnershipConfig({ OWNERSHIP_REVIEW_DAYS: "4000" })).toThrow(/OWNERSHIP_REVIEW_DAYS: must be at most 3650/);
    expect(() => readOwnershipConfig({ DORMANT_AFTER_DAYS: "0" })).toThrow(/DORMANT_AFTER_DAYS: must be at least 1/);
    expect(() => readOwnershipConfig({ OWNERSHIP_REVIEW_DAYS: "six months" })).toThrow(/OWNERSHIP_REVIEW_DAYS: must be a whole number/);
  });
});

describe("ownershipQuerySchema", () => {
  it("applies defaults to an empty query", () => {
    expect(ownershipQuerySchema.parse({})).toEqual({ sort: "name", dir: "asc", page: 1, pageSize: 25 });
  });

  it("accepts every known filter", () => {
    const raw = {
      owner: "user_tom",
      team: "team_platform-core",
      unit: "unit_payments",
      environment: "prod",
      region: "ap-tokyo",
      status: "active",
      list: "review-due",
      sort: "reviewDueAt",
      dir: "desc",
      page: "2",
      pageSize: "50",
    };
    expect(ownershipQuerySchema.parse(raw)).toEqual({ ...raw, page: 2, pageSize: 50 });
  });

  it("falls back to no filter for unknown or malformed values", () => {
    expect(
      ownershipQuerySchema.parse({
        owner: "'; DROP TABLE account; --",
        team: "a b",
        environment: "production",
        region: "mars-1",
        status: "deleted",
        list: "lost",
        sort: "password",
        dir: "up",
        page: "0",
        pageSize: "7",
      }),
    ).toEqual({ sort: "name", dir: "asc", page: 1, pageSize: 25 });
  });
});

describe("action inputs", () => {
  it("confirm takes the account and the confirmation the page showed", () => {
    expect(confirmOwnershipInput.safeParse({ accountId: "acct_1", confirmedAt: null }).success).toBe(true);
    expect(confirmOwnershipInput.safeParse({ accountId: "acct_1", confirmedAt: "2026-11-01T00:00:00.000Z" }).success).toBe(true);
    expect(confirmOwnershipInput.safeParse({ accountId: "acct_1", confirmedAt: "yesterday" }).success).toBe(false);
    expect(confirmOwnershipInput.safeParse({ accountId: "../x" }).success).toBe(false);
  });

  it("claim needs an owner and an environment; an empty team means none", () => {
    expect(claimAccountInput.parse({ accountId: "acct_1", primaryOwnerId: "user_tom", teamId: "", environment: "DEV" })).toEqual({
      accountId: "acct_1",
      primaryOwnerId: "user_tom",
      teamId: null,
      environment: "DEV",
    });
    const bad = claimAccountInput.safeParse({ accountId: "acct_1", primaryOwnerId: "", teamId: "no such team!", environment: "MARS" });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries((bad.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(fields).toEqual({ primaryOwnerId: "Choose the primary owner.", teamId: "Choose a team from the list, or none.", environment: "Choose the environment." });
  });
});
