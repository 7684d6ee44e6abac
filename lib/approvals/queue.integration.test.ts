import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { Actor, Role } from "@/lib/core/roles";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";

// The loaders read the signed-in person through getActor; the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor, getSessionState: async () => ({ actor: session.actor, ended: false }) }));

const { loadApprovalCount, loadApprovalQueue } = await import("./loaders");

const ROLES: Record<string, Role[]> = { alex: ["approver"], sam: ["approver"], mei: ["security"], tom: [], dana: [], luis: [] };

function as(person: string) {
  session.actor = { userId: `user_${person}`, sessionId: "s", email: `${person}@lattice.example`, name: person, roles: ["requester", ...(ROLES[person] ?? [])], mfa: false };
}

const HOUR = 3_600_000;
const now = Date.now();
let prodRequest: string;
let devRequest: string;
let ownerReviewed: string;
let securityOnly: string;

async function accountRequest(input: { name: string; requester: string; owner: string; stages: ("PLATFORM" | "SECURITY")[]; submittedHoursAgo: number; approvedBy?: { person: string; stage: "PLATFORM" | "SECURITY" } }) {
  const unit = await db.unit.findFirstOrThrow({ where: { parentId: { not: null } } });
  const request = await db.accountRequest.create({
    data: {
      requesterId: `user_${input.requester}`,
      status: "PENDING",
      name: input.name,
      nameParts: {},
      unitId: unit.id,
      environment: input.stages.includes("SECURITY") ? "PROD" : "DEV",
      regions: ["ap-singapore"],
      costCenter: "CC-1",
      dataClassification: "INTERNAL",
      justification: "A new service needs its own account.",
      tags: {},
      requiredStages: input.stages,
      submittedAt: new Date(now - input.submittedHoursAgo * HOUR),
      expiresAt: new Date(now - input.submittedHoursAgo * HOUR + 72 * HOUR),
      owners: { create: [{ userId: `user_${input.owner}`, role: "PRIMARY" }] },
      approvals: input.approvedBy ? { create: [{ approverId: `user_${input.approvedBy.person}`, stage: input.approvedBy.stage, decision: "APPROVED" }] } : undefined,
    },
  });
  return request.id;
}

async function accessRequest(input: { requester: string; accountId: string; reviewers: ("APPROVER" | "SECURITY" | "ACCOUNT_OWNER")[]; securityRequired: boolean; submittedHoursAgo: number; deadlineHours: number }) {
  const role = await db.catalogRole.create({ data: { slug: `role-${input.requester}-${input.submittedHoursAgo}`, currentVersion: 1 } });
  const version = await db.catalogRoleVersion.create({
    data: {
      roleId: role.id,
      version: 1,
      name: `Role for ${input.requester}`,
      description: "Reads things in the account.",
      policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'],
      environments: ["DEV", "PROD"],
      maxDurationSeconds: 7200,
      approvalsRequired: 1,
      reviewers: input.reviewers,
      securityForProd: input.securityRequired,
      breakGlassAllowed: false,
      changeNote: "First version",
    },
  });
  const created = new Date(now - input.submittedHoursAgo * HOUR);
  const request = await db.accessRequest.create({
    data: {
      requesterId: `user_${input.requester}`,
      roleId: role.id,
      roleVersionId: version.id,
      durationSeconds: 3600,
      justification: "Investigate an incident.",
      approvalsRequired: 1,
      reviewers: input.reviewers,
      securityRequired: input.securityRequired,
      createdAt: created,
      reviewDeadline: new Date(created.getTime() + input.deadlineHours * HOUR),
      grants: { create: [{ accountId: input.accountId }] },
    },
  });
  return request.id;
}

