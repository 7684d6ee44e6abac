import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import { getQueue, startQueue } from "@/lib/core/queue";
import { waitFor } from "@/lib/core/testing/wait-for";
import type { Actor, Role } from "@/lib/core/roles";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { createRoleCatalogCloud } from "@/lib/role-catalog/service";
import { describeCicZoneId, findOrCreateCicUser } from "@/lib/tencentcloud/cic";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import type { CallRecord, TencentGateway } from "@/lib/tencentcloud/types";

// Just-in-time grants end to end: a real database, the real queue tables, and the Tencent Cloud emulator over HTTP
// (real SDK, real gateway). Time is moved by passing the jobs a clock. Every line the process logs is captured, so
// the last test can prove that no credential ever reached a log line or a table.
const session = vi.hoisted(() => {
  process.env.LOG_LEVEL = "debug";
  return { actor: null as Actor | null };
});
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const actions = await import("./actions");
const { activateGrant, reconcileAssignments, removeGrant, sweepGrants } = await import("./jobs");
const { claimActivation, issueCredentials, revokeGrant } = await import("./mutations");
const { createGrantsCloud } = await import("./service");
const { insertApprovedAccessRequest, insertCatalogRole, queuedJobs } = await import("./testing");
const { findGrantViews } = await import("./data");
const { registerGrantJobs } = await import("./jobs");

const matrix = generateMatrix({ accounts: 6 });
const account = (id: string) => matrix.accounts.find((candidate) => candidate.id === id)!;
const ACCOUNTS = { network: "acct_000001", logging: "acct_000002", audit: "acct_000003", cards: "acct_000004", wallet: "acct_000005", lake: "acct_000006" };
const POLICY = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["tag:Get*"], resource: "*" }] });
const DENY = JSON.stringify({ version: "2.0", statement: [{ effect: "deny", action: ["cam:*"], resource: "*" }] });

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;
let clouds: { grants: ReturnType<typeof createGrantsCloud>; roleCatalog: ReturnType<typeof createRoleCatalogCloud> };
let roleId: string;
const calls: CallRecord[] = [];
const output: string[] = [];
const restoreOutput: (() => void)[] = [];

function person(userId: string, roles: Role[] = [], mfa = true): Actor {
  const user = matrix.users.find((candidate) => candidate.id === userId)!;
  return { userId, sessionId: "s", email: user.email, name: user.name, roles: ["requester", ...roles], mfa };
}
function as(userId: string, roles: Role[] = [], mfa = true) {
  session.actor = person(userId, roles, mfa);
}
const stampOf = (actor: Actor) => ({ actor: { type: "USER" as const, id: actor.userId, label: actor.email } });

beforeAll(async () => {
  // Captured from here on; restored (and not printed) at the end.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array) => {
      output.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof stream.write;
    restoreOutput.push(() => (stream.write = write));
  }
  await writeMatrix(matrix);
  context = await startTestEmulator({ accounts: 6, taskDelayMs: 100 });
  gateway = context.gateway({ retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } });
  gateway.onCall((record) => calls.push(record));
  clouds = { grants: createGrantsCloud(gateway, { taskTimeoutMs: 5_000, taskPollMs: 50 }), roleCatalog: createRoleCatalogCloud(gateway) };
  roleId = (await insertCatalogRole({ slug: "ledger-read", name: "Ledger read", policyDocuments: [POLICY, DENY] })).id;
  // The web process's gateway (CLI credentials) reads the same settings the worker does.
  process.env.TENCENTCLOUD_SECRET_ID = context.emulator.credentials.secretId;
  process.env.TENCENTCLOUD_SECRET_KEY = context.emulator.credentials.secretKey;
  process.env.TENCENTCLOUD_EMULATOR_PORT = String(context.emulator.port);
  await getQueue();
});

afterAll(async () => {
  for (const restore of restoreOutput) restore();
  await (await getQueue()).stop(1_000);
  await context?.emulator.close();
});

beforeEach(() => {
  session.actor = null;
  context.emulator.setFaults();
});

