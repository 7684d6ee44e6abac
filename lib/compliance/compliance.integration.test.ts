import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/core/roles";

// The loaders read the signed-in person through lib/core/auth; the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor, getSessionState: async () => ({ actor: session.actor, ended: false }) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "lattice.test" }) }));

const { db } = await import("@/lib/core/db");
const { evaluateTagCompliance } = await import("./mutations");
const { loadTagDashboardForRoute, loadTagExport } = await import("./loaders");
const { spreadsheetCsv } = await import("@/lib/core/csv");

const NOW = new Date("2026-11-29T10:00:00Z");
const reviewer: Actor = { userId: "user_sec", sessionId: "s", email: "sec@example.com", name: "Sam Security", roles: ["requester", "security"], mfa: true };

type Tags = Record<string, string>;
// Hand-computed fixture: 3 accounts in 3 environments and units, 20 resources of which 2 are gone.
// [name, account, region, type, tags, flagged, gone]
const RESOURCES: [string, string, string, string, Tags, boolean, boolean][] = [
  // acct_prod (PROD; owner, environment, cost-center apply)
  ["r1", "acct_prod", "ap-singapore", "cvm:instance", { owner: "dana", environment: "prod", "cost-center": "cc1" }, false, false], // ok
  ["r2", "acct_prod", "ap-singapore", "cvm:instance", { owner: "dana", environment: "prod" }, false, false], // missing cost-center
  ["r3", "acct_prod", "ap-singapore", "cbs:disk", { owner: "dana", environment: "test", "cost-center": "cc1" }, false, false], // environment=test
  ["r4", "acct_prod", "ap-tokyo", "cvm:instance", {}, false, false], // missing owner, environment, cost-center
  ["r5", "acct_prod", "ap-tokyo", "cbs:disk", { owner: "dana", environment: "prod", "cost-center": "cc1" }, true, false], // flagged
  ["r6", "acct_prod", "ap-tokyo", "cvm:instance", { owner: "dana", environment: "prod", "cost-center": "cc1" }, false, false], // ok
  ["r7", "acct_prod", "ap-tokyo", "cvm:instance", {}, true, true], // gone
  // acct_dev (DEV; owner, environment apply)
  ["r8", "acct_dev", "ap-singapore", "cvm:instance", { owner: "eli", environment: "dev" }, false, false], // ok
  ["r9", "acct_dev", "ap-singapore", "cos:bucket", { owner: "eli", environment: "dev" }, false, false], // ok (cost-center is PROD only)
  ["r10", "acct_dev", "ap-singapore", "cvm:instance", { owner: "  ", environment: "dev" }, false, false], // blank owner
  ["r11", "acct_dev", "", "cam:role", { owner: "eli", environment: "Dev" }, false, false], // environment=Dev
  ["r12", "acct_dev", "ap-tokyo", "cbs:disk", { owner: "eli", environment: "dev" }, false, false], // ok
  ["r13", "acct_dev", "ap-tokyo", "cbs:disk", {}, false, true], // gone
  // acct_stg (STAGING; owner, environment apply)
  ["r14", "acct_stg", "eu-frankfurt", "cvm:instance", { owner: "x", environment: "staging" }, false, false], // ok
  ["r15", "acct_stg", "eu-frankfurt", "cvm:instance", { environment: "staging" }, false, false], // missing owner
  ["r16", "acct_stg", "eu-frankfurt", "cos:bucket", { owner: "x", environment: "staging" }, false, false], // ok
  ["r17", "acct_stg", "eu-frankfurt", "cos:bucket", { owner: "x", environment: "prod" }, false, false], // ok (an allowed value)
  ["r18", "acct_stg", "eu-frankfurt", "cbs:disk", { owner: "x", environment: "staging", extra: "y" }, false, false], // ok
  ["r19", "acct_stg", "eu-frankfurt", "cbs:disk", { owner: "x" }, false, false], // missing environment
  ["r20", "acct_stg", "eu-frankfurt", "cvm:instance", { owner: "x", environment: "qa" }, true, false], // environment=qa + flagged
];

