import "server-only";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import type { AccountRequestStatus, ApprovalStage } from "@/lib/core/generated/prisma/enums";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { groupsWithRole } from "@/lib/core/roles";
import { LIVE_STATUSES, STAGE_ROLE } from "./constants";
import { approvalRulesSchema } from "./schema";
import type { ApprovalRule, RequestGuardrails } from "./types";
import { openStages } from "./utils";

type Db = Prisma.TransactionClient | typeof db;

// Functions that take a `client` may run inside a transaction: one connection, so their queries run one after
// another (pg refuses a query while another is running on the same connection).

/** The naming convention and tag policy in force (their newest versions). */
export async function findGuardrails(client: Db = db): Promise<RequestGuardrails> {
  const naming = await client.namingConvention.findFirst({ orderBy: { version: "desc" }, select: { template: true, version: true } });
  const tagPolicy = await client.tagPolicy.findFirst({
    orderBy: { version: "desc" },
    select: { version: true, rules: { orderBy: { key: "asc" }, select: { key: true, allowedValues: true, environments: true } } },
  });
  return {
    namingTemplate: naming?.template ?? "{product}-{env}-{region}-{descriptor}",
    namingVersion: naming?.version ?? 0,
    tagRules: tagPolicy?.rules ?? [],
    tagPolicyVersion: tagPolicy?.version ?? 0,
  };
}

export interface ApprovalPolicyVersion {
  version: number;
  rules: ApprovalRule[];
  decisionHours: number;
}

/** The approval policy in force. The first version ships in the migration, so there always is one. */
export async function findApprovalPolicy(client: Db = db): Promise<ApprovalPolicyVersion> {
  const policy = await client.approvalPolicy.findFirstOrThrow({ orderBy: { version: "desc" } });
  return { version: policy.version, rules: approvalRulesSchema.parse(policy.rules), decisionHours: policy.decisionHours };
}

/** Units, teams and active people the form offers. */
export async function findFormOptions() {
  const [units, teams, people] = await Promise.all([
    db.unit.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, path: true, parentId: true } }),
    db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.user.findMany({ where: { active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, email: true } }),
  ]);
  return {
    // The root is the organization itself; accounts go into a unit below it. "/root/child/" has depth 1.
    units: units.filter((unit) => unit.parentId !== null).map((unit) => ({ id: unit.id, name: unit.name, depth: unit.path.split("/").length - 3 })),
    teams,
    people,
  };
}

/** Whether an account or another live request already has this name (drafts and closed requests do not count). */
export async function isAccountNameTaken(name: string, exceptRequestId?: string, client: Db = db): Promise<boolean> {
  const accounts = await client.account.count({ where: { name } });
  const requests = await client.accountRequest.count({ where: { name, status: { in: LIVE_STATUSES }, ...(exceptRequestId ? { id: { not: exceptRequestId } } : {}) } });
  return accounts + requests > 0;
}

/** What the authorization rules need, loaded from the database on every decision. */
export async function findRequestForAbility(id: string, client: Db = db) {
  const request = await client.accountRequest.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      version: true,
      requesterId: true,
      status: true,
      requiredStages: true,
      unitId: true,
      name: true,
      memberUin: true,
      accountId: true,
      approvals: { select: { stage: true, approverId: true, decision: true } },
      owners: { select: { userId: true } },
    },
  });
  if (!request) return null;
  return { ...request, ownerIds: request.owners.map((owner) => owner.userId) };
}

export type RequestForDecision = NonNullable<Awaited<ReturnType<typeof findRequestForAbility>>>;

/** Everything the request page shows. */
export async function findRequestDetail(id: string) {
  return db.accountRequest.findUnique({
    where: { id },
    include: {
      requester: { select: { id: true, name: true, email: true } },
      unit: { select: { id: true, name: true } },
      team: { select: { id: true, name: true } },
      owners: { orderBy: [{ role: "asc" }, { createdAt: "asc" }], select: { role: true, user: { select: { id: true, name: true, email: true, active: true } } } },
      approvals: { orderBy: { createdAt: "asc" }, select: { stage: true, decision: true, comment: true, createdAt: true, approver: { select: { id: true, name: true, email: true } } } },
      // PostgreSQL orders an enum by its declaration order: the steps in the order they run.
      steps: { orderBy: { step: "asc" } },
    },
  });
}

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof findRequestDetail>>>;

