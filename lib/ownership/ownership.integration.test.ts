import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { appendAuditEvent, SYSTEM_STAMP } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import type { AccountStatus, Environment, OwnerRole } from "@/lib/core/generated/prisma/enums";
import type { Actor, Role } from "@/lib/core/roles";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { findOwnershipBreakdown, findOwnershipHeadline, findOwnershipTableRows, ownershipHeadlineSql } from "./data";
import { ownershipQuerySchema } from "./schema";
import type { OwnershipFilters } from "./types";
import { isDormant, isOrphaned, isReviewDue, ownershipClock, ownershipCsvCells, ownershipFilters } from "./utils";

// The chain and the loaders read the signed-in person through lib/core/auth; the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({
  getActor: async () => session.actor,
  getSessionState: async () => ({ actor: session.actor, ended: false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const actions = await import("./actions");
const { confirmOwnership } = await import("./mutations");
const { exportOwnershipCsv, readOwnershipDashboard } = await import("./loaders");
const { loadAccountPage } = await import("@/lib/accounts/loaders");

const ROLES: Record<string, Role[]> = { priya: ["platform-admin"], jordan: ["auditor"] };
function as(person: string, options: { mfa?: boolean } = {}) {
  session.actor = { userId: `user_${person}`, sessionId: "s", email: `${person}@lattice.example`, name: person, roles: ["requester", ...(ROLES[person] ?? [])], mfa: options.mfa ?? true };
}

const DAY = 86_400_000;
// Settings are the defaults (90 days dormant, 180 days between reviews); the fixture is placed around NOW, an hour
// ahead of the clock, so the loaders (which read the real clock) see the "exactly N days" accounts on the same side
// of the line for the whole run.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
const config = { dormantAfterDays: 90, reviewEveryDays: 180 };
const clock = ownershipClock(NOW, config);
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

interface Spec {
  id: string;
  status: AccountStatus;
  team: string | null;
  unit: string;
  environment: Environment;
  regions: string[];
  owners: [string, OwnerRole][];
  lastActivity: number | null;
  created: number;
  confirmed?: number;
}

// victor is inactive in the identity provider (demo matrix). Days are days before NOW.
const SPECS: Spec[] = [
  { id: "o_ok", status: "ACTIVE", team: "platform-core", unit: "core-infra", environment: "PROD", regions: ["ap-singapore", "ap-tokyo"], owners: [["tom", "PRIMARY"]], lastActivity: 1, created: 400, confirmed: 10 },
  { id: "o_inactive_owner", status: "ACTIVE", team: "payments-cards", unit: "cards", environment: "DEV", regions: ["ap-singapore"], owners: [["victor", "PRIMARY"]], lastActivity: 5, created: 100 },
  // Only the secondary owner is active: not orphaned. Activity and confirmation exactly N days ago: not dormant, not due.
  { id: "o_secondary_only", status: "ACTIVE", team: "payments-cards", unit: "cards", environment: "PROD", regions: ["ap-tokyo"], owners: [["victor", "PRIMARY"], ["dana", "SECONDARY"]], lastActivity: 90, created: 500, confirmed: 180 },
  { id: "o_dormant", status: "ACTIVE", team: "payments-wallet", unit: "wallet", environment: "STAGING", regions: ["eu-frankfurt"], owners: [["luis", "PRIMARY"]], lastActivity: 91, created: 181 },
  { id: "o_never_active", status: "ACTIVE", team: null, unit: "analytics", environment: "DEV", regions: ["ap-singapore"], owners: [["tom", "PRIMARY"]], lastActivity: null, created: 91 },
  { id: "o_new", status: "ACTIVE", team: "platform-core", unit: "core-infra", environment: "SANDBOX", regions: ["ap-singapore"], owners: [["tom", "PRIMARY"]], lastActivity: null, created: 30 },
  { id: "o_unmanaged", status: "UNMANAGED", team: null, unit: "sandbox", environment: "DEV", regions: ["ap-jakarta"], owners: [], lastActivity: 200, created: 300 },
  { id: "o_unmanaged_new", status: "UNMANAGED", team: null, unit: "sandbox", environment: "SHARED", regions: [], owners: [], lastActivity: 1, created: 2 },
  { id: "o_closed", status: "CLOSED", team: null, unit: "sandbox", environment: "SANDBOX", regions: ["ap-singapore"], owners: [], lastActivity: 500, created: 600 },
  { id: "o_suspended", status: "SUSPENDED", team: "security-ops", unit: "security", environment: "PROD", regions: ["ap-singapore"], owners: [["victor", "PRIMARY"]], lastActivity: 300, created: 600 },
  { id: "o_review_exact", status: "ACTIVE", team: "platform-core", unit: "core-infra", environment: "DEV", regions: ["ap-singapore"], owners: [["tom", "PRIMARY"], ["priya", "SECONDARY"]], lastActivity: 1, created: 700, confirmed: 180 },
  { id: "o_review_overdue", status: "ACTIVE", team: "platform-core", unit: "core-infra", environment: "PROD", regions: ["ap-singapore", "ap-hongkong"], owners: [["tom", "PRIMARY"], ["dana", "SECONDARY"]], lastActivity: 1, created: 700, confirmed: 181 },
];

/** Cells of one CSV line (RFC 4180 quoting). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  return [...cells, cell];
}

const names = (rows: { name: string }[]) => rows.map((row) => row.name).sort();
const order = { sort: "name" as const, dir: "asc" as const };
async function listed(filters: OwnershipFilters) {
  return names(await findOwnershipTableRows(filters, clock, order));
}
const counts = (groups: { key: string | null; count: number }[]) => Object.fromEntries(groups.map((group) => [group.key ?? "none", group.count]));

beforeAll(async () => {
  await writeMatrix(generateMatrix({ accounts: 0 }));
  let uin = 300_000_000_100;
  for (const spec of SPECS) {
    await db.account.create({
      data: {
        id: spec.id,
        organizationId: "org_demo",
        unitId: `unit_${spec.unit}`,
        teamId: spec.team ? `team_${spec.team}` : null,
        memberUin: String(uin++),
        name: spec.id.replace(/_/g, "-"),
        environment: spec.environment,
        status: spec.status,
        regions: spec.regions,
        createdAt: ago(spec.created),
        lastActivityAt: spec.lastActivity === null ? null : ago(spec.lastActivity),
        ownershipConfirmedAt: spec.confirmed === undefined ? null : ago(spec.confirmed),
        owners: { create: spec.owners.map(([person, role]) => ({ userId: `user_${person}`, role })) },
      },
    });
  }
});

beforeEach(() => {
  session.actor = null;
});

describe("the rules in SQL", () => {
  it("count each list on the edge cases (inactive owner, active secondary only, exactly N days)", async () => {
    expect(await findOwnershipHeadline({}, clock)).toEqual({ total: 12, orphaned: 4, dormant: 3, unmanaged: 2, reviewDue: 2 });
    expect(await listed({ list: "orphaned" })).toEqual(["o-inactive-owner", "o-suspended", "o-unmanaged", "o-unmanaged-new"]);
    expect(await listed({ list: "dormant" })).toEqual(["o-dormant", "o-never-active", "o-unmanaged"]);
    expect(await listed({ list: "unmanaged" })).toEqual(["o-unmanaged", "o-unmanaged-new"]);
    expect(await listed({ list: "review-due" })).toEqual(["o-dormant", "o-review-overdue"]);
  });

  it("agree with the pure rules account by account", async () => {
    const rows = await findOwnershipTableRows({}, clock, order);
    const accounts = await db.account.findMany({ include: { owners: { include: { user: { select: { active: true } } } } } });
    expect(rows).toHaveLength(accounts.length);
    for (const account of accounts) {
      const row = rows.find((candidate) => candidate.id === account.id)!;
      const owners = account.owners.map((owner) => ({ active: owner.user.active }));
      expect({ id: account.id, orphaned: row.orphaned, dormant: row.dormant, reviewDue: row.reviewDue }).toEqual({
        id: account.id,
        orphaned: isOrphaned({ status: account.status, owners }),
        dormant: isDormant(account, clock),
        reviewDue: isReviewDue(account, clock),
      });
    }
  });

  it("moves an account across the line one millisecond past N days", async () => {
    const later = ownershipClock(new Date(NOW.getTime() + 1), config);
    expect(names(await findOwnershipTableRows({ list: "dormant" }, later, order))).toContain("o-secondary-only");
    expect(names(await findOwnershipTableRows({ list: "review-due" }, later, order))).toEqual(["o-dormant", "o-review-exact", "o-review-overdue", "o-secondary-only"]);
  });

  it("runs as plain SQL text with its values (what the benchmark sends)", async () => {
    const sql = ownershipHeadlineSql({ team: "team_platform-core" }, clock);
    const [row] = await db.$queryRawUnsafe<{ total: number }[]>(sql.text, ...sql.values);
    expect(row?.total).toBe(4);
  });
});

describe("counts by dimension", () => {
  it("match the hand-computed numbers", async () => {
    const breakdown = await findOwnershipBreakdown({}, clock);
    expect(counts(breakdown.owner.groups)).toEqual({ user_tom: 5, user_victor: 3, user_dana: 2, user_luis: 1, user_priya: 1, none: 3 });
    expect(breakdown.owner.groups.find((group) => group.key === "user_victor")?.inactive).toBe(true);
    expect(breakdown.owner.totalGroups).toBe(6);
    expect(counts(breakdown.team.groups)).toEqual({ "team_platform-core": 4, "team_payments-cards": 2, "team_payments-wallet": 1, "team_security-ops": 1, none: 4 });
    expect(counts(breakdown.unit.groups)).toEqual({ "unit_core-infra": 4, unit_cards: 2, unit_wallet: 1, unit_analytics: 1, unit_sandbox: 3, unit_security: 1 });
    expect(counts(breakdown.environment.groups)).toEqual({ PROD: 4, DEV: 4, STAGING: 1, SANDBOX: 2, SHARED: 1 });
    expect(counts(breakdown.region.groups)).toEqual({ "ap-singapore": 8, "ap-tokyo": 2, "eu-frankfurt": 1, "ap-jakarta": 1, "ap-hongkong": 1 });
    // Largest first.
    expect(breakdown.owner.groups[0]?.key).toBe("user_tom");
  });

  it("apply the filters and the list, and cut to the largest groups", async () => {
    const orphanedCards = await findOwnershipBreakdown({ team: "team_payments-cards", list: "orphaned" }, clock);
    expect(counts(orphanedCards.owner.groups)).toEqual({ user_victor: 1 });
    const top = await findOwnershipBreakdown({}, clock);
    expect(top.region.totalGroups).toBe(5);
    expect(await listed({ unit: "unit_payments" })).toEqual(["o-dormant", "o-inactive-owner", "o-secondary-only"]);
    expect(await listed({ owner: "none" })).toEqual(["o-closed", "o-unmanaged", "o-unmanaged-new"]);
    expect(await listed({ team: "none", status: "UNMANAGED" })).toEqual(["o-unmanaged", "o-unmanaged-new"]);
    expect(await listed({ region: "ap-tokyo", environment: "PROD" })).toEqual(["o-ok", "o-secondary-only"]);
    expect(await listed({ owner: "user_dana" })).toEqual(["o-review-overdue", "o-secondary-only"]);
  });
});

describe("the dashboard and its CSV", () => {
  it("refuses anonymous callers", async () => {
    await expect(readOwnershipDashboard({})).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(exportOwnershipCsv({})).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("pages the table, reports what it ignored, and the CSV has exactly the table's rows", async () => {
    as("dana");
    const params = { sort: "reviewDueAt", dir: "desc", pageSize: "10", colour: "blue", team: "team_nowhere" };
    const first = await readOwnershipDashboard(params);
    expect(first.ignored).toEqual(["colour=blue", "team=team_nowhere"]);
    expect(first.table.total).toBe(12);
    expect(first.table.pageCount).toBe(2);
    const second = await readOwnershipDashboard({ ...params, page: "2" });
    const past = await readOwnershipDashboard({ ...params, page: "9" });
    expect(past.query.page).toBe(2);
    expect(past.table.rows.map((row) => row.id)).toEqual(second.table.rows.map((row) => row.id));
    const tableRows = [...first.table.rows, ...second.table.rows];

    const { body, fileName } = await exportOwnershipCsv(params);
    expect(fileName).toMatch(/^ownership-accounts-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...lines] = body.trimEnd().split("\n");
    expect(header).toBe("account,member_uin,environment,status,unit,team,regions,owners,orphaned,dormant,review_due,review_due_at,ownership_confirmed_at,last_activity_at,created_at");
    expect(lines).toHaveLength(tableRows.length);
    expect(lines.map((line) => csvCells(line)[0])).toEqual(tableRows.map((row) => row.name));
    expect(lines.map(csvCells)).toEqual(tableRows.map((row) => ownershipCsvCells(row)));
  });

  it("filters the CSV like the list", async () => {
    as("dana");
    const { body } = await exportOwnershipCsv({ list: "review-due" });
    expect(body.trimEnd().split("\n").slice(1).map((line) => csvCells(line)[0])).toEqual(["o-dormant", "o-review-overdue"]);
    const dashboard = await readOwnershipDashboard({ list: "review-due" });
    expect(dashboard.headline).toMatchObject({ total: 12, reviewDue: 2 });
    expect(dashboard.table.total).toBe(2);
    expect(ownershipFilters(ownershipQuerySchema.parse({ list: "review-due" })).list).toBe("review-due");
  });
});

async function auditCount(action: string, accountId: string) {
  return db.auditEvent.count({ where: { action, accountId } });
}

describe("confirming ownership", () => {
  it("lets an active owner re-confirm: the review is no longer due, with an audit event", async () => {
    const before = await db.account.findUniqueOrThrow({ where: { id: "o_review_overdue" } });
    as("dana");
    // The dashboard is computed once for everyone asking for the same filters meanwhile…
    const cached = await readOwnershipDashboard({ list: "review-due" });
    expect(await readOwnershipDashboard({ list: "review-due" })).toBe(cached);
    expect(cached.table.total).toBe(2);
    const result = await actions.confirmAccountOwnership({ accountId: "o_review_overdue", confirmedAt: before.ownershipConfirmedAt!.toISOString() });
    expect(result.serverError).toBeUndefined();
    const after = await db.account.findUniqueOrThrow({ where: { id: "o_review_overdue" } });
    expect(after.ownershipConfirmedById).toBe("user_dana");
    expect(after.ownershipConfirmedAt!.getTime()).toBeGreaterThan(before.ownershipConfirmedAt!.getTime());
    expect(await auditCount("account.confirmOwnership", "o_review_overdue")).toBe(1);
    expect(await listed({ list: "review-due" })).toEqual(["o-dormant"]);
    // …and computed afresh after a confirmation.
    expect((await readOwnershipDashboard({ list: "review-due" })).table.rows.map((row) => row.name)).toEqual(["o-dormant"]);

    // The same click again (the page still shows the old confirmation): a conflict, nothing written.
    const again = await actions.confirmAccountOwnership({ accountId: "o_review_overdue", confirmedAt: before.ownershipConfirmedAt!.toISOString() });
    expect(again.serverError?.code).toBe("CONFLICT");
    expect(await auditCount("account.confirmOwnership", "o_review_overdue")).toBe(1);
  });

  it("makes one confirmation of two racing ones (compare-and-set)", async () => {
    const account = await db.account.findUniqueOrThrow({ where: { id: "o_dormant" } });
    const luis = { userId: "user_luis", sessionId: "s", email: "luis@lattice.example", name: "luis", roles: ["requester"] as Role[], mfa: false };
    const stamp = { actor: { type: "USER" as const, id: "user_luis", label: "luis@lattice.example" } };
    const results = await Promise.allSettled([
      confirmOwnership(luis, { accountId: account.id, confirmedAt: null }, stamp),
      confirmOwnership(luis, { accountId: account.id, confirmedAt: null }, stamp),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await auditCount("account.confirmOwnership", account.id)).toBe(1);
  });

  it("refuses a non-owner, whatever their roles, and an owner who is inactive; nothing is written", async () => {
    as("priya");
    expect((await actions.confirmAccountOwnership({ accountId: "o_inactive_owner", confirmedAt: null })).serverError?.code).toBe("FORBIDDEN");
    as("victor");
    expect((await actions.confirmAccountOwnership({ accountId: "o_inactive_owner", confirmedAt: null })).serverError?.code).toBe("FORBIDDEN");
    as("tom");
    expect((await actions.confirmAccountOwnership({ accountId: "acct_missing", confirmedAt: null })).serverError?.code).toBe("FORBIDDEN");
    expect((await actions.confirmAccountOwnership({ accountId: "o_ok", confirmedAt: "not a date" })).validationErrors).toBeDefined();
    expect((await db.account.findUniqueOrThrow({ where: { id: "o_inactive_owner" } })).ownershipConfirmedAt).toBeNull();
    expect(await auditCount("account.confirmOwnership", "o_inactive_owner")).toBe(0);
  });
});

describe("claiming an unmanaged account", () => {
  const claim = { accountId: "o_unmanaged_new", primaryOwnerId: "user_tom", teamId: "team_platform-core", environment: "DEV" as const };
  async function unchanged() {
    const account = await db.account.findUniqueOrThrow({ where: { id: "o_unmanaged_new" }, include: { owners: true } });
    expect(account).toMatchObject({ status: "UNMANAGED", teamId: null, environment: "SHARED", owners: [] });
    expect(await auditCount("account.claim", "o_unmanaged_new")).toBe(0);
  }

  it("is refused to everyone but a platform admin, and needs MFA", async () => {
    as("tom");
    expect((await actions.claimUnmanagedAccount(claim)).serverError?.code).toBe("FORBIDDEN");
    as("jordan");
    expect((await actions.claimUnmanagedAccount(claim)).serverError?.code).toBe("FORBIDDEN");
    as("priya", { mfa: false });
    expect((await actions.claimUnmanagedAccount(claim)).serverError?.code).toBe("MFA_REQUIRED");
    await unchanged();
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    as("priya");
    const inactive = await actions.claimUnmanagedAccount({ ...claim, primaryOwnerId: "user_victor" });
    expect(inactive.serverError).toMatchObject({ code: "VALIDATION", fieldErrors: { primaryOwnerId: [expect.stringMatching(/inactive/)] } });
    const unknown = await actions.claimUnmanagedAccount({ ...claim, primaryOwnerId: "user_nobody", teamId: "team_nowhere" });
    expect(unknown.serverError?.fieldErrors).toEqual({
      primaryOwnerId: ["This person is not known to Lattice. Choose someone from the list."],
      teamId: ["This team does not exist. Choose one from the list, or none."],
    });
    const malformed = await actions.claimUnmanagedAccount({ ...claim, environment: "MARS" as never, primaryOwnerId: "" });
    expect(malformed.validationErrors).toMatchObject({ environment: { _errors: ["Choose the environment."] }, primaryOwnerId: { _errors: ["Choose the primary owner."] } });
    await unchanged();
  });

  it("makes the account active with its primary owner, team and environment, once (compare-and-set), with an audit event", async () => {
    as("priya");
    const result = await actions.claimUnmanagedAccount(claim);
    expect(result.serverError).toBeUndefined();
    const account = await db.account.findUniqueOrThrow({ where: { id: "o_unmanaged_new" }, include: { owners: true } });
    expect(account).toMatchObject({ status: "ACTIVE", teamId: "team_platform-core", environment: "DEV", ownershipConfirmedById: "user_priya" });
    expect(account.owners.map((owner) => [owner.userId, owner.role])).toEqual([["user_tom", "PRIMARY"]]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "account.claim", accountId: "o_unmanaged_new" } });
    expect(event).toMatchObject({ actorId: "user_priya", targetType: "account", targetId: "o_unmanaged_new" });
    expect(event.payload).toMatchObject({ before: { status: "UNMANAGED" }, after: { status: "ACTIVE", primaryOwner: "tom@lattice.example" } });

    const again = await actions.claimUnmanagedAccount({ ...claim, primaryOwnerId: "user_dana" });
    expect(again.serverError?.code).toBe("CONFLICT");
    expect(await auditCount("account.claim", "o_unmanaged_new")).toBe(1);
    expect(await listed({ list: "unmanaged" })).toEqual(["o-unmanaged"]);
  });
});

describe("the account page", () => {
  beforeAll(async () => {
    const base = { accountId: "o_ok", resourceType: "cvm:instance", firstSeenAt: NOW, lastSeenAt: NOW };
    await db.resource.createMany({
      data: [
        { ...base, resourceName: "qcs::cvm:ap-singapore:uin/1:instance/ins-1", service: "cvm", region: "ap-singapore", resourceId: "ins-1" },
        { ...base, resourceName: "qcs::cvm:ap-singapore:uin/1:instance/ins-2", service: "cvm", region: "ap-singapore", resourceId: "ins-2" },
        // Two break the tag policy: they count as resources, not as compliant ones.
        { ...base, resourceName: "qcs::cvm:ap-tokyo:uin/1:instance/ins-3", service: "cvm", region: "ap-tokyo", resourceId: "ins-3", violationCount: 2 },
        { ...base, resourceName: "qcs::cos:ap-tokyo:uin/1:bucket/b-1", service: "cos", region: "ap-tokyo", resourceType: "cos:bucket", resourceId: "b-1", violationCount: 1 },
        { ...base, resourceName: "qcs::cam::uin/1:role/r-1", service: "cam", region: "", resourceType: "cam:role", resourceId: "r-1" },
        // Gone: history, not counted.
        { ...base, resourceName: "qcs::cvm:ap-tokyo:uin/1:instance/ins-9", service: "cvm", region: "ap-tokyo", resourceId: "ins-9", goneAt: NOW },
        { ...base, accountId: "o_new", resourceName: "qcs::cvm:ap-tokyo:uin/2:instance/ins-5", service: "cvm", region: "ap-tokyo", resourceId: "ins-5" },
      ],
    });
    await db.$transaction(async (tx) => {
      await appendAuditEvent(tx, SYSTEM_STAMP, { action: "audit.import", target: { type: "account", id: "o_ok" }, account: { id: "o_ok" } });
      await appendAuditEvent(tx, { actor: { type: "USER", id: "user_dana", label: "dana@lattice.example" } }, { action: "audit.verify", target: { type: "account", id: "o_ok" }, account: { id: "o_ok" } });
    });
  });

  it("counts live resources and the compliant ones by service and by region", async () => {
    as("dana");
    const page = await loadAccountPage("o_ok");
    expect(page.resources).toEqual({
      total: 5,
      compliant: 3,
      byService: [
        { key: "cvm", count: 3, compliant: 2 },
        { key: "cam", count: 1, compliant: 1 },
        { key: "cos", count: 1, compliant: 0 },
      ],
      byRegion: [
        { key: "ap-singapore", count: 2, compliant: 2 },
        { key: "ap-tokyo", count: 2, compliant: 0 },
        { key: "", count: 1, compliant: 1 },
      ],
    });
  });

  it("shows the account's history under the /audit rule: owners and auditors all of it, others their own events", async () => {
    as("tom");
    expect((await loadAccountPage("o_ok")).history.rows.map((row) => row.action).sort()).toEqual(["audit.import", "audit.verify"]);
    as("jordan");
    expect((await loadAccountPage("o_ok")).history).toMatchObject({ scope: "all" });
    expect((await loadAccountPage("o_ok")).history.rows).toHaveLength(2);
    as("dana");
    expect((await loadAccountPage("o_ok")).history.rows.map((row) => row.action)).toEqual(["audit.verify"]);
    as("luis");
    expect((await loadAccountPage("o_ok")).history.rows).toEqual([]);
  });

  it("lists access grants and the account request only to those who may see them, and counts the others", async () => {
    const role = await db.catalogRole.create({ data: { slug: "reader", currentVersion: 1 } });
    const version = await db.catalogRoleVersion.create({
      data: {
        roleId: role.id,
        version: 1,
        name: "Reader",
        description: "Reads things in the account.",
        policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'],
        environments: ["PROD"],
        maxDurationSeconds: 3600,
        approvalsRequired: 1,
        reviewers: ["APPROVER"],
        securityForProd: false,
        breakGlassAllowed: false,
        changeNote: "First version",
      },
    });
    await db.accessRequest.create({
      data: {
        requesterId: "user_luis",
        roleId: role.id,
        roleVersionId: version.id,
        status: "APPROVED",
        durationSeconds: 3600,
        justification: "Investigate the nightly batch failures.",
        approvalsRequired: 1,
        reviewers: ["APPROVER"],
        securityRequired: false,
        grants: { create: [{ accountId: "o_ok", status: "ACTIVE" }] },
      },
    });
    await db.accountRequest.create({
      data: {
        requesterId: "user_luis",
        status: "COMPLETED",
        name: "o-ok",
        nameParts: {},
        unitId: "unit_core-infra",
        environment: "PROD",
        regions: ["ap-singapore"],
        costCenter: "CC-1",
        dataClassification: "INTERNAL",
        justification: "A service for the ownership journey.",
        tags: {},
        requiredStages: ["PLATFORM"],
        accountId: "o_ok",
        owners: { create: [{ userId: "user_aisha", role: "PRIMARY" }] },
      },
    });
    const seen = async (person: string) => {
      as(person);
      const page = await loadAccountPage("o_ok");
      return { grants: page.grants.rows.map((grant) => grant.requester), hidden: page.grants.hidden, request: page.accountRequest?.visible ? "shown" : "hidden" };
    };
    // The requester of both; an owner of the account; an auditor; a named owner of the account request only.
    expect(await seen("luis")).toEqual({ grants: ["Luis Garcia"], hidden: 0, request: "shown" });
    expect(await seen("tom")).toEqual({ grants: ["Luis Garcia"], hidden: 0, request: "hidden" });
    expect(await seen("jordan")).toEqual({ grants: ["Luis Garcia"], hidden: 0, request: "shown" });
    expect(await seen("aisha")).toEqual({ grants: [], hidden: 1, request: "shown" });
    expect(await seen("dana")).toEqual({ grants: [], hidden: 1, request: "hidden" });
  });

  it("tells owners they may confirm, admins they may claim, and others neither", async () => {
    as("tom");
    expect((await loadAccountPage("o_ok")).can).toEqual({ confirm: true, claim: false });
    as("victor");
    expect((await loadAccountPage("o_inactive_owner")).can).toEqual({ confirm: false, claim: false });
    as("priya");
    const unmanaged = await loadAccountPage("o_unmanaged");
    expect(unmanaged.can).toEqual({ confirm: false, claim: true });
    expect(unmanaged.claimOptions?.people.map((person) => person.id)).not.toContain("user_victor");
    expect(unmanaged.ownership).toMatchObject({ orphaned: true, dormant: true, unmanaged: true, reviewDue: false });
    await expect(loadAccountPage("acct_missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
