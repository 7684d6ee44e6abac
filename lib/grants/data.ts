import "server-only";
import { canIssueCredentials, canRevokeGrant } from "@/lib/access/ability";
import { EXPIRY_WARNING_SECONDS, LIVE_GRANT_STATUSES } from "@/lib/access/constants";
import type { AccessRequestForAbility } from "@/lib/access/types";
import { accessReference } from "@/lib/access/utils";
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import type { Actor } from "@/lib/core/roles";
import { EXPLAINING_GRANT_STATUSES, HOLDING_GRANT_STATUSES } from "./constants";
import type { ExplainingGrant, GrantScope, GrantView, ReconciliationRunView } from "./types";

type Db = Prisma.TransactionClient | typeof db;

const activeOwners = { where: { user: { active: true } }, select: { userId: true } } as const;

/** Everything the activation and removal jobs need about one grant. */
export async function findGrantForJob(grantId: string, client: Db = db) {
  return client.accessGrant.findUnique({
    where: { id: grantId },
    select: {
      id: true,
      status: true,
      version: true,
      startsAt: true,
      expiresAt: true,
      revokedById: true,
      attempts: true,
      cicZoneId: true,
      roleConfigurationId: true,
      cicPrincipalId: true,
      request: {
        select: {
          id: true,
          number: true,
          requesterId: true,
          durationSeconds: true,
          roleId: true,
          requester: { select: { email: true, name: true } },
          role: { select: { slug: true, roleConfigurationId: true, status: true, currentVersion: true } },
          roleVersion: { select: { name: true, version: true } },
        },
      },
      account: { select: { id: true, name: true, memberUin: true, unitId: true } },
    },
  });
}

export type GrantForJob = NonNullable<Awaited<ReturnType<typeof findGrantForJob>>>;

/** The CIC role configuration of a catalog role, once provisioned. */
export async function findRoleConfigurationId(roleId: string): Promise<string | null> {
  return (await db.catalogRole.findUnique({ where: { id: roleId }, select: { roleConfigurationId: true } }))?.roleConfigurationId ?? null;
}