const grantRow = (id: string) => db.accessGrant.findUniqueOrThrow({ where: { id } });
const cicUserOf = (email: string) => context.emulator.state.cic.users.find((user) => user.email === email)?.userId;
const roleConfigurationId = async () => (await db.catalogRole.findUniqueOrThrow({ where: { id: roleId } })).roleConfigurationId!;
function assignmentsOn(accountId: string, principalId?: string, configurationId?: string) {
  const uin = Number(account(accountId).memberUin);
  return context.emulator.state.cic.assignments.filter(
    (entry) => entry.targetUin === uin && (!principalId || entry.principalId === principalId) && (!configurationId || entry.roleConfigurationId === configurationId),
  );
}
const auditEvents = (action: string, grantId: string) => db.auditEvent.findMany({ where: { action, grantRef: grantId }, orderBy: { seq: "asc" } });
const notifications = async (grantId: string) => (await queuedJobs("notification.access", grantId)).map((job) => job.data.topic);
const after = (date: Date | null, seconds: number) => () => new Date(date!.getTime() + seconds * 1000);

async function approve(requesterId: string, accountId: string, options: { durationSeconds?: number; startsAt?: Date } = {}) {
  const { grantIds, requestId, number } = await insertApprovedAccessRequest({ requesterId, roleId, accountIds: [accountId], ...options });
  return { grantId: grantIds[0]!, requestId, number };
}

async function activeGrant(requesterId: string, accountId: string, durationSeconds = 3600) {
  const approved = await approve(requesterId, accountId, { durationSeconds });
  expect(await activateGrant(approved.grantId, clouds)).toMatchObject({ outcome: "activated" });
  return { ...approved, grant: await grantRow(approved.grantId) };
}

describe("activation and expiry", () => {
  it("activates a due grant with its CIC assignment, and removes the assignment once it expires", async () => {
    const { grantId, requestId } = await approve("user_dana", ACCOUNTS.lake, { durationSeconds: 5400 });
    const started = Date.now();
    expect(await activateGrant(grantId, clouds)).toEqual({ grantId, outcome: "activated", status: "ACTIVE" });

    const grant = await grantRow(grantId);
    // The role had no CIC configuration yet: activation provisioned it through the role catalog.
    const configuration = await roleConfigurationId();
    expect(context.emulator.state.cic.roleConfigurations.find((entry) => entry.roleConfigurationId === configuration)?.name).toBe("lattice-ledger-read");
    const principal = cicUserOf("dana@lattice.example");
    expect(grant).toMatchObject({ status: "ACTIVE", attempts: 0, errorCode: null, roleConfigurationId: configuration, cicPrincipalId: principal, cicZoneId: context.emulator.state.cic.zoneId });
    // The access clock starts at activation.
    expect(grant.activatedAt!.getTime()).toBeGreaterThanOrEqual(started);
    expect(grant.expiresAt!.getTime() - grant.activatedAt!.getTime()).toBe(5400_000);
    expect(assignmentsOn(ACCOUNTS.lake, principal, configuration)).toHaveLength(1);
    const [activated, ...more] = await auditEvents("accessGrant.activated", grantId);
    expect(more).toHaveLength(0);
    expect(activated).toMatchObject({ actorLabel: "job:access.activate", requestRef: requestId, accountId: ACCOUNTS.lake, accountUin: account(ACCOUNTS.lake).memberUin });
    expect(activated!.tencentRequestIds.length).toBeGreaterThan(0);
    const [removal] = await queuedJobs("access.remove", grantId);
    expect(removal).toMatchObject({ singleton_key: grantId });
    expect(Math.abs(removal!.start_after.getTime() - grant.expiresAt!.getTime())).toBeLessThan(1_000);
    expect(await notifications(grantId)).toEqual(["access-grant.active"]);

    // Early: nothing happens. At expiry: the assignment goes and the grant ends.
    expect(await removeGrant(grantId, clouds.grants)).toMatchObject({ outcome: "not-due" });
    const expiry = after(grant.expiresAt, 1);
    expect(await removeGrant(grantId, clouds.grants, undefined, expiry)).toMatchObject({ outcome: "removed", status: "EXPIRED" });
    expect(await grantRow(grantId)).toMatchObject({ status: "EXPIRED", endedAt: expiry() });
    expect(assignmentsOn(ACCOUNTS.lake, principal, configuration)).toHaveLength(0);
    const [expired] = await auditEvents("accessGrant.expired", grantId);
    expect(expired?.payload).toMatchObject({ assignment: "deleted", before: { status: "REMOVING" }, after: { status: "EXPIRED" } });
    expect(await notifications(grantId)).toEqual(["access-grant.active", "access-grant.removed"]);
    // A late duplicate of either job changes nothing.
    expect(await activateGrant(grantId, clouds)).toMatchObject({ outcome: "skipped" });
    expect(await removeGrant(grantId, clouds.grants, undefined, expiry)).toMatchObject({ outcome: "skipped" });
  });

  it("leaves a grant whose start has not come SCHEDULED", async () => {
    const { grantId } = await approve("user_dana", ACCOUNTS.wallet, { startsAt: new Date(Date.now() + 3_600_000) });
    expect(await activateGrant(grantId, clouds)).toMatchObject({ outcome: "not-due" });
    expect((await grantRow(grantId)).status).toBe("SCHEDULED");
    expect(assignmentsOn(ACCOUNTS.wallet, cicUserOf("dana@lattice.example"))).toHaveLength(0);
  });

  it("activates once when two activation jobs for one grant run at the same time", async () => {
    const { grantId } = await approve("user_fatima", ACCOUNTS.logging);
    calls.length = 0;
    const results = await Promise.all([activateGrant(grantId, clouds), activateGrant(grantId, clouds)]);
    expect(results.map((result) => result.outcome).sort()).toEqual(["activated", "claimed-elsewhere"]);
    expect(await auditEvents("accessGrant.activated", grantId)).toHaveLength(1);
    expect(calls.filter((call) => call.action === "CreateRoleAssignment" && call.attempt === 1)).toHaveLength(1);
    expect(await queuedJobs("access.remove", grantId)).toHaveLength(1);
    expect(assignmentsOn(ACCOUNTS.logging, cicUserOf("fatima@lattice.example"))).toHaveLength(1);
  });
});