/** The provisioning timeline of a request, for live polling. */
export async function findRequestTimeline(id: string) {
  return db.accountRequest.findUnique({
    where: { id },
    select: {
      status: true,
      version: true,
      memberUin: true,
      accountId: true,
      steps: {
        orderBy: { step: "asc" },
        select: { step: true, status: true, attempts: true, startedAt: true, finishedAt: true, errorCode: true, errorMessage: true, tencentRequestId: true, detail: true },
      },
    },
  });
}

/**
 * Active people who may decide each open stage of a request: never the requester or an owner it names, never
 * someone who already decided a stage of it (the same rule as ability.ts#decidableStages). Roles come from the
 * groups last seen at sign-in.
 */
export async function findEligibleApprovers(request: {
  requesterId: string;
  requiredStages: ApprovalStage[];
  approvals: { stage: ApprovalStage; approverId: string }[];
  ownerIds: string[];
}): Promise<{ stage: ApprovalStage; people: { id: string; name: string; email: string }[] }[]> {
  const excluded = [request.requesterId, ...request.ownerIds, ...request.approvals.map((approval) => approval.approverId)];
  const open = openStages(request.requiredStages, request.approvals.map((approval) => approval.stage));
  return Promise.all(
    open.map(async (stage) => ({
      stage,
      people: await db.user.findMany({
        where: { active: true, id: { notIn: excluded }, groups: { hasSome: groupsWithRole(env.AUTH_GROUP_ROLES, STAGE_ROLE[stage]) } },
        orderBy: { name: "asc" },
        select: { id: true, name: true, email: true },
      }),
    })),
  );
}

const LIST_LIMIT = 200;

const listSelect = {
  id: true,
  number: true,
  name: true,
  status: true,
  environment: true,
  requiredStages: true,
  submittedAt: true,
  expiresAt: true,
  updatedAt: true,
  requesterId: true,
  requester: { select: { name: true } },
  unit: { select: { name: true } },
  approvals: { select: { stage: true, approverId: true } },
} satisfies Prisma.AccountRequestSelect;

/** Requests a person made or is named an owner on, newest first. */
export async function findMyRequests(userId: string) {
  return db.accountRequest.findMany({
    where: { OR: [{ requesterId: userId }, { owners: { some: { userId } }, status: { not: "DRAFT" } }] },
    orderBy: { updatedAt: "desc" },
    take: LIST_LIMIT,
    select: listSelect,
  });
}

/** Every submitted request (for reviewers), newest first, optionally of one status. */
export async function findSubmittedRequests(status?: AccountRequestStatus) {
  return db.accountRequest.findMany({
    where: status ? { status } : { status: { not: "DRAFT" } },
    orderBy: { updatedAt: "desc" },
    take: LIST_LIMIT,
    select: listSelect,
  });
}

/**
 * Pending requests of others whose open stages include one of these stages, oldest first (the approvals queue).
 * The caller keeps those the person may really decide (see ability.ts): a pending queue is small.
 */
export async function findPendingRequestsFor(userId: string, stages: ApprovalStage[]) {
  if (stages.length === 0) return [];
  return db.accountRequest.findMany({
    where: { status: "PENDING", requesterId: { not: userId }, requiredStages: { hasSome: stages }, approvals: { none: { approverId: userId } } },
    orderBy: { submittedAt: "asc" },
    take: LIST_LIMIT,
    select: { ...listSelect, owners: { select: { userId: true } } },
  });
}

/** Pending requests whose decision time has passed, oldest first. */
export async function findExpiredRequestIds(now: Date, limit: number): Promise<string[]> {
  const rows = await db.accountRequest.findMany({
    where: { status: "PENDING", expiresAt: { lt: now } },
    orderBy: { expiresAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** The unit, team and owners a submission names, as the database has them (null or missing when unknown). */
export async function findSubmissionReferences(input: { unitId: string; teamId: string | null; ownerIds: string[] }, client: Db = db) {
  const unit = await client.unit.findUnique({ where: { id: input.unitId }, select: { id: true, parentId: true } });
  const team = input.teamId ? await client.team.findUnique({ where: { id: input.teamId }, select: { id: true } }) : null;
  const owners = await client.user.findMany({ where: { id: { in: input.ownerIds } }, select: { id: true, active: true, name: true, email: true } });
  return { unit, team, owners };
}