async function publishTagPolicy(version: number, rules: { key: string; allowedValues: string[]; environments: ("PROD" | "STAGING" | "DEV")[] }[]) {
  await db.tagPolicy.create({ data: { id: `tp_${version}`, version, rules: { create: rules } } });
}

async function evaluate() {
  return db.$transaction((tx) => evaluateTagCompliance(tx, NOW));
}

async function dashboard(params: Record<string, string> = {}) {
  return (await loadTagDashboardForRoute(new URLSearchParams(params))).dashboard;
}

function pick<T extends { label: string; resources: number; compliant: number; percent: number | null }>(rows: T[]) {
  return Object.fromEntries(rows.map((row) => [row.label, [row.compliant, row.resources, row.percent]]));
}

beforeAll(async () => {
  session.actor = reviewer;
  await db.organization.create({ data: { id: "org", managementUin: "100000000001", name: "Org" } });
  await db.unit.create({ data: { id: "unit_root", organizationId: "org", name: "Root", path: "/unit_root/" } });
  await db.unit.create({ data: { id: "unit_pay", organizationId: "org", parentId: "unit_root", name: "Payments", path: "/unit_root/unit_pay/" } });
  await db.unit.create({ data: { id: "unit_cards", organizationId: "org", parentId: "unit_pay", name: "Cards", path: "/unit_root/unit_pay/unit_cards/" } });
  await db.unit.create({ data: { id: "unit_data", organizationId: "org", parentId: "unit_root", name: "Data", path: "/unit_root/unit_data/" } });
  await db.user.createMany({
    data: [
      { id: "user_dana", email: "dana@example.com", name: "Dana Owner" },
      { id: "user_eli", email: "eli@example.com", name: "Eli Owner" },
      { id: "user_sec", email: "sec@example.com", name: "Sam Security" },
    ],
  });
  const account = (id: string, name: string, unitId: string, environment: "PROD" | "DEV" | "STAGING" | "SANDBOX", status: "ACTIVE" | "CLOSED" = "ACTIVE") =>
    ({ id, name, unitId, environment, status, organizationId: "org", regions: ["ap-singapore"] });
  await db.account.createMany({
    data: [
      account("acct_prod", "shop-prod-sg-web", "unit_cards", "PROD"),
      account("acct_dev", "pay-dev-sg-api", "unit_pay", "DEV"),
      account("acct_stg", "legacy-data", "unit_data", "STAGING"),
      account("acct_closed", "Old Thing", "unit_data", "SANDBOX", "CLOSED"),
    ],
  });
  await db.accountOwner.createMany({
    data: [
      { accountId: "acct_prod", userId: "user_dana", role: "PRIMARY" },
      { accountId: "acct_prod", userId: "user_eli", role: "SECONDARY" },
      { accountId: "acct_dev", userId: "user_eli", role: "PRIMARY" },
    ],
  });
  await db.namingConvention.create({ data: { version: 1, template: "{product}-{env}-{region}-{descriptor}" } });
  const uin = { acct_prod: "200000000001", acct_dev: "200000000002", acct_stg: "200000000003" } as Record<string, string>;
  await db.resource.createMany({
    data: RESOURCES.map(([id, accountId, region, resourceType, tags, flaggedByTencent, gone], index) => ({
      accountId,
      resourceName: `qcs::${resourceType.split(":")[0]}:${region}:uin/${uin[accountId]}:${resourceType.split(":")[1]}/${id}`,
      service: resourceType.split(":")[0] ?? "",
      region,
      resourceType,
      resourceId: id,
      tags,
      flaggedByTencent,
      firstSeenAt: new Date(NOW.getTime() - 86_400_000 * (30 - index)),
      lastSeenAt: NOW,
      goneAt: gone ? NOW : null,
    })),
  });
});