describe("a catalog role that changed after approval", () => {
  it("is not granted: activation fails with a clear reason, security is alerted, and nothing is assigned", async () => {
    const { id: changedRoleId } = await insertCatalogRole({ slug: "changes-later", policyDocuments: [POLICY] });
    const { grantIds } = await insertApprovedAccessRequest({ requesterId: "user_kenji", roleId: changedRoleId, accountIds: [ACCOUNTS.cards] });
    const grantId = grantIds[0]!;
    // An admin publishes version 2 (wider, say) after the reviewers approved version 1.
    const v1 = await db.catalogRoleVersion.findFirstOrThrow({ where: { roleId: changedRoleId, version: 1 } });
    const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...content } = v1;
    await db.catalogRoleVersion.create({ data: { ...content, version: 2, policyDocuments: [POLICY, DENY], changeNote: "Wider" } });
    await db.catalogRole.update({ where: { id: changedRoleId }, data: { currentVersion: 2 } });

    expect(await activateGrant(grantId, clouds)).toMatchObject({ outcome: "failed", status: "FAILED" });
    expect(await grantRow(grantId)).toMatchObject({ status: "FAILED", errorCode: "Lattice.RoleChangedSinceApproval" });
    expect((await grantRow(grantId)).errorMessage).toMatch(/version 1 approved, 2 in force/);
    expect(await notifications(grantId)).toEqual(["access-grant.failed"]);
    expect(assignmentsOn(ACCOUNTS.cards, cicUserOf("kenji@lattice.example"))).toHaveLength(0);
  });
});

