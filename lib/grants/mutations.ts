import "server-only";
import { GRANT_STATUS_LABEL } from "@/lib/access/constants";
import { accessReference, credentialDurationSeconds, expiryWarningAt, grantExpiry } from "@/lib/access/utils";
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import type { AccessGrantStatus } from "@/lib/core/generated/prisma/enums";
import { sendJobInTransaction } from "@/lib/core/queue";
import type { Actor } from "@/lib/core/roles";
import { DEFAULT_REGION } from "@/lib/tencentcloud/constants";
import { credentialRefusal, revocationRefusal } from "./ability";
import { ASSIGNMENT_LOCK_CLASS, ASSIGNMENT_LOCK_TRANSACTION, REMOVAL_STATUSES } from "./constants";
import { findGrantForAbility, findGrantForCredentials, type GrantForJob } from "./data";
import type { GrantsCloud } from "./service";
import type { AssignmentKey, AssignmentRef, GrantFailure, IssuedCredentials, RemovalOutcome } from "./types";
import { secretIdFingerprint } from "@/lib/tencentcloud/utils";
import { credentialSessionName, mergeSessionPolicy } from "./utils";

type Tx = Prisma.TransactionClient;

/** The stamp of a grant job's audit events. */
export function jobStamp(job: string): AuditStamp {
  return { actor: { type: "SYSTEM", id: null, label: `job:${job}` } };
}

/** Where a grant's audit events point: the grant, its request and its account. */
function auditRefs(grant: { id: string; request: { id: string }; account: { id: string; memberUin: string | null; unitId: string } }) {
  return {
    target: { type: "accessGrant", id: grant.id },
    account: { id: grant.account.id, uin: grant.account.memberUin, unitId: grant.account.unitId },
    requestRef: grant.request.id,
    grantRef: grant.id,
  };
}

const clearedFailure = { attempts: 0, errorCode: null, errorMessage: null, tencentRequestId: null } as const;

function failureColumns(failure: GrantFailure) {
  return { attempts: { increment: 1 }, errorCode: failure.code, errorMessage: failure.message, tencentRequestId: failure.requestId };
}

/**
 * Runs `change` holding the assignment lock of one member account (a transaction-scoped PostgreSQL advisory lock),
 * so that a change to a CIC assignment on that account (create, delete) and the check of the grants that justify it
 * happen as one step: an activation creating an assignment, a removal deciding nobody else holds it, and
 * reconciliation deciding nobody explains it can never interleave. The transaction writes nothing; it holds the
 * lock (and a pooled connection) for the length of one Tencent call, which is why its time limit is long.
 */