describe("before any policy", () => {
  it("counts every live resource compliant when no tag policy is in force", async () => {
    expect(await evaluate()).toEqual({ resources: 18, compliant: 18 });
    expect(await db.resourceViolation.count()).toBe(0);
  });
});

describe("with tag policy v1", () => {
  beforeAll(async () => {
    await publishTagPolicy(1, [
      { key: "owner", allowedValues: [], environments: [] },
      { key: "environment", allowedValues: ["prod", "staging", "dev"], environments: [] },
      { key: "cost-center", allowedValues: [], environments: ["PROD"] },
    ]);
    expect(await evaluate()).toEqual({ resources: 18, compliant: 9 });
  });

  it("stores exactly the violations computed by hand, gone resources left out", async () => {
    const rows = await db.resourceViolation.findMany({ select: { kind: true, key: true, value: true, accountId: true, resource: { select: { resourceId: true } } } });
    const found = rows.map((row) => `${row.resource.resourceId} ${row.kind} ${row.key ?? "-"} ${row.value ?? "-"}`).sort();
    expect(found).toEqual(
      [
        "r2 MISSING_KEY cost-center -",
        "r3 VALUE_NOT_ALLOWED environment test",
        "r4 MISSING_KEY owner -",
        "r4 MISSING_KEY environment -",
        "r4 MISSING_KEY cost-center -",
        "r5 FLAGGED_BY_TENCENT - -",
        "r10 MISSING_KEY owner -",
        "r11 VALUE_NOT_ALLOWED environment Dev",
        "r15 MISSING_KEY owner -",
        "r19 MISSING_KEY environment -",
        "r20 VALUE_NOT_ALLOWED environment qa",
        "r20 FLAGGED_BY_TENCENT - -",
      ].sort(),
    );
    const counts = await db.resource.findMany({ where: { violationCount: { gt: 0 } }, select: { resourceId: true, violationCount: true } });
    expect(Object.fromEntries(counts.map((row) => [row.resourceId, row.violationCount]))).toEqual({ r2: 1, r3: 1, r4: 3, r5: 1, r10: 1, r11: 1, r15: 1, r19: 1, r20: 2 });
  });

  it("shows the overall and per-dimension percentages", async () => {
    const d = await dashboard();
    expect(d.hasInventory).toBe(true);
    expect(d.overall).toEqual({ resources: 18, compliant: 9, percent: 50 });
    expect(pick(d.byEnvironment)).toEqual({ Production: [2, 6, 33.3], Staging: [4, 7, 57.1], Development: [3, 5, 60] });
    expect(pick(d.byUnit)).toEqual({ Cards: [2, 6, 33.3], Data: [4, 7, 57.1], Payments: [3, 5, 60] });
    expect(pick(d.byRegion)).toEqual({ "Global (no region)": [0, 1, 0], "ap-singapore": [3, 6, 50], "ap-tokyo": [2, 4, 50], "eu-frankfurt": [4, 7, 57.1] });
    expect(pick(d.byResourceType)).toEqual({ "cam:role": [0, 1, 0], "cbs:disk": [2, 5, 40], "cvm:instance": [4, 9, 44.4], "cos:bucket": [3, 3, 100] });
    expect(d.byAccount.rows.map((row) => [row.label, row.compliant, row.resources, row.ownerName])).toEqual([
      ["shop-prod-sg-web", 2, 6, "Dana Owner"],
      ["legacy-data", 4, 7, null],
      ["pay-dev-sg-api", 3, 5, "Eli Owner"],
    ]);
    expect(d.byKey).toEqual([
      { key: "cost-center", applicable: 6, missing: 2, valueNotAllowed: 0, percent: 66.6 },
      { key: "environment", applicable: 18, missing: 2, valueNotAllowed: 3, percent: 72.2 },
      { key: "owner", applicable: 18, missing: 3, valueNotAllowed: 0, percent: 83.3 },
    ]);
  });

  it("filters by unit subtree, environment, region and resource type", async () => {
    expect((await dashboard({ unit: "unit_pay" })).overall).toEqual({ resources: 11, compliant: 5, percent: 45.4 });
    expect((await dashboard({ environment: "staging" })).overall).toEqual({ resources: 7, compliant: 4, percent: 57.1 });
    expect((await dashboard({ region: "global" })).overall).toEqual({ resources: 1, compliant: 0, percent: 0 });
    expect((await dashboard({ type: "cvm:instance", environment: "prod" })).overall).toEqual({ resources: 4, compliant: 2, percent: 50 });
    const unknown = await loadTagDashboardForRoute(new URLSearchParams({ unit: "unit_nope", environment: "production" }));
    expect(unknown.dashboard.overall.resources).toBe(18);
    expect(unknown.ignored).toEqual(expect.arrayContaining(["unit=unit_nope", "environment=production"]));
    // A region, type or key the inventory does not have is named, not silently matched against nothing.
    const absent = await loadTagDashboardForRoute(new URLSearchParams({ region: "mars", type: "cvm:rocket", key: "nope" }));
    expect(absent.dashboard.overall.resources).toBe(18);
    expect(absent.ignored).toEqual(expect.arrayContaining(["region=mars", "type=cvm:rocket", "key=nope"]));
    // A violations page past the end says so.
    const past = await loadTagDashboardForRoute(new URLSearchParams({ page: "200" }));
    expect(past.ignored).toEqual(["page=200 (past the last page of violations)"]);
  });

  it("lists violations with the accountable owner and a fix link, filtered by key and kind", async () => {
    const d = await dashboard({ environment: "prod", pageSize: "10" });
    expect(d.violations.rows).toHaveLength(6);
    expect(d.violations.hasNext).toBe(false);
    expect(new Set(d.violations.rows.map((row) => row.ownerEmail))).toEqual(new Set(["dana@example.com"]));
    expect(d.violations.rows.every((row) => row.fixHref === "/accounts/acct_prod")).toBe(true);
    expect(d.violations.rows[0]?.resourceName).toMatch(/^qcs::\w+:[a-z-]*:uin\/200000000001:\w+\/r\d+$/);
    const vna = await dashboard({ kind: "value-not-allowed" });
    expect(vna.violations.rows.map((row) => `${row.key}=${row.value}`).sort()).toEqual(["environment=Dev", "environment=qa", "environment=test"]);
    const owner = await dashboard({ key: "owner", sort: "account" });
    expect(owner.violations.rows.map((row) => row.accountName)).toEqual(["legacy-data", "pay-dev-sg-api", "shop-prod-sg-web"]);
    const paged = await dashboard({ pageSize: "10", page: "2" });
    expect(paged.violations.rows).toHaveLength(2);
  });

  it("lists accounts whose names break the convention, closed ones left out", async () => {
    const d = await dashboard();
    expect(d.names.total).toBe(1);
    expect(d.names.rows.map((row) => [row.accountName, row.expected, row.fixHref])).toEqual([["legacy-data", "{product}-stg-{region}-{descriptor}", "/accounts/acct_stg"]]);
  });

  it("writes today's snapshot per environment for the trend", async () => {
    const snapshots = await db.tagComplianceSnapshot.findMany({ orderBy: { environment: "asc" }, select: { environment: true, resources: true, compliant: true, day: true } });
    expect(snapshots.map((row) => [row.environment, row.resources, row.compliant, row.day.toISOString().slice(0, 10)])).toEqual([
      ["PROD", 6, 2, "2026-11-29"],
      ["STAGING", 7, 4, "2026-11-29"],
      ["DEV", 5, 3, "2026-11-29"],
    ]);
    const d = await dashboard();
    expect(d.trend.at(-1)).toEqual({ day: "2026-11-29", resources: 18, compliant: 9, percent: 50 });
  });

  it("exports CSV rows equal to the violations page rows for the same filters", async () => {
    const filterSets: Record<string, string>[] = [{ environment: "prod" }, { sort: "account" }, { kind: "missing-key", unit: "unit_pay" }];
    for (const params of filterSets) {
      const page = await dashboard({ ...params, pageSize: "100" });
      const file = await loadTagExport(new URLSearchParams(params));
      const csv = spreadsheetCsv(file.header, file.rows).trimEnd().split("\n");
      expect(csv).toHaveLength(page.violations.rows.length + 1);
      expect(file.rows.map((row) => [row[0], row[5], row[8], row[9] || null, row[10] || null])).toEqual(
        page.violations.rows.map((row) => [row.accountName, row.resourceName, expect.any(String), row.key, row.value]),
      );
      expect(file.rows.every((row) => String(row[12]).startsWith("http://lattice.test/accounts/"))).toBe(true);
    }
    const keys = await loadTagExport(new URLSearchParams({ table: "key" }));
    expect(keys.rows).toEqual([
      ["cost-center", 6, 2, 0, 66.6],
      ["environment", 18, 2, 3, 72.2],
      ["owner", 18, 3, 0, 83.3],
    ]);
  });

  it("refuses a signed-out caller", async () => {
    session.actor = null;
    await expect(loadTagDashboardForRoute(new URLSearchParams())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(loadTagExport(new URLSearchParams())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    session.actor = reviewer;
  });
});

describe("after a policy change", () => {
  let r4OwnerViolation: number | undefined;
  beforeAll(async () => {
    r4OwnerViolation = (await db.resourceViolation.findFirst({ where: { key: "owner", resource: { resourceId: "r4" } }, select: { id: true } }))?.id;
    await publishTagPolicy(2, [
      { key: "owner", allowedValues: ["dana", "eli"], environments: [] },
      { key: "environment", allowedValues: [], environments: [] },
    ]);
    expect(await evaluate()).toEqual({ resources: 18, compliant: 8 });
  });

  it("re-evaluates: new figures, violations that still hold keep their id", async () => {
    const d = await dashboard();
    expect(d.overall).toEqual({ resources: 18, compliant: 8, percent: 44.4 });
    expect(pick(d.byEnvironment)).toEqual({ Staging: [0, 7, 0], Production: [4, 6, 66.6], Development: [4, 5, 80] });
    expect(d.byKey).toEqual([
      { key: "owner", applicable: 18, missing: 3, valueNotAllowed: 6, percent: 50 },
      { key: "environment", applicable: 18, missing: 2, valueNotAllowed: 0, percent: 88.8 },
    ]);
    expect(await db.resourceViolation.count({ where: { key: "cost-center" } })).toBe(0);
    const kept = await db.resourceViolation.findFirst({ where: { key: "owner", resource: { resourceId: "r4" } }, select: { id: true } });
    expect(kept?.id).toBe(r4OwnerViolation);
    const counts = await db.resource.findMany({ where: { violationCount: { gt: 0 } }, select: { resourceId: true, violationCount: true } });
    expect(Object.fromEntries(counts.map((row) => [row.resourceId, row.violationCount]))).toEqual({
      r4: 2, r5: 1, r10: 1, r14: 1, r15: 1, r16: 1, r17: 1, r18: 1, r19: 2, r20: 2,
    });
  });

  it("replaces today's snapshot rather than adding one", async () => {
    const snapshots = await db.tagComplianceSnapshot.findMany({ select: { environment: true, compliant: true } });
    expect(snapshots).toHaveLength(3);
    expect(Object.fromEntries(snapshots.map((row) => [row.environment, row.compliant]))).toEqual({ PROD: 4, DEV: 4, STAGING: 0 });
  });

  it("leaves out a resource once it is gone", async () => {
    await db.resource.updateMany({ where: { resourceId: "r20" }, data: { goneAt: NOW } });
    expect(await evaluate()).toEqual({ resources: 17, compliant: 8 });
    expect(await db.resourceViolation.count({ where: { resource: { resourceId: "r20" } } })).toBe(0);
    expect((await db.resource.findFirst({ where: { resourceId: "r20" } }))?.violationCount).toBe(0);
  });
});