describe("revocation", () => {
  it("lets security revoke active access: the assignment is removed and the grant ends REVOKED", async () => {
    const { grantId, grant } = await activeGrant("user_luis", ACCOUNTS.wallet);
    const principal = grant.cicPrincipalId!;
    as("user_mei", ["security"], false);
    const result = await actions.revokeAccessGrant({ grantId, reason: "The incident is closed." });
    expect(result.data).toEqual({ status: "REMOVING" });
    expect(await grantRow(grantId)).toMatchObject({ status: "REMOVING", revokedById: "user_mei", revokeReason: "The incident is closed." });
    expect((await queuedJobs("access.remove", grantId)).map((job) => job.singleton_key)).toEqual([grantId, `${grantId}:revoke`]);
    expect(await auditEvents("accessGrant.revoke", grantId)).toMatchObject([{ actorId: "user_mei", payload: { before: { status: "ACTIVE" }, after: { status: "REMOVING" } } }]);

    expect(await removeGrant(grantId, clouds.grants)).toMatchObject({ outcome: "removed", status: "REVOKED" });
    expect(assignmentsOn(ACCOUNTS.wallet, principal)).toHaveLength(0);
    expect(await auditEvents("accessGrant.revoked", grantId)).toMatchObject([{ payload: { assignment: "deleted", revokeReason: "The incident is closed." } }]);

    // The page was stale: a clear CONFLICT, not a FORBIDDEN.
    const again = await actions.revokeAccessGrant({ grantId });
    expect(again.serverError).toMatchObject({ code: "CONFLICT" });
    expect(again.serverError?.message).toMatch(/already "Revoked"/);
  });

  it("refuses people who neither hold the access, own the account nor are security", async () => {
    const { grantId } = await activeGrant("user_nora", ACCOUNTS.cards);
    as("user_tom");
    expect((await actions.revokeAccessGrant({ grantId })).serverError).toMatchObject({ code: "FORBIDDEN" });
    // An owner of the account may (dana owns acct_000004), without MFA.
    as("user_dana", [], false);
    expect((await actions.revokeAccessGrant({ grantId })).data).toEqual({ status: "REMOVING" });
    expect(await removeGrant(grantId, clouds.grants)).toMatchObject({ status: "REVOKED" });
  });

  it("revokes a scheduled grant at once; its activation job then does nothing", async () => {
    const { grantId } = await approve("user_kenji", ACCOUNTS.audit, { startsAt: new Date(Date.now() + 600_000) });
    const actor = person("user_kenji");
    expect(await revokeGrant(actor, { grantId, reason: null }, stampOf(actor))).toMatchObject({ status: "REVOKED" });
    expect(await grantRow(grantId)).toMatchObject({ status: "REVOKED", revokedById: "user_kenji" });
    expect(await queuedJobs("access.remove", grantId)).toHaveLength(0);
    expect(await notifications(grantId)).toEqual(["access-grant.removed"]);
    expect(await activateGrant(grantId, clouds, undefined, () => new Date(Date.now() + 700_000))).toMatchObject({ outcome: "skipped", status: "REVOKED" });
    expect(assignmentsOn(ACCOUNTS.audit, cicUserOf("kenji@lattice.example"))).toHaveLength(0);
  });

  it("removes what an activation interrupted by a revocation had not finished", async () => {
    const { grantId } = await approve("user_kenji", ACCOUNTS.wallet);
    expect(await claimActivation(grantId, new Date())).toBe(true);
    const actor = person("user_kenji");
    await revokeGrant(actor, { grantId }, stampOf(actor));
    // The activation job resumes a grant that is being removed: it creates nothing.
    expect(await activateGrant(grantId, clouds)).toMatchObject({ outcome: "skipped", status: "REMOVING" });
    expect(await removeGrant(grantId, clouds.grants)).toMatchObject({ status: "REVOKED" });
    expect(await auditEvents("accessGrant.revoked", grantId)).toMatchObject([{ payload: { assignment: expect.stringMatching(/^(none|already-gone)$/) } }]);
    expect(assignmentsOn(ACCOUNTS.wallet, cicUserOf("kenji@lattice.example"))).toHaveLength(0);
  });
});

describe("overlapping grants", () => {
  it("keeps the shared assignment until the last grant holding it ends", async () => {
    const first = await activeGrant("user_aisha", ACCOUNTS.audit);
    const second = await activeGrant("user_aisha", ACCOUNTS.audit, 7200);
    const principal = first.grant.cicPrincipalId!;
    expect(second.grant.cicPrincipalId).toBe(principal);
    expect(assignmentsOn(ACCOUNTS.audit, principal)).toHaveLength(1);
    expect(await auditEvents("accessGrant.activated", second.grantId)).toMatchObject([{ payload: { adopted: true } }]);

    expect(await removeGrant(first.grantId, clouds.grants, undefined, after(first.grant.expiresAt, 1))).toMatchObject({ status: "EXPIRED" });
    expect(await auditEvents("accessGrant.expired", first.grantId)).toMatchObject([{ payload: { assignment: "kept", keptFor: [second.grantId] } }]);
    expect(assignmentsOn(ACCOUNTS.audit, principal)).toHaveLength(1);

    expect(await removeGrant(second.grantId, clouds.grants, undefined, after(second.grant.expiresAt, 1))).toMatchObject({ status: "EXPIRED" });
    expect(await auditEvents("accessGrant.expired", second.grantId)).toMatchObject([{ payload: { assignment: "deleted" } }]);
    expect(assignmentsOn(ACCOUNTS.audit, principal)).toHaveLength(0);
  });
});

