import "server-only";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import type { AccessRequestStatus } from "@/lib/core/generated/prisma/enums";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { groupsWithRole } from "@/lib/core/roles";
import { LIVE_GRANT_STATUSES } from "./constants";
import type { ReviewRules } from "./types";

type Db = Prisma.TransactionClient | typeof db;

const activeOwners = { where: { user: { active: true } }, select: { userId: true } } as const;

/** The catalog roles people may request: active ones with their version in force. */
export async function findRequestableRoles() {
  const roles = await db.catalogRole.findMany({
    where: { status: "ACTIVE" },
    orderBy: { slug: "asc" },
    select: { id: true, slug: true, currentVersion: true, versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  return roles.flatMap(({ versions: [version], ...role }) =>
    version
      ? [
          {
            id: role.id,
            slug: role.slug,
            versionId: version.id,
            name: version.name,
            description: version.description,
            environments: version.environments,
            maxDurationSeconds: version.maxDurationSeconds,
            approvalsRequired: version.approvalsRequired,
            reviewers: version.reviewers,
            securityForProd: version.securityForProd,
            breakGlassAllowed: version.breakGlassAllowed,
          },
        ]
      : [],
  );
}

export type RequestableRole = Awaited<ReturnType<typeof findRequestableRoles>>[number];

/** Accounts access can be requested on: active members with a UIN, by name. */
export async function findTargetAccounts() {
  return db.account.findMany({
    where: { status: "ACTIVE", memberUin: { not: null } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, memberUin: true, environment: true },
  });
}

/**
 * What a submission is checked against, read in its transaction — one query after another: a transaction is one
 * connection, and pg refuses a query while another is running on it.
 */
export async function findSubmissionFacts(input: { requesterId: string; roleId: string; accountIds: string[] }, client: Db) {
  const requester = await client.user.findUnique({ where: { id: input.requesterId }, select: { active: true } });
  const role = await client.catalogRole.findUnique({
    where: { id: input.roleId },
    select: { id: true, slug: true, status: true, currentVersion: true, versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  const accounts = await client.account.findMany({
    where: { id: { in: input.accountIds } },
    select: { id: true, name: true, status: true, memberUin: true, environment: true, unitId: true, owners: activeOwners },
  });
  return { requester, role, version: role?.versions[0] ?? null, accounts };
}

/**
 * Pending requests and live grants of this person (for one role and some accounts, or all of them): duplicates are
 * refused, overlaps explained.
 */
export async function findRequesterAccess(input: { requesterId: string; roleId?: string; accountIds?: string[] }, client: Db = db) {
  return client.accessGrant.findMany({
    where: {
      ...(input.accountIds ? { accountId: { in: input.accountIds } } : {}),
      request: { requesterId: input.requesterId, ...(input.roleId ? { roleId: input.roleId } : {}) },
      OR: [{ status: { in: LIVE_GRANT_STATUSES } }, { status: "REQUESTED", request: { status: "PENDING" } }],
    },
    orderBy: { createdAt: "asc" },
    select: {
      status: true,
      startsAt: true,
      activatedAt: true,
      expiresAt: true,
      account: { select: { id: true, name: true } },
      request: { select: { id: true, number: true, roleId: true, durationSeconds: true, startAt: true, roleVersion: { select: { name: true } } } },
    },
  });
}

/** What the authorization rules need, loaded from the database on every decision. */
export async function findAccessRequestForAbility(id: string, client: Db = db) {
  const request = await client.accessRequest.findUnique({
    where: { id },
    select: {
      id: true,
      number: true,
      version: true,
      requesterId: true,
      status: true,
      approvalsRequired: true,
      reviewers: true,
      securityRequired: true,
      breakGlass: true,
      startAt: true,
      approvals: { select: { approverId: true, decision: true, asSecurity: true } },
      grants: { select: { id: true, accountId: true, account: { select: { owners: activeOwners } } } },
      review: { select: { status: true } },
    },
  });
  if (!request) return null;
  const { approvals, grants, ...rest } = request;
  return {
    ...rest,
    decisions: approvals,
    grantIds: grants.map((grant) => grant.id),
    targetOwnerIds: grants.map((grant) => grant.account.owners.map((owner) => owner.userId)),
  };
}

export type AccessRequestForDecision = NonNullable<Awaited<ReturnType<typeof findAccessRequestForAbility>>>;

/**
 * Active people who may review a request with these rules, besides the requester and those who decided already:
 * approvers and security reviewers by the groups last seen at sign-in, owners of every target account. The same
 * rule as utils.ts#isEligibleReviewer, asked of the database.
 */
export async function findEligibleReviewers(
  request: ReviewRules & { requesterId: string; targetOwnerIds: string[][]; decidedBy?: string[] },
  client: Db = db,
) {
  const groups = [
    ...(request.reviewers.includes("APPROVER") ? groupsWithRole(env.AUTH_GROUP_ROLES, "approver") : []),
    ...(request.reviewers.includes("SECURITY") || request.securityRequired ? groupsWithRole(env.AUTH_GROUP_ROLES, "security") : []),
  ];
  const [first = [], ...others] = request.reviewers.includes("ACCOUNT_OWNER") ? request.targetOwnerIds : [];
  const owners = first.filter((id) => others.every((ids) => ids.includes(id)));
  const securityGroups = groupsWithRole(env.AUTH_GROUP_ROLES, "security");
  const approverGroups = groupsWithRole(env.AUTH_GROUP_ROLES, "approver");
  const people = await client.user.findMany({
    where: {
      active: true,
      id: { notIn: [request.requesterId, ...(request.decidedBy ?? [])] },
      OR: [...(groups.length > 0 ? [{ groups: { hasSome: groups } }] : []), ...(owners.length > 0 ? [{ id: { in: owners } }] : [])],
    },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true, groups: true },
  });
  // Why each person may review, as the page shows it.
  return people.map(({ groups: personGroups, ...person }) => ({
    ...person,
    security: personGroups.some((group) => securityGroups.includes(group)),
    approver: request.reviewers.includes("APPROVER") && personGroups.some((group) => approverGroups.includes(group)),
    owner: owners.includes(person.id),
  }));
}

/** Everything the request page shows. */
export async function findAccessRequestDetail(id: string) {
  return db.accessRequest.findUnique({
    where: { id },
    include: {
      requester: { select: { id: true, name: true, email: true, active: true } },
      roleVersion: { select: { version: true, name: true, description: true, maxDurationSeconds: true, policyDocuments: true, role: { select: { slug: true } } } },
      approvals: { orderBy: { createdAt: "asc" }, select: { decision: true, comment: true, asSecurity: true, createdAt: true, approver: { select: { id: true, name: true, email: true } } } },
      grants: { orderBy: { account: { name: "asc" } }, select: { id: true, status: true, account: { select: { id: true, name: true, memberUin: true, environment: true } } } },
      review: { include: { closedBy: { select: { name: true, email: true } } } },
    },
  });
}

export type AccessRequestDetail = NonNullable<Awaited<ReturnType<typeof findAccessRequestDetail>>>;

/** The requester's other access, for reviewers: live grants and pending requests, newest first. */
export async function findRequesterHistory(requesterId: string, exceptRequestId: string) {
  return db.accessRequest.findMany({
    where: { requesterId, id: { not: exceptRequestId } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      number: true,
      status: true,
      breakGlass: true,
      createdAt: true,
      durationSeconds: true,
      roleVersion: { select: { name: true } },
      grants: { select: { status: true, expiresAt: true, account: { select: { name: true, owners: activeOwners } } } },
    },
  });
}

const LIST_LIMIT = 200;

const listSelect = {
  id: true,
  number: true,
  status: true,
  breakGlass: true,
  durationSeconds: true,
  startAt: true,
  createdAt: true,
  reviewDeadline: true,
  requester: { select: { name: true } },
  roleVersion: { select: { name: true } },
  grants: { select: { status: true, account: { select: { name: true, environment: true } } } },
} as const;

export async function findMyAccessRequests(userId: string) {
  return db.accessRequest.findMany({ where: { requesterId: userId }, orderBy: { createdAt: "desc" }, take: LIST_LIMIT, select: listSelect });
}

export async function findAllAccessRequests(status?: AccessRequestStatus) {
  return db.accessRequest.findMany({ where: status ? { status } : {}, orderBy: { createdAt: "desc" }, take: LIST_LIMIT, select: listSelect });
}

/** Pending requests someone other than their requester might review, oldest first (the queue filters by ability). */
export async function findPendingAccessRequests(exceptRequesterId: string) {
  const requests = await db.accessRequest.findMany({
    where: { status: "PENDING", requesterId: { not: exceptRequesterId } },
    orderBy: { createdAt: "asc" },
    take: LIST_LIMIT,
    select: {
      ...listSelect,
      requesterId: true,
      approvalsRequired: true,
      reviewers: true,
      securityRequired: true,
      approvals: { select: { approverId: true, decision: true, asSecurity: true } },
      grants: { select: { status: true, account: { select: { name: true, environment: true, owners: activeOwners } } } },
    },
  });
  return requests.map(({ approvals, ...request }) => ({
    ...request,
    decisions: approvals,
    targetOwnerIds: request.grants.map((grant) => grant.account.owners.map((owner) => owner.userId)),
  }));
}

/** Pending requests whose review deadline passed. */
export async function findOverdueAccessRequestIds(now: Date, limit: number): Promise<string[]> {
  const rows = await db.accessRequest.findMany({ where: { status: "PENDING", reviewDeadline: { lt: now } }, orderBy: { reviewDeadline: "asc" }, take: limit, select: { id: true } });
  return rows.map((row) => row.id);
}

/** Break-glass reviews, open ones first, then the newest. */
export async function findBreakGlassReviews() {
  return db.breakGlassReview.findMany({
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: LIST_LIMIT,
    select: {
      status: true,
      createdAt: true,
      closedAt: true,
      closedBy: { select: { name: true } },
      request: { select: { id: true, number: true, justification: true, requester: { select: { name: true } }, roleVersion: { select: { name: true } }, grants: { select: { account: { select: { name: true } } } } } },
    },
  });
}

/** How many break-glass reviews wait for security (navigation count). */
export async function countOpenBreakGlassReviews(): Promise<number> {
  return db.breakGlassReview.count({ where: { status: "OPEN" } });
}
