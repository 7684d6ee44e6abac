import "server-only";
import { accessReference } from "@/lib/access/utils";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { groupsWithRole } from "@/lib/core/roles";
import type { NotificationAccess, NotificationPerson } from "./types";

const person = { select: { id: true, name: true, email: true } } as const;

/**
 * An access request as notifications tell it, with the grant a grant event names (found among the request's own
 * grants, so the id of another request's grant finds none), and for each target account the ids of its active
 * owners (who may review it when they own every one). Null when the request does not exist.
 */
export async function findAccessNotification(
  requestId: string,
  grantId: string | null,
): Promise<{ access: NotificationAccess; targetOwnerIds: string[][] } | null> {
  const request = await db.accessRequest.findUnique({
    where: { id: requestId },
    include: {
      requester: person,
      roleVersion: { select: { name: true } },
      approvals: { orderBy: { createdAt: "asc" }, select: { decision: true, comment: true, asSecurity: true, createdAt: true, approver: person } },
      grants: {
        orderBy: { account: { name: "asc" } },
        include: {
          account: { select: { name: true, memberUin: true, owners: { where: { user: { active: true } }, select: { userId: true } } } },
          revokedBy: person,
        },
      },
    },
  });
  if (!request) return null;
  const grant = request.grants.find((candidate) => candidate.id === grantId) ?? null;
  const access: NotificationAccess = {
    id: request.id,
    reference: accessReference(request.number),
    status: request.status,
    breakGlass: request.breakGlass,
    role: request.roleVersion.name,
    requester: request.requester,
    accounts: request.grants.map(({ account }) => ({ name: account.name, memberUin: account.memberUin })),
    durationSeconds: request.durationSeconds,
    startAt: request.startAt,
    justification: request.justification,
    ticketUrl: request.ticketUrl,
    approvalsRequired: request.approvalsRequired,
    reviewers: request.reviewers,
    securityRequired: request.securityRequired,
    approvals: request.approvals,
    reviewDeadline: request.reviewDeadline,
    decidedAt: request.decidedAt,
    closeReason: request.closeReason,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    grant: grant && {
      id: grant.id,
      status: grant.status,
      account: { name: grant.account.name, memberUin: grant.account.memberUin },
      activatedAt: grant.activatedAt,
      expiresAt: grant.expiresAt,
      endedAt: grant.endedAt,
      revokedBy: grant.revokedBy,
      revokeReason: grant.revokeReason,
      errorCode: grant.errorCode,
      tencentRequestId: grant.tencentRequestId,
      expiryWarnedAt: grant.expiryWarnedAt,
      updatedAt: grant.updatedAt,
    },
  };
  return { access, targetOwnerIds: request.grants.map(({ account }) => account.owners.map((owner) => owner.userId)) };
}

/** Every active security reviewer (roles from the groups last seen at sign-in), by name. */
export async function findSecurityReviewers(): Promise<NotificationPerson[]> {
  return db.user.findMany({
    where: { active: true, groups: { hasSome: groupsWithRole(env.AUTH_GROUP_ROLES, "security") } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true },
  });
}