describe("reconciliation", () => {
  it("removes an assignment of a catalog role no grant explains, records it, and leaves everything else", async () => {
    const explained = await activeGrant("user_nora", ACCOUNTS.network);
    const configuration = await roleConfigurationId();
    const zone = await describeCicZoneId(gateway);
    const intruder = await findOrCreateCicUser(gateway, zone, { email: "intruder@elsewhere.example", name: "In Truder" });
    const network = Number(account(ACCOUNTS.network).memberUin);
    // Out-of-band: made directly in Tencent (the console, another tool), not through a grant.
    await gateway.organization("CreateRoleAssignment", {
      ZoneId: zone,
      RoleAssignmentInfo: [{ RoleConfigurationId: configuration, TargetType: "MemberUin", TargetUin: network, PrincipalType: "User", PrincipalId: intruder }],
    });
    // The owners' configuration from provisioning is not a catalog role's: never touched.
    const owners = await gateway.organization("CreateRoleConfiguration", { ZoneId: zone, RoleConfigurationName: "LatticeAccountOwner" });
    const ownersId = owners.RoleConfigurationInfo!.RoleConfigurationId!;
    await gateway.organization("CreateRoleAssignment", {
      ZoneId: zone,
      RoleAssignmentInfo: [{ RoleConfigurationId: ownersId, TargetType: "MemberUin", TargetUin: network, PrincipalType: "User", PrincipalId: intruder }],
    });
    // An activation in flight (claimed, its CIC user not recorded yet) on another account: its assignment may be
    // the one just listed, so it is left for the next run.
    const inFlight = await approve("user_tom", ACCOUNTS.cards);
    await claimActivation(inFlight.grantId, new Date());
    const tom = await findOrCreateCicUser(gateway, zone, { email: "tom@lattice.example", name: "Tom" });
    const cards = Number(account(ACCOUNTS.cards).memberUin);
    await gateway.organization("CreateRoleAssignment", {
      ZoneId: zone,
      RoleAssignmentInfo: [{ RoleConfigurationId: configuration, TargetType: "MemberUin", TargetUin: cards, PrincipalType: "User", PrincipalId: tom }],
    });
    const listed = context.emulator.state.cic.assignments.filter((entry) => entry.roleConfigurationId === configuration).length;

    const result = await reconcileAssignments(clouds.grants);
    expect(result).toMatchObject({ assignmentsSeen: listed, removed: 1, failed: 0, deferred: 1, error: null });
    expect(assignmentsOn(ACCOUNTS.network, intruder, configuration)).toHaveLength(0);
    expect(assignmentsOn(ACCOUNTS.network, intruder, ownersId)).toHaveLength(1);
    expect(assignmentsOn(ACCOUNTS.network, explained.grant.cicPrincipalId!, configuration)).toHaveLength(1);
    expect(assignmentsOn(ACCOUNTS.cards, tom, configuration)).toHaveLength(1);

    const run = await db.accessReconciliation.findUniqueOrThrow({ where: { id: result.runId }, include: { findings: true } });
    expect(run).toMatchObject({ assignmentsSeen: listed, removed: 1, failed: 0, error: null });
    expect(run.finishedAt).not.toBeNull();
    expect(run.findings).toMatchObject([{ targetUin: String(network), roleConfigurationId: configuration, principalId: intruder, principalName: "intruder@elsewhere.example", removed: true }]);
    const events = await db.auditEvent.findMany({ where: { action: "accessReconciliation.removed" } });
    expect(events).toMatchObject([{ actorLabel: "job:access.reconcile", accountId: ACCOUNTS.network, accountUin: String(network), payload: { principalId: intruder, runId: run.id } }]);

    // Nothing more to do next time (the activation in flight is still deferred, not removed).
    expect(await reconcileAssignments(clouds.grants)).toMatchObject({ removed: 0, deferred: 1 });
    await db.accessGrant.update({ where: { id: inFlight.grantId }, data: { status: "FAILED" } });
  });
});

