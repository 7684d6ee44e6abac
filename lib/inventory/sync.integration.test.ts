import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import { getQueue } from "@/lib/core/queue";
import type { Actor, Role } from "@/lib/core/roles";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import type { ResourceRecord } from "@/lib/tencentcloud/emulator/types";
import { listNonCompliantResources } from "@/lib/tencentcloud/pagination";
import type { CallRecord, TencentGateway } from "@/lib/tencentcloud/types";

// The inventory sync end to end: a real database and the Tencent Cloud emulator over HTTP (real SDK, real gateway,
// the emulator's rate limits on). Tests run in order and build on each other's inventory.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const { runInventorySync } = await import("./jobs");
const { requestInventorySync } = await import("./mutations");
const { syncInventoryNow } = await import("./actions");
const { findRecentRuns } = await import("./data");

const ACCOUNTS = 6;
const RESOURCES = 120;
const matrix = generateMatrix({ accounts: ACCOUNTS });
let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;
const calls: CallRecord[] = [];

const sync = (options: Partial<Parameters<typeof runInventorySync>[0]> = {}) => runInventorySync({ gateway, concurrency: 3, ...options });

function person(userId: string, roles: Role[]): Actor {
  const user = matrix.users.find((candidate) => candidate.id === userId)!;
  return { userId, sessionId: "s", email: user.email, name: user.name, roles: ["requester", ...roles], mfa: true };
}

/** The live resources as the inventory holds them, by name. */
async function liveResources() {
  const rows = await db.resource.findMany({ where: { goneAt: null }, orderBy: { resourceName: "asc" } });
  return new Map(rows.map((row) => [row.resourceName, row] as const));
}

/** Everything a sync may change, for before/after comparisons (last-seen times excepted: they move every run). */
async function snapshot() {
  const resources = await db.resource.findMany({
    orderBy: { id: "asc" },
    select: { id: true, resourceName: true, accountId: true, service: true, region: true, resourceType: true, resourceId: true, tags: true, flaggedByTencent: true, firstSeenAt: true, goneAt: true },
  });
  const accounts = await db.account.findMany({
    orderBy: { id: "asc" },
    select: { id: true, name: true, memberUin: true, status: true, environment: true, unitId: true, teamId: true, regions: true, lastActivityAt: true },
  });
  const units = await db.unit.findMany({ orderBy: { id: "asc" }, select: { id: true, parentId: true, name: true, tencentNodeId: true, path: true } });
  return { resources, accounts, units };
}

/** The latest activity of a member as the emulator knows it: newest console sign-in or access-key use. */
function expectedActivity(uin: number): string | null {
  const data = context.emulator.state.accounts[String(uin)];
  if (!data) return null;
  const times = [
    ...data.camUsers.filter((user) => user.consoleLogin === 1 && user.recentlyLoginTime).map((user) => Date.parse(`${user.recentlyLoginTime.replace(" ", "T")}Z`)),
    ...data.accessKeys.filter((key) => key.lastUsed > 0).map((key) => key.lastUsed * 1000),
  ];
  return times.length === 0 ? null : new Date(Math.max(...times)).toISOString();
}

/** Members' resources in the emulator with their tags, by name. */
function emulatorResources(): Map<string, ResourceRecord> {
  const known = new Set(context.emulator.state.members.map((member) => member.uin));
  return new Map(context.emulator.state.resources.filter((resource) => known.has(resource.accountUin)).map((resource) => [resource.resource, resource] as const));
}

const run = (id: string) => db.inventoryRun.findUniqueOrThrow({ where: { id } });
const getResourceCallsIn = (records: CallRecord[]) => records.filter((record) => record.action === "GetResources").map((record) => record.targetAccount);

beforeAll(async () => {
  await writeMatrix(matrix);
  context = await startTestEmulator({ accounts: ACCOUNTS, resources: RESOURCES });
  gateway = context.gateway({ retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 40 } });
  gateway.onCall((record) => calls.push(record));
});

afterAll(async () => {
  await (await getQueue().catch(() => null))?.stop(1_000);
  await context?.emulator.close();
});

beforeEach(() => {
  session.actor = null;
  context.emulator.setFaults();
  calls.length = 0;
});