export async function withAssignmentLock<T>(memberUin: string, change: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_catalog.pg_advisory_xact_lock(${ASSIGNMENT_LOCK_CLASS}::int, pg_catalog.hashtext(${memberUin}))`;
    return change(tx);
  }, ASSIGNMENT_LOCK_TRANSACTION);
}

/**
 * SCHEDULED → ACTIVATING once the start has come (compare-and-set: of two jobs for one grant, one claims it). The
 * audit history records the outcome (activated or failed), not this internal step.
 */
export async function claimActivation(grantId: string, now: Date): Promise<boolean> {
  const { count } = await db.accessGrant.updateMany({
    where: { id: grantId, status: "SCHEDULED", startsAt: { lte: now } },
    data: { status: "ACTIVATING", ...clearedFailure, version: { increment: 1 } },
  });
  return count === 1;
}

/**
 * Records the assignment an activation is about to create, before it exists: removal and reconciliation then know
 * what this grant holds even if the activation dies half-way. False when the grant is no longer ACTIVATING.
 */
export async function recordAssignmentKey(grantId: string, key: AssignmentKey): Promise<boolean> {
  const { count } = await db.accessGrant.updateMany({
    where: { id: grantId, status: "ACTIVATING" },
    data: { cicZoneId: key.zoneId, roleConfigurationId: key.roleConfigurationId, cicPrincipalId: key.principalId, version: { increment: 1 } },
  });
  return count === 1;
}

/** A failed attempt that will be retried: counted and its error kept on the grant (no transition, no audit event). */
export async function recordFailedAttempt(grantId: string, statuses: AccessGrantStatus[], failure: GrantFailure): Promise<void> {
  await db.accessGrant.updateMany({ where: { id: grantId, status: { in: statuses } }, data: { ...failureColumns(failure), version: { increment: 1 } } });
}

/**
 * ACTIVATING → ACTIVE: the access clock starts now (expiry = now + the request's duration). In the same transaction:
 * the audit event, the removal job due at expiry, and the requester's notification. Null when the grant is no
 * longer ACTIVATING (revoked, or another job finished first).
 */
export async function completeActivation(
  grant: GrantForJob,
  key: AssignmentKey,
  created: { adopted: boolean; requestIds: string[] },
  now: Date,
  stamp: AuditStamp,
): Promise<{ expiresAt: Date } | null> {
  const expiresAt = grantExpiry(now, grant.request.durationSeconds);
  return db.$transaction(async (tx) => {
    const { count } = await tx.accessGrant.updateMany({
      where: { id: grant.id, status: "ACTIVATING" },
      data: {
        status: "ACTIVE",
        activatedAt: now,
        expiresAt,
        cicZoneId: key.zoneId,
        roleConfigurationId: key.roleConfigurationId,
        cicPrincipalId: key.principalId,
        ...clearedFailure,
        version: { increment: 1 },
      },
    });
    if (count === 0) return null;
    await appendAuditEvent(tx, stamp, {
      action: "accessGrant.activated",
      ...auditRefs(grant),
      tencentRequestIds: created.requestIds,
      payload: {
        reference: accessReference(grant.request.number),
        account: grant.account.name,
        role: grant.request.roleVersion.name,
        requester: grant.request.requester.email,
        activatedAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        zoneId: key.zoneId,
        roleConfigurationId: key.roleConfigurationId,
        principalId: key.principalId,
        // The assignment existed already (another grant of the same person holds it, or an earlier attempt made it).
        adopted: created.adopted,
        before: { status: "ACTIVATING" },
        after: { status: "ACTIVE" },
      },
    });
    await sendJobInTransaction(tx, "access.remove", { grantId: grant.id }, { singletonKey: grant.id, startAfter: expiresAt });
    await sendJobInTransaction(tx, "notification.access", { topic: "access-grant.active", requestId: grant.request.id, grantId: grant.id });
    return { expiresAt };
  });
}

/**
 * A transition into a failure status: compare-and-set from `from`, the failure kept on the grant, the audit event,
 * and the access-grant.failed notification (security is alerted by that topic), in one transaction.
 */
async function failTransition(
  grant: GrantForJob,
  failure: GrantFailure,
  stamp: AuditStamp,
  change: { from: AccessGrantStatus; to: AccessGrantStatus; action: "accessGrant.activationFailed" | "accessGrant.removalFailed"; endedAt?: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.accessGrant.updateMany({
      where: { id: grant.id, status: change.from },
      data: { status: change.to, ...(change.endedAt ? { endedAt: change.endedAt } : {}), ...failureColumns(failure), version: { increment: 1 } },
    });
    if (count === 0) return false;
    await appendAuditEvent(tx, stamp, {
      action: change.action,
      ...auditRefs(grant),
      tencentRequestIds: failure.requestId ? [failure.requestId] : [],
      payload: {
        reference: accessReference(grant.request.number),
        account: grant.account.name,
        code: failure.code,
        message: failure.message,
        attempts: grant.attempts + 1,
        before: { status: change.from },
        after: { status: change.to },
      },
    });
    await sendJobInTransaction(tx, "notification.access", { topic: "access-grant.failed", requestId: grant.request.id, grantId: grant.id });
    return true;
  });
}

/** ACTIVATING → FAILED (a permanent error, or the last retry): audited, and security is alerted. */
export async function failActivation(grant: GrantForJob, failure: GrantFailure, now: Date, stamp: AuditStamp): Promise<boolean> {
  return failTransition(grant, failure, stamp, { from: "ACTIVATING", to: "FAILED", action: "accessGrant.activationFailed", endedAt: now });
}

/**
 * ACTIVE → REMOVING once expired (compare-and-set). The sweep also queues the removal job in the same transaction
 * (the one queued at activation may be lost); the removal job, which calls this itself, does not.
 */
export async function beginExpiry(grantId: string, now: Date, options: { queueRemoval: boolean }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.accessGrant.updateMany({
      where: { id: grantId, status: "ACTIVE", expiresAt: { lte: now } },
      data: { status: "REMOVING", ...clearedFailure, version: { increment: 1 } },
    });
    if (count === 0) return false;
    if (options.queueRemoval) await sendJobInTransaction(tx, "access.remove", { grantId }, { singletonKey: `${grantId}:sweep` });
    return true;
  });
}

/**
 * REMOVING | REMOVAL_FAILED → EXPIRED, or REVOKED when someone revoked it. The audit event says what happened to the
 * CIC assignment (deleted, already gone, kept for another live grant, none); the requester is notified.
 */
export async function completeRemoval(grant: GrantForJob, outcome: RemovalOutcome, now: Date, stamp: AuditStamp): Promise<AccessGrantStatus | null> {
  return db.$transaction(async (tx) => {
    const current = await tx.accessGrant.findUnique({ where: { id: grant.id }, select: { status: true, version: true, revokedById: true, revokeReason: true } });
    if (!current || !REMOVAL_STATUSES.includes(current.status)) return null;
    const status: AccessGrantStatus = current.revokedById ? "REVOKED" : "EXPIRED";
    const { count } = await tx.accessGrant.updateMany({
      where: { id: grant.id, status: current.status, version: current.version },
      data: { status, endedAt: now, ...clearedFailure, version: { increment: 1 } },
    });
    if (count === 0) return null;
    await appendAuditEvent(tx, stamp, {
      action: status === "REVOKED" ? "accessGrant.revoked" : "accessGrant.expired",
      ...auditRefs(grant),
      tencentRequestIds: "requestIds" in outcome ? outcome.requestIds : [],
      payload: {
        reference: accessReference(grant.request.number),
        account: grant.account.name,
        ...outcome,
        ...(status === "REVOKED" ? { revokeReason: current.revokeReason } : { expiresAt: grant.expiresAt?.toISOString() ?? null }),
        before: { status: current.status },
        after: { status },
      },
    });
    await sendJobInTransaction(tx, "notification.access", { topic: "access-grant.removed", requestId: grant.request.id, grantId: grant.id });
    return status;
  });
}

/**
 * REMOVING → REMOVAL_FAILED when Tencent keeps refusing (or refused for good): audited and alerted once. The sweep
 * keeps retrying it; a later failed attempt is only counted. False when it was already REMOVAL_FAILED.
 */
export async function markRemovalFailed(grant: GrantForJob, failure: GrantFailure, stamp: AuditStamp): Promise<boolean> {
  const marked = await failTransition(grant, failure, stamp, { from: "REMOVING", to: "REMOVAL_FAILED", action: "accessGrant.removalFailed" });
  if (!marked) await recordFailedAttempt(grant.id, ["REMOVAL_FAILED"], failure);
  return marked;
}

/** Sends the "15 minutes left" notice once: the compare-and-set on expiryWarnedAt makes a second sweep a no-op. */
export async function markExpiryWarned(grantId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const grant = await tx.accessGrant.findUnique({ where: { id: grantId }, select: { requestId: true, expiresAt: true } });
    if (!grant?.expiresAt || expiryWarningAt(grant.expiresAt) > now) return false;
    const { count } = await tx.accessGrant.updateMany({
      where: { id: grantId, status: "ACTIVE", expiryWarnedAt: null },
      data: { expiryWarnedAt: now, version: { increment: 1 } },
    });
    if (count === 0) return false;
    await sendJobInTransaction(tx, "notification.access", { topic: "access-grant.expiring", requestId: grant.requestId, grantId });
    return true;
  });
}

/**
 * Revokes a grant: SCHEDULED → REVOKED at once (no assignment exists yet); ACTIVATING or ACTIVE → REMOVING, with the
 * removal job queued in the same transaction (it deletes the assignment and ends the grant REVOKED). Checked again
 * here, in the transaction: a grant that moved on since the page was loaded is a CONFLICT that says where it is.
 */
export async function revokeGrant(actor: Actor, input: { grantId: string; reason?: string | null }, stamp: AuditStamp, now: Date = new Date()) {
  return db.$transaction(async (tx) => {
    const grant = await findGrantForAbility(input.grantId, tx);
    if (!grant) throw new AppError("NOT_FOUND", "This access does not exist.");
    const refusal = revocationRefusal(actor, grant);
    if (refusal === "forbidden") throw new AppError("FORBIDDEN");
    if (refusal === "stale") {
      throw new AppError("CONFLICT", `This access is already "${GRANT_STATUS_LABEL[grant.status]}": there is nothing left to revoke. Reload the page to see where it stands.`);
    }
    const scheduled = grant.status === "SCHEDULED";
    const status: AccessGrantStatus = scheduled ? "REVOKED" : "REMOVING";
    const reason = input.reason?.trim() || null;
    const { count } = await tx.accessGrant.updateMany({
      where: { id: grant.id, status: grant.status, version: grant.version },
      data: { status, revokedById: actor.userId, revokeReason: reason, ...(scheduled ? { endedAt: now } : {}), ...clearedFailure, version: { increment: 1 } },
    });
    if (count === 0) throw new AppError("CONFLICT", "This access changed while you were revoking it. Reload the page to see where it stands, then try again.");
    await appendAuditEvent(tx, stamp, {
      action: "accessGrant.revoke",
      ...auditRefs(grant),
      payload: { reference: accessReference(grant.request.number), account: grant.account.name, reason, before: { status: grant.status }, after: { status } },
    });
    if (scheduled) {
      await sendJobInTransaction(tx, "notification.access", { topic: "access-grant.removed", requestId: grant.request.id, grantId: grant.id });
    } else {
      // Its own singleton key: a removal job already waiting for the expiry must not absorb this one.
      await sendJobInTransaction(tx, "access.remove", { grantId: grant.id }, { singletonKey: `${grant.id}:revoke` });
    }
    return { requestId: grant.request.id, status };
  });
}

/**
 * Issues temporary CLI credentials for an active grant to its grantee.
 *
 * The one deliberate exception to "cloud calls run after commit, from the durable queue": the secrets must never be
 * stored, and a job's payload and output are stored (in pgboss.job). So STS AssumeRole is called here, in the
 * person's request; only metadata (session name, SecretId fingerprint, expiry) is recorded, with its audit event,
 * in one transaction; and the secrets are returned only after that commits. They appear in no row, log line or error.
 *
 * The credentials: the member account's access role narrowed by a session policy made of the catalog role's
 * policies (so they can do no more than the role), for the grant's remaining time (at most 12 hours).
 */
export async function issueCredentials(
  actor: Actor,
  grantId: string,
  stamp: AuditStamp,
  cloud: Pick<GrantsCloud, "assumeMemberRole">,
  now: Date = new Date(),
): Promise<IssuedCredentials> {
  const grant = await findGrantForCredentials(grantId);
  if (!grant) throw new AppError("NOT_FOUND", "This access does not exist.");
  const refusal = credentialRefusal(actor, grant, now);
  if (refusal === "forbidden") throw new AppError("FORBIDDEN", "Only the person this access was granted to can get CLI credentials for it.");
  const durationSeconds = grant.expiresAt ? credentialDurationSeconds(grant.expiresAt, now) : null;
  if (refusal === "stale" || durationSeconds === null || !grant.account.memberUin) {
    throw new AppError(
      "CONFLICT",
      grant.status === "ACTIVE"
        ? "Less than 15 minutes of this access remain: Tencent Cloud issues no shorter credentials. Request access again if you need more time."
        : `This access is "${GRANT_STATUS_LABEL[grant.status]}", not active: no credentials can be issued. Reload the page to see where it stands.`,
    );
  }
  let policy: string;
  try {
    policy = mergeSessionPolicy(grant.policyDocuments);
  } catch (error) {
    throw new AppError("INTERNAL", "This role's policies cannot be turned into a session policy. Tell a platform admin.", {}, { cause: error });
  }
  const sessionName = credentialSessionName(grant.request.number, grant.request.requester.email);
  const issued = await cloud.assumeMemberRole({ memberUin: grant.account.memberUin, sessionName, durationSeconds, policy });
  const fingerprint = secretIdFingerprint(issued.secretId);
  await db.$transaction(async (tx) => {
    // Revoked or ended while STS answered: the credentials are dropped unseen (nobody ever holds them).
    const current = await tx.accessGrant.findUnique({ where: { id: grant.id }, select: { status: true } });
    if (current?.status !== "ACTIVE") throw new AppError("CONFLICT", "This access was revoked or ended a moment ago: no credentials were handed out.");
    await tx.credentialIssue.create({ data: { grantId: grant.id, issuedToId: actor.userId, sessionName, secretIdFingerprint: fingerprint, expiresAt: issued.expiresAt } });
    await appendAuditEvent(tx, stamp, {
      action: "accessGrant.credentialsIssued",
      ...auditRefs(grant),
      tencentRequestIds: issued.requestId ? [issued.requestId] : [],
      payload: {
        reference: accessReference(grant.request.number),
        account: grant.account.name,
        sessionName,
        secretIdFingerprint: fingerprint,
        durationSeconds,
        expiresAt: issued.expiresAt.toISOString(),
      },
    });
  });
  return {
    secretId: issued.secretId,
    secretKey: issued.secretKey,
    sessionToken: issued.sessionToken,
    expiresAt: issued.expiresAt.toISOString(),
    region: grant.account.regions[0] ?? DEFAULT_REGION,
    sessionName,
    account: { name: grant.account.name, memberUin: grant.account.memberUin },
    roleName: grant.request.roleVersion.name,
    requestReference: accessReference(grant.request.number),
  };
}

// Reconciliation runs.

export async function startReconciliation(now: Date): Promise<string> {
  return (await db.accessReconciliation.create({ data: { startedAt: now }, select: { id: true } })).id;
}

/**
 * Records one assignment no grant explained and what was done about it; a removal is audited (with the account, when
 * it is one of ours) in the same transaction.
 */
export async function recordReconciliationFinding(
  runId: string,
  assignment: AssignmentRef,
  result: { removed: true; requestIds: string[] } | { removed: false; code: string; message: string },
  account: { id: string; unitId: string } | null,
  stamp: AuditStamp,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const finding = await tx.accessReconciliationFinding.create({
      data: {
        runId,
        targetUin: assignment.targetUin,
        roleConfigurationId: assignment.roleConfigurationId,
        principalId: assignment.principalId,
        principalName: assignment.principalName,
        removed: result.removed,
        errorCode: result.removed ? null : result.code,
        errorMessage: result.removed ? null : result.message,
      },
      select: { id: true },
    });
    if (!result.removed) return;
    await appendAuditEvent(tx, stamp, {
      action: "accessReconciliation.removed",
      target: { type: "accessReconciliationFinding", id: finding.id },
      account: { id: account?.id ?? null, uin: assignment.targetUin, unitId: account?.unitId ?? null },
      tencentRequestIds: result.requestIds,
      payload: {
        runId,
        roleConfigurationId: assignment.roleConfigurationId,
        targetType: assignment.targetType,
        principalType: assignment.principalType,
        principalId: assignment.principalId,
        principalName: assignment.principalName,
      },
    });
  });
}

export async function finishReconciliation(
  runId: string,
  result: { assignmentsSeen: number; removed: number; failed: number; error: string | null },
  now: Date,
): Promise<void> {
  await db.accessReconciliation.update({ where: { id: runId }, data: { ...result, finishedAt: now } });
}