describe("failures", () => {
  it("retries an activation Tencent keeps failing, then fails it and alerts security", async () => {
    const { grantId } = await approve("user_priya", ACCOUNTS.network);
    context.emulator.setFaults({ rules: [{ kind: "InternalError", rate: 1, action: "CreateRoleAssignment" }] });
    await expect(activateGrant(grantId, clouds, { retryCount: 0, retryLimit: 2 })).rejects.toMatchObject({ code: "UPSTREAM" });
    expect(await grantRow(grantId)).toMatchObject({ status: "ACTIVATING", attempts: 1, errorCode: "InternalError" });
    expect((await grantRow(grantId)).tencentRequestId).toBeTruthy();
    await expect(activateGrant(grantId, clouds, { retryCount: 1, retryLimit: 2 })).rejects.toMatchObject({ code: "UPSTREAM" });
    expect(await activateGrant(grantId, clouds, { retryCount: 2, retryLimit: 2 })).toMatchObject({ outcome: "failed", status: "FAILED" });
    expect(await grantRow(grantId)).toMatchObject({ status: "FAILED", attempts: 3, errorCode: "InternalError" });
    expect(await auditEvents("accessGrant.activationFailed", grantId)).toMatchObject([{ payload: { code: "InternalError", before: { status: "ACTIVATING" }, after: { status: "FAILED" } } }]);
    expect(await notifications(grantId)).toEqual(["access-grant.failed"]);
    expect(assignmentsOn(ACCOUNTS.network, cicUserOf("priya@lattice.example"))).toHaveLength(0);
  });

  it("fails an activation at once when Tencent refuses it for good", async () => {
    const { grantId } = await approve("user_priya", ACCOUNTS.logging);
    context.emulator.setFaults({ rules: [{ kind: "Rejected", code: "FailedOperation.RoleConfigurationNotProvisioned", rate: 1, action: "CreateRoleAssignment" }] });
    expect(await activateGrant(grantId, clouds, { retryCount: 0, retryLimit: 8 })).toMatchObject({ outcome: "failed" });
    expect(await grantRow(grantId)).toMatchObject({ status: "FAILED", attempts: 1, errorCode: "FailedOperation.RoleConfigurationNotProvisioned" });
  });

  it("retries a removal Tencent keeps failing, marks it REMOVAL_FAILED with an alert, and the sweep keeps retrying it", async () => {
    const { grantId, grant } = await activeGrant("user_alex", ACCOUNTS.lake);
    const principal = grant.cicPrincipalId!;
    const expiry = after(grant.expiresAt, 1);
    context.emulator.setFaults({ rules: [{ kind: "InternalError", rate: 1, action: "DeleteRoleAssignment" }] });
    await expect(removeGrant(grantId, clouds.grants, { retryCount: 0, retryLimit: 1 }, expiry)).rejects.toMatchObject({ code: "UPSTREAM" });
    expect(await grantRow(grantId)).toMatchObject({ status: "REMOVING", attempts: 1, errorCode: "InternalError" });
    expect(await removeGrant(grantId, clouds.grants, { retryCount: 1, retryLimit: 1 }, expiry)).toMatchObject({ outcome: "removal-failed" });
    expect(await grantRow(grantId)).toMatchObject({ status: "REMOVAL_FAILED", attempts: 2 });
    expect(await auditEvents("accessGrant.removalFailed", grantId)).toHaveLength(1);
    expect(await notifications(grantId)).toEqual(["access-grant.active", "access-grant.failed"]);
    // Access is still in place, and that is not left alone.
    expect(assignmentsOn(ACCOUNTS.lake, principal)).toHaveLength(1);

    const sweep = await sweepGrants(expiry());
    expect(sweep.removalsRequeued).toBeGreaterThanOrEqual(1);
    expect((await queuedJobs("access.remove", grantId)).find((job) => job.singleton_key === `${grantId}:sweep`)).toMatchObject({ retry_limit: 0 });
    // Another failed attempt is counted, not alerted again.
    expect(await removeGrant(grantId, clouds.grants, { retryCount: 0, retryLimit: 0 }, expiry)).toMatchObject({ outcome: "removal-failed" });
    expect(await grantRow(grantId)).toMatchObject({ status: "REMOVAL_FAILED", attempts: 3 });
    expect(await auditEvents("accessGrant.removalFailed", grantId)).toHaveLength(1);

    context.emulator.setFaults();
    expect(await removeGrant(grantId, clouds.grants, { retryCount: 0, retryLimit: 0 }, expiry)).toMatchObject({ status: "EXPIRED" });
    expect(assignmentsOn(ACCOUNTS.lake, principal)).toHaveLength(0);
    expect(await grantRow(grantId)).toMatchObject({ attempts: 0, errorCode: null });
  });
});