describe("a full sync", () => {
  it("mirrors exactly the emulator's resources, their tags, Tencent's findings and the members' latest activity", async () => {
    const before = await db.resource.count();
    expect(before).toBe(0);
    const outcome = await sync();
    expect(outcome.outcome).toBe("succeeded");
    const callsOfSync = calls.length;

    const expected = emulatorResources();
    expect(expected.size).toBe(RESOURCES);
    const live = await liveResources();
    expect([...live.keys()].sort()).toEqual([...expected.keys()].sort());
    const accountsByUin = new Map((await db.account.findMany()).map((account) => [account.memberUin, account] as const));
    for (const [name, resource] of expected) {
      const row = live.get(name)!;
      expect(row.tags, name).toEqual(resource.tags);
      const [, service, region, , prefix, id] = /^qcs::([^:]+):([^:]*):uin\/(\d+):([^/]+)\/(.+)$/.exec(name)!;
      expect(row).toMatchObject({ service, region, resourceType: `${service}:${prefix}`, resourceId: id, goneAt: null });
      expect(row.accountId).toBe(accountsByUin.get(String(resource.accountUin))?.id);
    }

    // Tencent's own tag-policy detection, per member (read here with the same gateway).
    const flagged = new Set<string>();
    for (const member of context.emulator.state.members) {
      for await (const item of listNonCompliantResources(gateway, { MemberUin: member.uin })) flagged.add(item.Resource!);
    }
    expect(flagged.size).toBeGreaterThan(0);
    expect(new Set([...live.values()].filter((row) => row.flaggedByTencent).map((row) => row.resourceName))).toEqual(flagged);

    // Every member: seen by this sync, with its latest CAM activity (activity only moves forward: the seeded value
    // stays where it is later than anything CAM reports).
    for (const member of context.emulator.state.members) {
      const account = accountsByUin.get(String(member.uin))!;
      expect(account.inventorySyncedAt, account.name).not.toBeNull();
      const seeded = matrix.accounts.find((candidate) => candidate.memberUin === String(member.uin))?.lastActivityAt?.toISOString() ?? null;
      const found = expectedActivity(member.uin);
      expect(found, account.name).not.toBeNull();
      const expected = [seeded, found].filter((value): value is string => value !== null).sort().at(-1) ?? null;
      expect(account.lastActivityAt?.toISOString() ?? null, account.name).toBe(expected);
    }
    expect([...accountsByUin.values()].filter((account) => account.memberUin && account.lastActivityAt?.toISOString() === expectedActivity(Number(account.memberUin))).length).toBeGreaterThan(0);

    const row = await run(outcome.runId);
    expect(row).toMatchObject({ status: "SUCCEEDED", accountsTotal: ACCOUNTS, accountsDone: ACCOUNTS, items: RESOURCES, resourcesAdded: RESOURCES, resourcesGone: 0, failure: null });
    expect(row.calls).toBe(callsOfSync);
    expect(row.finishedAt).not.toBeNull();
    // Calls per member: AssumeRole, GetResources in the member, ListNonCompliantResource in the management account.
    expect(new Set(getResourceCallsIn(calls))).toEqual(new Set(context.emulator.state.members.map((member) => String(member.uin))));
    expect(await db.inventoryStagedResource.count()).toBe(0);
    expect(await db.inventoryStagedMember.count()).toBe(0);
    const [audit] = await db.auditEvent.findMany({ where: { action: "inventory.syncCompleted", targetId: outcome.runId } });
    expect(audit).toMatchObject({ actorLabel: "job:inventory.sync" });
    // Tag compliance was evaluated in the same transaction.
    expect(await db.tagComplianceRollup.count()).toBeGreaterThan(0);
  });

  it("is idempotent: a second run changes nothing and duplicates nothing", async () => {
    const before = await snapshot();
    const outcome = await sync();
    expect(outcome.outcome).toBe("succeeded");
    expect(await snapshot()).toEqual(before);
    expect(await run(outcome.runId)).toMatchObject({ status: "SUCCEEDED", items: RESOURCES, resourcesAdded: 0, resourcesGone: 0 });
    expect(await db.resource.count()).toBe(RESOURCES);
  });
});