beforeAll(async () => {
  await writeMatrix(generateMatrix({ accounts: 5 }));
  const [org, unit] = await Promise.all([db.organization.findFirstOrThrow(), db.unit.findFirstOrThrow({ where: { parentId: { not: null } } })]);
  await db.account.create({
    data: { id: "acct_queue_tom", organizationId: org.id, unitId: unit.id, memberUin: "300000000101", name: "acct-queue-tom", environment: "DEV", status: "ACTIVE", owners: { create: [{ userId: "user_tom", role: "PRIMARY" }] } },
  });
  // Oldest first: the prod account request (3 days old, overdue), the owner-reviewed access request, the dev
  // account request, the security-only access request (newest, due within the hour).
  prodRequest = await accountRequest({ name: "pay-prd-sg-queue", requester: "dana", owner: "luis", stages: ["PLATFORM", "SECURITY"], submittedHoursAgo: 80 });
  ownerReviewed = await accessRequest({ requester: "dana", accountId: "acct_queue_tom", reviewers: ["ACCOUNT_OWNER"], securityRequired: false, submittedHoursAgo: 30, deadlineHours: 48 });
  devRequest = await accountRequest({ name: "pay-dev-sg-queue", requester: "luis", owner: "alex", stages: ["PLATFORM"], submittedHoursAgo: 5 });
  securityOnly = await accessRequest({ requester: "luis", accountId: "acct_queue_tom", reviewers: ["SECURITY"], securityRequired: false, submittedHoursAgo: 1, deadlineHours: 1.5 });
});

beforeEach(() => {
  session.actor = null;
});

const ids = (queue: { id: string }[]) => queue.map((entry) => entry.id);

describe("the approvals queue", () => {
  it("lists, oldest first, exactly the account and access requests a reviewer may decide, with age, SLA and who else may decide", async () => {
    as("sam");
    const { queue } = await loadApprovalQueue();
    // Sam is an approver: both account requests' platform stage; not the owner-reviewed or security-only access.
    expect(ids(queue)).toEqual([prodRequest, devRequest]);
    const [prod, dev] = queue;
    expect(prod).toMatchObject({ kind: "account", href: `/requests/${prodRequest}`, requester: "Dana Wright" });
    expect(prod?.deadline?.getTime()).toBeLessThan(now);
    // Others who may decide the prod request: Alex (platform) and Mei (security); never the requester or the named owner.
    expect(prod?.others.map((person) => person.name)).toEqual(["Alex Chen", "Mei Tan"]);
    // Alex is the named owner of the dev request, so he may not decide it; nobody else holds the platform stage.
    expect(dev?.others).toEqual([]);
  });

  it("gives owners the access requests on accounts they own, and security the security stages", async () => {
    as("tom");
    expect(ids((await loadApprovalQueue()).queue)).toEqual([ownerReviewed]);
    as("mei");
    const mei = (await loadApprovalQueue()).queue;
    expect(ids(mei)).toEqual([prodRequest, securityOnly]);
    expect(mei[1]?.others.map((person) => person.name)).toEqual([]);
    expect(mei[0]?.needs).toBe("Platform approver, Security reviewer (you)");
  });

  it("never shows requesters their own requests, and the count matches the queue", async () => {
    as("dana");
    expect((await loadApprovalQueue()).queue).toEqual([]);
    expect(await loadApprovalCount()).toEqual({ count: 0 });
    as("alex");
    // Alex may decide the prod request only (he is the named owner of the dev one).
    expect(ids((await loadApprovalQueue()).queue)).toEqual([prodRequest]);
    expect(await loadApprovalCount()).toEqual({ count: 1 });
  });

  it("drops a request once this reviewer decided it, and keeps it for the other stage", async () => {
    await db.accountRequestApproval.create({ data: { requestId: prodRequest, approverId: "user_alex", stage: "PLATFORM", decision: "APPROVED" } });
    as("sam");
    expect(ids((await loadApprovalQueue()).queue)).toEqual([devRequest]);
    as("mei");
    const prod = (await loadApprovalQueue()).queue.find((entry) => entry.id === prodRequest);
    expect(prod?.others).toEqual([]);
  });
});