describe("CLI credentials", () => {
  it("issues credentials limited to the role for the time left, records only their metadata, and never stores or logs them", async () => {
    const { grantId, grant, number } = await activeGrant("user_sam", ACCOUNTS.logging);
    as("user_sam", ["approver"], false);
    expect((await actions.issueAccessCredentials({ grantId })).serverError).toMatchObject({ code: "MFA_REQUIRED" });
    as("user_tom", [], true);
    expect((await actions.issueAccessCredentials({ grantId })).serverError).toMatchObject({ code: "FORBIDDEN" });

    as("user_sam", ["approver"], true);
    const issuedAt = Date.now();
    const result = await actions.issueAccessCredentials({ grantId });
    const credentials = result.data!;
    expect(credentials).toMatchObject({ sessionName: `lattice-jit-${number}-sam@lattice.example`, region: "ap-tokyo", account: { memberUin: account(ACCOUNTS.logging).memberUin } });
    // Never past the grant's expiry (give or take the moment STS took to answer).
    expect(Date.parse(credentials.expiresAt)).toBeLessThanOrEqual(grant.expiresAt!.getTime() + 1_000);
    expect(Date.parse(credentials.expiresAt)).toBeGreaterThan(issuedAt + 3_000_000);

    // In Tencent: the member's access role, narrowed to the catalog role's statements.
    const record = context.emulator.state.credentials.find((entry) => entry.secretId === credentials.secretId)!;
    expect(record).toMatchObject({ roleName: "OrganizationAccessControlRole", sessionName: credentials.sessionName, accountUin: Number(account(ACCOUNTS.logging).memberUin) });
    expect(JSON.parse(record.policy!)).toEqual({ version: "2.0", statement: [...JSON.parse(POLICY).statement, ...JSON.parse(DENY).statement] });
    const cli = context.gateway({ credentials: { secretId: credentials.secretId, secretKey: credentials.secretKey, sessionToken: credentials.sessionToken } });
    expect(await cli.tag("GetTagKeys", { MaxResults: 10 })).toHaveProperty("TagKeys");
    await expect(cli.cam("ListUsers", null)).rejects.toMatchObject({ details: { tencentCode: "AuthFailure.UnauthorizedOperation" } });

    // In Lattice: metadata only.
    const fingerprint = createHash("sha256").update(credentials.secretId).digest("hex").slice(0, 16);
    expect(await db.credentialIssue.findMany({ where: { grantId } })).toMatchObject([
      { issuedToId: "user_sam", sessionName: credentials.sessionName, secretIdFingerprint: fingerprint, expiresAt: new Date(credentials.expiresAt) },
    ]);
    expect(await auditEvents("accessGrant.credentialsIssued", grantId)).toMatchObject([{ actorId: "user_sam", payload: { secretIdFingerprint: fingerprint, sessionName: credentials.sessionName } }]);
    expect((await findGrantViews({ requestId: grant.requestId }, person("user_sam")))[0]).toMatchObject({ credentialsIssued: 1, can: { revoke: true, issueCredentials: true } });

    // Less than 15 minutes left: STS would refuse; so does Lattice, saying why.
    const late = issueCredentials(person("user_sam"), grantId, stampOf(person("user_sam")), clouds.grants, new Date(grant.expiresAt!.getTime() - 600_000));
    await expect(late).rejects.toMatchObject({ code: "CONFLICT", publicMessage: expect.stringMatching(/15 minutes/) });

    // No secret in any row of any table (the queue's jobs included) …
    const secrets = [credentials.secretId, credentials.secretKey, credentials.sessionToken];
    const tables = await db.$queryRaw<{ schema: string; name: string }[]>`
      SELECT table_schema::text AS schema, table_name::text AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`;
    expect(tables.map((table) => `${table.schema}.${table.name}`)).toEqual(expect.arrayContaining(["public.credential_issue", "public.audit_event", "pgboss.job"]));
    const hits = async (text: string) => {
      let found = 0;
      for (const { schema, name } of tables) {
        const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${schema}"."${name}" t WHERE strpos(t::text, $1) > 0`, text);
        found += row?.n ?? 0;
      }
      return found;
    };
    for (const secret of secrets) expect(await hits(secret)).toBe(0);
    // (the search does find what is stored: the fingerprint, in the issue row and its audit event)
    expect(await hits(fingerprint)).toBeGreaterThanOrEqual(2);
    // … and none in anything the process logged.
    const logged = output.join("");
    expect(logged).toContain("accessGrant.issueCredentials");
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });
});