describe("resources that go and come back", () => {
  it("marks removed resources gone with the run's time, keeps their rows, and revives them when they reappear", async () => {
    const member = context.emulator.state.members[0]!;
    const victims = context.emulator.state.resources.filter((resource) => resource.accountUin === member.uin).slice(0, 3);
    const kept = structuredClone(victims);
    const idsBefore = new Map([...(await liveResources())].map(([name, row]) => [name, row.id] as const));
    expect(context.emulator.removeResources((resource) => victims.includes(resource))).toBe(3);
    // A tag changed in the console reaches the inventory too.
    const changed = context.emulator.state.resources.find((resource) => resource.accountUin === member.uin)!;
    changed.tags = { ...changed.tags, owner: "someone-else" };

    const gone = await sync();
    expect(gone.outcome).toBe("succeeded");
    const goneRun = await run(gone.runId);
    expect(goneRun).toMatchObject({ resourcesGone: 3, resourcesAdded: 0, items: RESOURCES - 3 });
    for (const victim of kept) {
      const row = await db.resource.findUniqueOrThrow({ where: { resourceName: victim.resource } });
      expect(row.goneAt?.toISOString()).toBe(goneRun.finishedAt?.toISOString());
    }
    expect((await db.resource.findUniqueOrThrow({ where: { resourceName: changed.resource } })).tags).toMatchObject({ owner: "someone-else" });
    expect((await liveResources()).size).toBe(RESOURCES - 3);

    context.emulator.addResources(kept);
    const back = await sync();
    expect(await run(back.runId)).toMatchObject({ resourcesGone: 0, resourcesAdded: 3, items: RESOURCES });
    const live = await liveResources();
    expect(live.size).toBe(RESOURCES);
    // The same rows, not new ones.
    for (const victim of kept) expect(live.get(victim.resource)?.id).toBe(idsBefore.get(victim.resource));
  });
});

describe("members the portal does not know", () => {
  it("appear as UNMANAGED accounts with no owner, in units created for unknown nodes", async () => {
    const root = context.emulator.state.organization.rootNodeId;
    const { NodeId: nodeId } = await gateway.organization("AddOrganizationNode", { ParentNodeId: root, Name: "acquired" });
    const { NodeId: childId } = await gateway.organization("AddOrganizationNode", { ParentNodeId: nodeId!, Name: "acquired-labs" });
    const create = (name: string, node: number, tags: { TagKey: string; TagValue: string }[]) =>
      gateway.organization("CreateOrganizationMember", { Name: name, AccountName: name, PolicyType: "Financial", PermissionIds: [1, 2, 7], NodeId: node, Tags: tags });
    const { Uin: prodUin } = await create("legacy-prod-erp", childId!, [{ TagKey: "Environment", TagValue: "prod" }]);
    const { Uin: otherUin } = await create("legacy-misc", nodeId!, [{ TagKey: "env", TagValue: "production" }]);
    context.emulator.addResources([
      { resource: `qcs::cvm:eu-frankfurt:uin/${prodUin}:instance/ins-legacy01`, accountUin: prodUin!, tags: { owner: "erp" } },
      { resource: `qcs::cdb:ap-tokyo:uin/${prodUin}:instanceId/cdb-legacy01`, accountUin: prodUin!, tags: {} },
      { resource: `qcs::cvm:eu-frankfurt:uin/${prodUin}:volume/disk-legacy01`, accountUin: prodUin!, tags: { owner: "erp" } },
    ]);
    // Members are ready (their access role assumable) shortly after creation.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const outcome = await sync();
    expect(outcome.outcome).toBe("succeeded");
    expect(await run(outcome.runId)).toMatchObject({ accountsTotal: ACCOUNTS + 2, accountsDone: ACCOUNTS + 2, resourcesAdded: 3 });

    const erp = await db.account.findUniqueOrThrow({ where: { memberUin: String(prodUin) }, include: { owners: true, tags: true, unit: true } });
    expect(erp).toMatchObject({ name: "legacy-prod-erp", status: "UNMANAGED", environment: "PROD", teamId: null, regions: ["ap-tokyo", "eu-frankfurt"] });
    expect(erp.owners).toEqual([]);
    expect(erp.inventorySyncedAt).not.toBeNull();
    expect(erp.tags.map((tag) => [tag.key, tag.value])).toEqual([["Environment", "prod"]]);
    // "production" does not name an environment: SANDBOX, the least trusted.
    expect(await db.account.findUniqueOrThrow({ where: { memberUin: String(otherUin) } })).toMatchObject({ status: "UNMANAGED", environment: "SANDBOX", regions: [] });

    // The two new nodes became units under the root, with materialized paths.
    const rootUnit = await db.unit.findFirstOrThrow({ where: { tencentNodeId: root } });
    const acquired = await db.unit.findFirstOrThrow({ where: { tencentNodeId: nodeId } });
    const labs = await db.unit.findFirstOrThrow({ where: { tencentNodeId: childId } });
    expect(acquired).toMatchObject({ name: "acquired", parentId: rootUnit.id, path: `${rootUnit.path}${acquired.id}/` });
    expect(labs).toMatchObject({ name: "acquired-labs", parentId: acquired.id, path: `${acquired.path}${labs.id}/` });
    expect(erp.unit.id).toBe(labs.id);
    expect((await db.resource.findMany({ where: { accountId: erp.id } })).map((row) => row.resourceType).sort()).toEqual(["cdb:instanceId", "cvm:instance", "cvm:volume"]);

    // Known accounts keep their status and owners.
    const known = await db.account.findUniqueOrThrow({ where: { id: matrix.accounts[0]!.id }, include: { owners: true } });
    expect(known.status).toBe(matrix.accounts[0]!.status);
    expect(known.owners.length).toBe(matrix.accounts[0]!.owners.length);
  });
});