/** ACTIVATING grants that made no progress since `stuckBefore`: their job may have died with its retries. */
export async function findStalledActivationGrantIds(stuckBefore: Date, after: string | null, take: number): Promise<string[]> {
  const rows = await db.accessGrant.findMany({
    where: { status: "ACTIVATING", updatedAt: { lt: stuckBefore }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Just the status, read inside an assignment lock to decide whether the change is still wanted. */
export async function findGrantStatus(grantId: string, client: Db = db) {
  return (await client.accessGrant.findUnique({ where: { id: grantId }, select: { status: true } }))?.status ?? null;
}

/**
 * Other grants that hold the same CIC assignment as this one and are live (ACTIVATING or ACTIVE): the same person,
 * the same account, the same role configuration (recorded on the grant, or its catalog role's). Overlapping grants
 * are allowed (an extension is a new request), so removal of one must leave the assignment to the others.
 */
export async function findHoldingGrantIds(
  input: { grantId: string; requesterId: string; accountId: string; roleId: string; roleConfigurationId: string },
  client: Db = db,
): Promise<string[]> {
  const rows = await client.accessGrant.findMany({
    where: {
      id: { not: input.grantId },
      accountId: input.accountId,
      status: { in: HOLDING_GRANT_STATUSES },
      request: { requesterId: input.requesterId },
      OR: [
        { roleConfigurationId: input.roleConfigurationId },
        { roleConfigurationId: null, request: { OR: [{ roleId: input.roleId }, { role: { roleConfigurationId: input.roleConfigurationId } }] } },
      ],
    },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** What the authorization rules need about one grant, and what revocation changes. */
export async function findGrantForAbility(grantId: string, client: Db = db) {
  const grant = await client.accessGrant.findUnique({
    where: { id: grantId },
    select: {
      id: true,
      status: true,
      version: true,
      expiresAt: true,
      request: { select: { id: true, number: true, requesterId: true } },
      account: { select: { id: true, name: true, memberUin: true, unitId: true, owners: activeOwners } },
    },
  });
  if (!grant) return null;
  return {
    ...grant,
    requesterId: grant.request.requesterId,
    ownerIds: grant.account.owners.map((owner) => owner.userId),
  };
}

export type GrantForRevocation = NonNullable<Awaited<ReturnType<typeof findGrantForAbility>>>;

/** What issuing CLI credentials needs: the grantee, the account, and the policies of the approved role version. */
export async function findGrantForCredentials(grantId: string, client: Db = db) {
  const grant = await client.accessGrant.findUnique({
    where: { id: grantId },
    select: {
      id: true,
      status: true,
      expiresAt: true,
      request: {
        select: {
          id: true,
          number: true,
          requesterId: true,
          requester: { select: { email: true } },
          roleVersion: { select: { name: true, policyDocuments: true } },
        },
      },
      account: { select: { id: true, name: true, memberUin: true, unitId: true, regions: true, owners: activeOwners } },
    },
  });
  if (!grant) return null;
  return {
    ...grant,
    requesterId: grant.request.requesterId,
    ownerIds: grant.account.owners.map((owner) => owner.userId),
    // What the reviewers approved: a catalog change after approval never widens CLI credentials.
    policyDocuments: grant.request.roleVersion.policyDocuments,
  };
}

/** At most this many rows in the organization-wide list of live access. */
const EVERYONE_LIVE_LIMIT = 500;

const viewSelect = {
  id: true,
  status: true,
  startsAt: true,
  activatedAt: true,
  expiresAt: true,
  endedAt: true,
  revokeReason: true,
  attempts: true,
  errorCode: true,
  errorMessage: true,
  tencentRequestId: true,
  revokedBy: { select: { name: true, email: true } },
  request: { select: { id: true, number: true, requesterId: true, requester: { select: { id: true, name: true, email: true } }, roleVersion: { select: { name: true } } } },
  account: { select: { id: true, name: true, memberUin: true, environment: true, owners: activeOwners } },
  _count: { select: { credentials: true } },
} satisfies Prisma.AccessGrantSelect;

/**
 * The grants of a request, or a person's live access (scheduled, activating, active, being removed), as the pages
 * show them, with what this viewer may do with each. The caller has checked that the viewer may see them.
 */
export async function findGrantViews(scope: GrantScope, viewer: Actor, now: Date = new Date()): Promise<GrantView[]> {
  const where: Prisma.AccessGrantWhereInput =
    "requestId" in scope
      ? { requestId: scope.requestId }
      : { ...("requesterId" in scope ? { request: { requesterId: scope.requesterId } } : {}), status: { in: LIVE_GRANT_STATUSES } };
  const rows = await db.accessGrant.findMany({
    where,
    orderBy: "requestId" in scope ? [{ account: { name: "asc" } }] : [{ expiresAt: "asc" }, { startsAt: "asc" }, { id: "asc" }],
    // Everyone's live access is bounded like the other lists (the soonest to end first).
    ...("everyone" in scope ? { take: EVERYONE_LIVE_LIMIT } : {}),
    select: viewSelect,
  });
  return rows.map((row) => {
    const ability = { requesterId: row.request.requesterId, status: row.status, ownerIds: row.account.owners.map((owner) => owner.userId), expiresAt: row.expiresAt };
    const failing = row.status === "FAILED" || row.status === "REMOVAL_FAILED";
    return {
      id: row.id,
      requestId: row.request.id,
      requestReference: accessReference(row.request.number),
      roleName: row.request.roleVersion.name,
      requester: row.request.requester,
      account: { id: row.account.id, name: row.account.name, memberUin: row.account.memberUin, environment: row.account.environment },
      status: row.status,
      startsAt: row.startsAt?.toISOString() ?? null,
      activatedAt: row.activatedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      revokedBy: row.revokedBy,
      revokeReason: row.revokeReason,
      lastError: failing ? { code: row.errorCode, message: row.errorMessage, tencentRequestId: row.tencentRequestId, attempts: row.attempts } : null,
      credentialsIssued: row._count.credentials,
      can: { revoke: canRevokeGrant(viewer, ability), issueCredentials: canIssueCredentials(viewer, ability, now) },
      // The grantee's active access with less than STS's 15 minutes left: say why there is no credentials button.
      credentialsTooLate: row.status === "ACTIVE" && viewer.userId === ability.requesterId && !canIssueCredentials(viewer, ability, now),
    };
  });
}

/** What lib/access's view rule needs about a request (who asked, its accounts' active owners), to show its grants. */
export async function findRequestForView(requestId: string): Promise<AccessRequestForAbility | null> {
  const request = await db.accessRequest.findUnique({
    where: { id: requestId },
    select: {
      requesterId: true,
      status: true,
      approvalsRequired: true,
      reviewers: true,
      securityRequired: true,
      approvals: { select: { approverId: true, decision: true, asSecurity: true } },
      grants: { select: { account: { select: { owners: activeOwners } } } },
    },
  });
  if (!request) return null;
  const { approvals, grants, ...rest } = request;
  return { ...rest, decisions: approvals, targetOwnerIds: grants.map((grant) => grant.account.owners.map((owner) => owner.userId)) };
}

// The sweep's reads: ids in id order after a cursor, so each kind of work pages through everything due exactly once.

/** SCHEDULED grants whose start has come: their activation job may have been lost. */
export async function findDueScheduledGrantIds(now: Date, after: string | null, take: number): Promise<string[]> {
  const rows = await db.accessGrant.findMany({
    where: { status: "SCHEDULED", startsAt: { lte: now }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** ACTIVE grants past their expiry. */
export async function findExpiredActiveGrantIds(now: Date, after: string | null, take: number): Promise<string[]> {
  const rows = await db.accessGrant.findMany({
    where: { status: "ACTIVE", expiresAt: { lte: now }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Removals that made no progress since `stuckBefore`, and every removal that keeps failing. */
export async function findStalledRemovalGrantIds(stuckBefore: Date, after: string | null, take: number) {
  return db.accessGrant.findMany({
    where: {
      OR: [{ status: "REMOVING", updatedAt: { lt: stuckBefore } }, { status: "REMOVAL_FAILED" }],
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: "asc" },
    take,
    select: { id: true, status: true },
  });
}

/** ACTIVE grants within 15 minutes of expiry whose requester has not been told yet. */
export async function findGrantIdsToWarn(now: Date, after: string | null, take: number): Promise<string[]> {
  // expiryWarningAt(expiresAt) <= now ⇔ expiresAt <= now + the warning period.
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_SECONDS * 1000);
  const rows = await db.accessGrant.findMany({
    where: { status: "ACTIVE", expiryWarnedAt: null, expiresAt: { lte: horizon, gt: now }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

// Reconciliation.

/** Catalog roles provisioned in CIC: only their configurations are reconciled (not the owners' one). */
export async function findReconciledRoles() {
  return db.catalogRole.findMany({
    where: { roleConfigurationId: { not: null } },
    orderBy: { slug: "asc" },
    select: { id: true, slug: true, roleConfigurationId: true },
  });
}

/**
 * Grants that may explain an assignment of these role configurations (ACTIVATING, ACTIVE, REMOVING,
 * REMOVAL_FAILED), optionally on one account only (the check repeated under that account's lock).
 */
export async function findExplainingGrants(input: { roleConfigurationIds: string[]; memberUin?: string }, client: Db = db): Promise<ExplainingGrant[]> {
  const rows = await client.accessGrant.findMany({
    where: {
      status: { in: EXPLAINING_GRANT_STATUSES },
      ...(input.memberUin ? { account: { memberUin: input.memberUin } } : {}),
      OR: [
        { roleConfigurationId: { in: input.roleConfigurationIds } },
        { roleConfigurationId: null, request: { role: { roleConfigurationId: { in: input.roleConfigurationIds } } } },
      ],
    },
    select: { id: true, status: true, roleConfigurationId: true, cicPrincipalId: true, account: { select: { memberUin: true } }, request: { select: { role: { select: { roleConfigurationId: true } } } } },
  });
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    memberUin: row.account.memberUin,
    roleConfigurationId: row.roleConfigurationId ?? row.request.role.roleConfigurationId,
    principalId: row.cicPrincipalId,
  }));
}

/** Our accounts by member UIN (for the audit events of removed assignments). */
export async function findAccountsByUin(uins: string[]) {
  return db.account.findMany({ where: { memberUin: { in: uins } }, select: { id: true, name: true, memberUin: true, unitId: true } });
}

/** The newest reconciliation runs with their findings, and names for the accounts and roles they mention. */
export async function findReconciliationRuns(take: number): Promise<ReconciliationRunView[]> {
  const runs = await db.accessReconciliation.findMany({
    orderBy: { startedAt: "desc" },
    take,
    include: { findings: { orderBy: { createdAt: "asc" } } },
  });
  const findings = runs.flatMap((run) => run.findings);
  const [accounts, roles] = await Promise.all([
    findAccountsByUin([...new Set(findings.map((finding) => finding.targetUin))]),
    db.catalogRole.findMany({
      where: { roleConfigurationId: { in: [...new Set(findings.map((finding) => finding.roleConfigurationId))] } },
      select: { roleConfigurationId: true, slug: true },
    }),
  ]);
  const accountName = new Map(accounts.map((account) => [account.memberUin, account.name]));
  const roleName = new Map(roles.map((role) => [role.roleConfigurationId, role.slug]));
  return runs.map((run) => ({
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    assignmentsSeen: run.assignmentsSeen,
    removed: run.removed,
    failed: run.failed,
    error: run.error,
    findings: run.findings.map((finding) => ({
      id: finding.id,
      targetUin: finding.targetUin,
      accountName: accountName.get(finding.targetUin) ?? null,
      roleConfigurationId: finding.roleConfigurationId,
      roleName: roleName.get(finding.roleConfigurationId) ?? null,
      principalId: finding.principalId,
      principalName: finding.principalName,
      removed: finding.removed,
      errorCode: finding.errorCode,
      errorMessage: finding.errorMessage,
    })),
  }));
}