describe("the sweep", () => {
  it("re-queues due activations, begins overdue expiries, and warns once 15 minutes before expiry", async () => {
    const due = await approve("user_luis", ACCOUNTS.audit);
    const expiring = await activeGrant("user_jordan", ACCOUNTS.cards);
    const expiresAt = expiring.grant.expiresAt!;

    const warnAt = new Date(expiresAt.getTime() - 10 * 60_000);
    const first = await sweepGrants(warnAt);
    expect(first.activationsQueued).toBeGreaterThanOrEqual(1);
    expect((await queuedJobs("access.activate", due.grantId)).map((job) => job.singleton_key)).toContain(`${due.grantId}:sweep`);
    expect((await grantRow(expiring.grantId)).expiryWarnedAt).toEqual(warnAt);
    await sweepGrants(new Date(warnAt.getTime() + 60_000));
    expect(await notifications(expiring.grantId)).toEqual(["access-grant.active", "access-grant.expiring"]);

    const overdue = new Date(expiresAt.getTime() + 30_000);
    expect((await sweepGrants(overdue)).expiriesBegun).toBeGreaterThanOrEqual(1);
    expect((await grantRow(expiring.grantId)).status).toBe("REMOVING");
    expect((await queuedJobs("access.remove", expiring.grantId)).map((job) => job.singleton_key)).toContain(`${expiring.grantId}:sweep`);
    expect(await removeGrant(expiring.grantId, clouds.grants, undefined, () => overdue)).toMatchObject({ status: "EXPIRED" });
    expect(assignmentsOn(ACCOUNTS.cards, expiring.grant.cicPrincipalId!)).toHaveLength(0);
  });
});

describe("in the worker", () => {
  it("runs activation from the approval's job and removal from the revocation's, through a real queue", async () => {
    const worker = await startQueue({ worker: true });
    try {
      await registerGrantJobs(worker, { gateway, config: { reconcileIntervalMinutes: 15, taskTimeoutMs: 5_000, taskPollMs: 50 }, pollingIntervalSeconds: 0.5 });
      const { grantId } = await approve("user_nora", ACCOUNTS.lake);
      // As the approval queues it (lib/access/mutations.ts): due at the start, the grant id as singleton key.
      await worker.send("access.activate", { grantId }, { singletonKey: grantId, startAfter: new Date() });
      const active = await waitFor("the grant to become active", async () => ((await grantRow(grantId)).status === "ACTIVE" ? grantRow(grantId) : null));
      expect(assignmentsOn(ACCOUNTS.lake, active.cicPrincipalId!)).toHaveLength(1);

      const owner = person("user_aisha");
      await revokeGrant(owner, { grantId, reason: "Done." }, stampOf(owner));
      await waitFor("the grant to be revoked", async () => (await grantRow(grantId)).status === "REVOKED");
      expect(assignmentsOn(ACCOUNTS.lake, active.cicPrincipalId!)).toHaveLength(0);
      expect(await db.$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.schedule WHERE name LIKE 'access.%' ORDER BY name`).toEqual([{ name: "access.reconcile" }, { name: "access.sweep" }]);
    } finally {
      await worker.stop(5_000);
    }
  });
});