describe("faults", () => {
  it("completes through throttling, internal errors, 502s and connection resets (the gateway retries)", async () => {
    const before = await snapshot();
    context.emulator.setFaults({
      seed: 11,
      rules: [
        { kind: "RequestLimitExceeded", rate: 0.12 },
        { kind: "InternalError", rate: 0.05 },
        { kind: "HTTP502", rate: 0.03 },
        { kind: "ConnectionReset", rate: 0.03 },
      ],
    });
    const outcome = await sync();
    expect(outcome.outcome).toBe("succeeded");
    const row = await run(outcome.runId);
    expect(row).toMatchObject({ status: "SUCCEEDED", accountsDone: row.accountsTotal, resourcesAdded: 0, resourcesGone: 0 });
    expect(row.errors).toBeGreaterThan(0);
    expect(row.throttled).toBeGreaterThan(0);
    expect(row.calls).toBe(calls.length);
    expect(row.errors).toBe(calls.filter((call) => call.outcome === "error").length);
    expect(await snapshot()).toEqual(before);
  });

  it("marks a member whose reads keep failing FAILED with its cause, keeps its resources live, and finishes the rest", async () => {
    const member = context.emulator.state.members[1]!;
    const account = await db.account.findUniqueOrThrow({ where: { memberUin: String(member.uin) } });
    const liveBefore = await db.resource.findMany({ where: { accountId: account.id, goneAt: null }, orderBy: { id: "asc" } });
    expect(liveBefore.length).toBeGreaterThan(0);
    // Its access role can no longer be assumed; and it lost every resource meanwhile (which must not be believed).
    member.readyAt = Date.now() + 3_600_000;
    const removed = structuredClone(context.emulator.state.resources.filter((resource) => resource.accountUin === member.uin));
    context.emulator.removeResources((resource) => resource.accountUin === member.uin);

    // A fresh gateway: the shared one holds the member's role credentials from earlier runs.
    const outcome = await sync({ gateway: context.gateway() });
    expect(outcome.outcome).toBe("succeeded");
    const failed = await db.inventoryRunAccount.findUniqueOrThrow({ where: { runId_memberUin: { runId: outcome.runId, memberUin: String(member.uin) } } });
    expect(failed.status).toBe("FAILED");
    expect(failed.failure).toContain("InvalidParameter.AccountNotAvaliable");
    expect(await run(outcome.runId)).toMatchObject({ status: "SUCCEEDED", accountsDone: ACCOUNTS + 1, resourcesGone: 0 });
    expect((await db.resource.findMany({ where: { accountId: account.id, goneAt: null }, orderBy: { id: "asc" } })).map((row) => row.id)).toEqual(liveBefore.map((row) => row.id));
    // The dashboard lists it with its cause.
    const [view] = await findRecentRuns(1);
    expect(view).toMatchObject({ id: outcome.runId, accountsFailed: 1, failedMembers: [{ memberUin: String(member.uin), name: account.name }] });

    member.readyAt = 0;
    context.emulator.addResources(removed);
  });

  it("fails a run whose organization cannot be read with a clear cause, and leaves the inventory as it was", async () => {
    const before = await snapshot();
    context.emulator.setFaults({ rules: [{ kind: "InternalError", rate: 1, action: "DescribeOrganizationMembers" }] });
    const outcome = await sync();
    expect(outcome).toMatchObject({ outcome: "failed" });
    const row = await run(outcome.runId);
    expect(row.status).toBe("FAILED");
    expect(row.failure).toMatch(/^UPSTREAM: .*InternalError/);
    expect(row.finishedAt).not.toBeNull();
    expect(await snapshot()).toEqual(before);
    expect(await db.auditEvent.count({ where: { action: "inventory.syncFailed", targetId: outcome.runId } })).toBe(1);
    // Nothing is left RUNNING: the next sync starts afresh.
    context.emulator.setFaults();
    const next = await sync();
    expect(next.outcome).toBe("succeeded");
    expect(next.runId).not.toBe(outcome.runId);
  });
});

