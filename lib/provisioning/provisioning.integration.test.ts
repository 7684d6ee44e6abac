import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import type { FaultKind } from "@/lib/tencentcloud/emulator/types";
import { getProvisioningRequest, listProvisioningSteps } from "./data";
import { registerProvisioningJobs } from "./jobs";
import { createProvisioningCloud } from "./service";
import { enqueueProvisioning, insertApprovedRequest, TEST_PROVISIONING_CONFIG, waitForSettled } from "./testing";

// Provisioning end to end: a real worker queue, a real database and the Tencent Cloud emulator over HTTP.
const matrix = generateMatrix({ accounts: 12 });
const unit = matrix.units.find((candidate) => candidate.id === "unit_cards")!;
const [primary, secondary] = matrix.users;

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let queue: JobQueue;
let stopProvisioning: () => Promise<void>;
const failedCalls: string[] = [];
/** Calls as made (first attempts only: the gateway's retries repeat one call). */
const madeCalls: string[] = [];

beforeAll(async () => {
  await writeMatrix(matrix);
  // A person who has no Cloud Identity Center user yet: provisioning creates one.
  await db.user.create({ data: { id: "user_newcomer", email: "newcomer@lattice.example", name: "New Comer", groups: ["engineering"] } });
  context = await startTestEmulator({ accounts: 12, memberReadyDelayMs: 400, taskDelayMs: 150 });
  const gateway = context.gateway({ retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 } });
  gateway.onCall((record) => {
    if (record.outcome === "error") failedCalls.push(`${record.action}:${record.errorCode}`);
    if (record.attempt === 1) madeCalls.push(record.action);
  });
  queue = await startQueue({ worker: true });
  stopProvisioning = await registerProvisioningJobs(queue, { gateway, config: TEST_PROVISIONING_CONFIG, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await queue?.stop(5_000);
  await stopProvisioning?.();
  await context?.emulator.close();
});

const membersNamed = (name: string) => context.emulator.state.members.filter((member) => member.name === name);

async function approve(name: string, owners = [{ userId: primary!.id, role: "PRIMARY" as const }, { userId: "user_newcomer", role: "SECONDARY" as const }]) {
  const id = await insertApprovedRequest({ name, unitId: unit.id, requesterId: primary!.id, owners, teamId: "team_payments-cards" });
  await enqueueProvisioning(queue, id, { retryDelay: 1, retryBackoff: false });
  return id;
}

describe("provisioning an approved request", () => {
  it("goes APPROVED → COMPLETED and leaves the member in its unit with tags, identities, policies and owners' access", async () => {
    const id = await approve("pay-dev-sg-prov1");
    const [settled] = await waitForSettled([id], 45_000);
    expect(settled?.status).toBe("COMPLETED");

    const request = await db.accountRequest.findUniqueOrThrow({ where: { id }, include: { steps: true, account: { include: { owners: true, tags: true } } } });
    expect(request.steps).toHaveLength(8);
    expect(request.steps.every((step) => step.status === "SUCCEEDED" && step.attempts === 1)).toBe(true);
    const [member, ...others] = membersNamed("pay-dev-sg-prov1");
    expect(others).toHaveLength(0);
    expect(String(member!.uin)).toBe(request.memberUin);
    expect(member!.nodeId).toBe(unit.tencentNodeId);
    expect(member!.tags).toEqual(request.tags);

    const { state } = context.emulator;
    expect(state.memberIdentities.filter((entry) => entry.memberUin === member!.uin).map((entry) => entry.identityId)).toEqual([1]);
    // The SCP is attached to the member; the tag policy reaches it from the root, so it is not attached again.
    expect(state.attachments.filter((entry) => entry.targetType === "MEMBER" && entry.targetId === member!.uin).map((entry) => entry.policyId)).toEqual([3]);
    const attach = request.steps.find((step) => step.step === "ATTACH_BASELINE_POLICIES")!.detail as { policies: { name: string; inheritedFromNodeId?: number; attached?: boolean }[] };
    expect(attach.policies).toEqual([
      expect.objectContaining({ name: "LatticeTagPolicy", inheritedFromNodeId: matrix.units[0]!.tencentNodeId }),
      expect.objectContaining({ name: "LatticeBaselineSCP", attached: true }),
    ]);

    const configuration = state.cic.roleConfigurations.find((entry) => entry.name === "LatticeAccountOwner")!;
    expect(configuration.sessionDuration).toBe(3600);
    expect(configuration.policies.map((policy) => policy.name)).toEqual(["QCloudResourceFullAccess"]);
    const newcomer = state.cic.users.find((user) => user.email === "newcomer@lattice.example");
    expect(newcomer).toBeDefined();
    const existing = state.cic.users.find((user) => user.email === primary!.email)!;
    const assignments = state.cic.assignments.filter((entry) => entry.targetUin === member!.uin);
    expect(assignments.map((entry) => entry.principalId).sort()).toEqual([existing.userId, newcomer!.userId].sort());
    expect(assignments.every((entry) => entry.roleConfigurationId === configuration.roleConfigurationId)).toBe(true);

    const sweep = request.steps.find((step) => step.step === "SECURITY_SWEEP")!.detail as { findings: unknown[] };
    expect(sweep.findings).toEqual([]);

    expect(request.account).toMatchObject({ status: "ACTIVE", memberUin: request.memberUin, unitId: unit.id, teamId: "team_payments-cards", name: "pay-dev-sg-prov1" });
    expect(request.account!.owners.map((owner) => [owner.userId, owner.role]).sort()).toEqual([[primary!.id, "PRIMARY"], ["user_newcomer", "SECONDARY"]].sort());
    expect(Object.fromEntries(request.account!.tags.map((tag) => [tag.key, tag.value]))).toEqual(request.tags);

    const audit = await db.auditEvent.findMany({ where: { requestRef: id }, orderBy: { seq: "asc" } });
    // The claim, then one event per step that changed something in Tencent (created, authorized, attached, assigned);
    // the wait, the verified unit and the clean sweep are in the step rows only.
    expect(audit.map((event) => (event.payload as { step?: string; phase?: string }).step ?? (event.payload as { phase?: string }).phase ?? event.action)).toEqual([
      "started",
      "CREATE_MEMBER",
      "AUTHORIZE_IDENTITIES",
      "ATTACH_BASELINE_POLICIES",
      "OWNER_ACCESS",
      "accountRequest.complete",
    ]);
    expect(audit.at(-1)).toMatchObject({ accountId: request.accountId, accountUin: request.memberUin, unitId: unit.id });
    expect(audit.find((event) => (event.payload as { step?: string }).step === "CREATE_MEMBER")!.tencentRequestIds).toHaveLength(1);

    const notifications = await db.$queryRaw<{ data: { topic: string; requestId: string } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'notification.dispatch'`;
    expect(notifications.map((row) => row.data)).toContainEqual({ topic: "account-request.ready", requestId: id });
  });

  it("fails at once, with Tencent's code, message and RequestId, when the name is used in the organization; retried after a rename it completes", async () => {
    const taken = matrix.accounts[0]!.name;
    const id = await approve(taken);
    const [settled] = await waitForSettled([id], 30_000);
    expect(settled?.status).toBe("FAILED");
    const step = await db.provisioningStep.findUniqueOrThrow({ where: { requestId_step: { requestId: id, step: "CREATE_MEMBER" } } });
    expect(step).toMatchObject({ status: "FAILED", attempts: 1, errorCode: "FailedOperation.OrganizationMemberNameUsed" });
    expect(step.errorMessage).toContain(taken);
    expect(step.tencentRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((step.detail as { hint?: string }).hint).toMatch(/already exists/);
    const later = await db.provisioningStep.findMany({ where: { requestId: id, NOT: { step: "CREATE_MEMBER" } } });
    expect(later.every((row) => row.status === "PENDING" && row.attempts === 0)).toBe(true);
    expect(membersNamed(taken)).toHaveLength(1);
    const failedEvent = await db.auditEvent.findFirstOrThrow({ where: { requestRef: id, action: "accountRequest.provisionFailed" } });
    expect(failedEvent.tencentRequestIds).toEqual([step.tencentRequestId]);
    const request = await db.accountRequest.findUniqueOrThrow({ where: { id }, include: { owners: true } });
    expect(request.owners).toHaveLength(2);

    // The fix: a platform admin renames it and retries (FAILED → APPROVED, re-enqueued).
    await db.accountRequest.update({ where: { id }, data: { name: "pay-dev-sg-renamed", status: "APPROVED", version: { increment: 1 } } });
    await enqueueProvisioning(queue, id, { retryDelay: 1, retryBackoff: false });
    const [retried] = await waitForSettled([id], 45_000);
    expect(retried?.status).toBe("COMPLETED");
    expect(membersNamed("pay-dev-sg-renamed")).toHaveLength(1);
    expect(membersNamed(taken)).toHaveLength(1);
    const create = await db.provisioningStep.findUniqueOrThrow({ where: { requestId_step: { requestId: id, step: "CREATE_MEMBER" } } });
    expect(create).toMatchObject({ status: "SUCCEEDED", attempts: 2, errorCode: null });
  });

  it("sweeps from fresh reads shared by concurrent sweeps: a tampered member's findings, none for a clean one", async () => {
    const [tampered, clean] = await Promise.all(
      ["pay-dev-sg-prov1", "pay-dev-sg-renamed"].map(async (name) => {
        const { id } = await db.accountRequest.findFirstOrThrow({ where: { name, status: "COMPLETED" } });
        const request = (await getProvisioningRequest(id))!;
        const steps = await listProvisioningSteps(id);
        return { request, ownerAccess: steps.find((step) => step.step === "OWNER_ACCESS")!.detail as Record<string, unknown> };
      }),
    );
    const { state } = context.emulator;
    const uin = Number(tampered!.request.memberUin);
    const member = state.members.find((candidate) => candidate.uin === uin)!;
    const savedTags = { ...member.tags };
    const savedAttachments = [...state.attachments];
    const savedAssignments = [...state.cic.assignments];
    try {
      // Someone detached the SCP, attached the preset policy directly, changed a tag and removed an owner.
      state.attachments = state.attachments.filter((entry) => !(entry.targetId === uin && entry.policyId === 3));
      state.attachments.push({ policyId: 1, targetType: "MEMBER", targetId: uin, attachTime: "2026-11-29 00:00:00" });
      member.tags = { ...member.tags, environment: "prod" };
      const removed = state.cic.assignments.find((entry) => entry.targetUin === uin)!;
      state.cic.assignments = state.cic.assignments.filter((entry) => entry !== removed);

      const cloud = createProvisioningCloud(context.gateway(), TEST_PROVISIONING_CONFIG);
      const [dirty, ok] = await Promise.all([
        cloud.securitySweep(tampered!.request, String(uin), tampered!.ownerAccess),
        cloud.securitySweep(clean!.request, clean!.request.memberUin!, clean!.ownerAccess),
      ]);
      expect(dirty.detail.findings).toEqual(
        expect.arrayContaining([
          { kind: "policy-missing", subject: "SERVICE_CONTROL_POLICY:3" },
          { kind: "policy-unexpected", subject: "SERVICE_CONTROL_POLICY:1" },
          expect.objectContaining({ kind: "tag-mismatch", subject: "environment", actual: "prod" }),
          { kind: "owner-missing", subject: removed.principalId },
        ]),
      );
      expect(dirty.audit).toBe(true);
      expect(ok.detail.findings).toEqual([]);
      expect(ok.audit).toBe(false);
    } finally {
      member.tags = savedTags;
      state.attachments = savedAttachments;
      state.cic.assignments = savedAssignments;
    }
  });

  it("completes every request under 30 % injected API faults, with batched calls and no duplicate member", async () => {
    const kinds: FaultKind[] = ["RequestLimitExceeded", "InternalError", "HTTP502", "ConnectionReset", "Timeout"];
    context.emulator.setFaults({ seed: 11, timeoutMs: 2_500, rules: kinds.map((kind) => ({ kind, rate: 0.3 / kinds.length })), createAccountExceptionRate: 0.3 });
    const names = Array.from({ length: 12 }, (_, index) => `pay-dev-sg-fault${index}`);
    const ids = [];
    failedCalls.length = 0;
    madeCalls.length = 0;
    const owners = [{ userId: secondary!.id, role: "PRIMARY" as const }, { userId: primary!.id, role: "SECONDARY" as const }];
    for (const name of names) ids.push(await approve(name, owners));
    try {
      const settled = await waitForSettled(ids, 240_000);
      expect(settled.map((row) => row.status)).toEqual(ids.map(() => "COMPLETED"));
    } finally {
      context.emulator.setFaults({});
    }
    // The faults really hit: creation exceptions and lost answers included.
    expect(failedCalls.length).toBeGreaterThan(30);
    expect(failedCalls.filter((call) => call.startsWith("CreateOrganizationMember:")).length).toBeGreaterThan(0);
    for (const name of names) expect(membersNamed(name), name).toHaveLength(1);
    const accounts = await db.account.findMany({ where: { name: { in: names } } });
    expect(accounts).toHaveLength(names.length);
    const uins = new Set(accounts.map((account) => Number(account.memberUin)));
    for (const uin of uins) {
      expect(context.emulator.state.cic.assignments.filter((entry) => entry.targetUin === uin)).toHaveLength(2);
      expect(context.emulator.state.attachments.filter((entry) => entry.targetId === uin)).toHaveLength(1);
    }
    const steps = await db.provisioningStep.findMany({ where: { requestId: { in: ids } } });
    expect(steps.every((step) => step.status === "SUCCEEDED")).toBe(true);
    const sweeps = steps.filter((step) => step.step === "SECURITY_SWEEP").map((step) => (step.detail as { findings: unknown[] }).findings);
    expect(sweeps).toEqual(ids.map(() => []));
    // The runs shared calls: fewer role-assignment calls than requests, policy targets read per batch.
    const made = (action: string) => madeCalls.filter((call) => call === action).length;
    expect(made("CreateRoleAssignment")).toBeLessThan(ids.length);
    expect(made("ListTargetsForPolicy")).toBeGreaterThan(0);
  }, 300_000);
});