describe("a crash mid-run", () => {
  it("shows nothing of the unfinished run, and the resumed run skips the members already read", async () => {
    const before = await snapshot();
    const member = context.emulator.state.members[2]!;
    const victim = context.emulator.state.resources.find((resource) => resource.accountUin === member.uin)!;
    context.emulator.removeResources((resource) => resource === victim);

    let staged = 0;
    const crash = sync({
      concurrency: 2,
      attempt: { retryCount: 0, retryLimit: 3 },
      afterMemberStaged: () => {
        staged += 1;
        if (staged === 3) throw new Error("worker killed");
      },
    });
    await expect(crash).rejects.toThrow("worker killed");
    const running = await db.inventoryRun.findFirstOrThrow({ where: { status: "RUNNING" } });
    const done = await db.inventoryRunAccount.findMany({ where: { runId: running.id, status: "DONE" } });
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(done.length).toBeLessThan(running.accountsTotal);
    expect(await db.inventoryStagedMember.count({ where: { runId: running.id } })).toBe(done.length);
    // Nothing of it is visible: the resource and account tables are as they were.
    expect(await snapshot()).toEqual(before);

    calls.length = 0;
    const resumed = await sync();
    expect(resumed).toMatchObject({ runId: running.id, outcome: "succeeded" });
    const doneUins = new Set(done.map((row) => row.memberUin));
    const readAgain = getResourceCallsIn(calls);
    expect(readAgain.length).toBe(running.accountsTotal - done.length);
    expect(readAgain.filter((uin) => doneUins.has(uin!))).toEqual([]);
    const finished = await run(running.id);
    expect(finished).toMatchObject({ status: "SUCCEEDED", accountsDone: running.accountsTotal, resourcesGone: 1 });
    expect((await db.resource.findUniqueOrThrow({ where: { resourceName: victim.resource } })).goneAt).not.toBeNull();
    context.emulator.addResources([victim]);
  });
});

describe("sync now", () => {
  it("starts one run however many ask at once; the others join it", async () => {
    const admin = person("user_priya", ["platform-admin"]);
    const stamp = { actor: { type: "USER" as const, id: admin.userId, label: admin.email } };
    const results = await Promise.all(Array.from({ length: 5 }, () => requestInventorySync(admin, stamp, new Date())));
    expect(new Set(results.map((result) => result.runId)).size).toBe(1);
    expect(results.filter((result) => !result.joined)).toHaveLength(1);
    expect(await db.inventoryRun.count({ where: { status: "RUNNING" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "inventory.syncRequested", targetId: results[0]!.runId } })).toBe(5);
    // The scheduled job joins it too, and the run completes once.
    const scheduled = await sync();
    expect(scheduled).toMatchObject({ runId: results[0]!.runId, outcome: "succeeded" });
    expect(await sync({ runId: results[0]!.runId })).toMatchObject({ outcome: "skipped" });
  });

  it("is refused to requesters, approvers and auditors; allowed to platform admins and security, who get the job queued", async () => {
    for (const [userId, roles] of [
      ["user_dana", []],
      ["user_alex", ["approver"]],
      ["user_jordan", ["auditor"]],
    ] as [string, Role[]][]) {
      session.actor = person(userId, roles);
      const result = await syncInventoryNow({});
      expect(result.serverError?.code, userId).toBe("FORBIDDEN");
    }
    expect(await db.inventoryRun.count({ where: { status: "RUNNING" } })).toBe(0);

    session.actor = person("user_mei", ["security"]);
    const started = await syncInventoryNow({});
    expect(started.data).toMatchObject({ joined: false });
    session.actor = person("user_priya", ["platform-admin"]);
    const joined = await syncInventoryNow({});
    expect(joined.data).toEqual({ runId: started.data!.runId, joined: true });
    const jobs = await db.$queryRaw<{ data: { runId: string } }[]>`SELECT data FROM pgboss.job WHERE name = 'inventory.sync'`;
    expect(jobs.map((job) => job.data.runId)).toContain(started.data!.runId);
    const row = await run(started.data!.runId);
    expect(row).toMatchObject({ trigger: "MANUAL", requestedById: "user_mei", status: "RUNNING" });
    expect(await sync({ runId: started.data!.runId })).toMatchObject({ outcome: "succeeded" });
  });
});
