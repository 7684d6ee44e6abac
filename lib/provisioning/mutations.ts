import "server-only";
import { appendAuditEvent, SYSTEM_STAMP } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { sendJobInTransaction } from "@/lib/core/queue";
import { PROVISIONING_STEPS, TRANSACTION_OPTIONS } from "./constants";
import type { ProvisioningRequest, StepName, StepOutcome } from "./types";
import { toJsonDetail, type StepFailure } from "./utils";

const json = (value: Record<string, unknown>) => toJsonDetail(value) as Prisma.InputJsonValue;

/**
 * Claims an approved request for provisioning (APPROVED → PROVISIONING, compare-and-set on status and version) or
 * resumes one already PROVISIONING, and makes sure it has its step rows. Returns false when the request is in any
 * other state (completed, failed, cancelled): there is nothing to do.
 */
export async function claimRequest(request: ProvisioningRequest): Promise<boolean> {
  if (request.status !== "APPROVED" && request.status !== "PROVISIONING") return false;
  return db.$transaction(async (tx) => {
    if (request.status === "APPROVED") {
      const claimed = await tx.accountRequest.updateMany({
        where: { id: request.id, status: "APPROVED", version: request.version },
        data: { status: "PROVISIONING", version: { increment: 1 } },
      });
      if (claimed.count === 0) throw new AppError("CONFLICT", "The request changed while provisioning was claiming it.");
      await appendAuditEvent(tx, SYSTEM_STAMP, {
        action: "accountRequest.provisionStep",
        target: { type: "accountRequest", id: request.id },
        requestRef: request.id,
        payload: { phase: "started", steps: PROVISIONING_STEPS },
      });
    }
    await tx.provisioningStep.createMany({
      data: PROVISIONING_STEPS.map((step) => ({ requestId: request.id, step })),
      skipDuplicates: true,
    });
    return true;
  }, TRANSACTION_OPTIONS);
}

/**
 * Marks a step RUNNING and counts the attempt, before any call is made: a run that dies afterwards leaves the proof
 * that the step may have acted (CREATE_MEMBER relies on it). Returns the attempt number, or null when the request
 * is no longer PROVISIONING (someone else moved it) or the step already succeeded.
 */
export async function startStep(requestId: string, step: StepName): Promise<number | null> {
  // One statement (this runs before every step of every request): the conditions and the increment together.
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE public.provisioning_step s
    SET status = 'RUNNING', attempts = s.attempts + 1, started_at = now(), finished_at = NULL, updated_at = now()
    FROM public.account_request r
    WHERE s.request_id = ${requestId} AND s.step = ${step}::public.provisioning_step_name AND s.status <> 'SUCCEEDED'
      AND r.id = s.request_id AND r.status = 'PROVISIONING'
    RETURNING s.attempts`;
  return rows[0]?.attempts ?? null;
}

/**
 * Records a step's success with what it did and, in the same statement, marks the next step RUNNING with its
 * attempt counted (the mark a run that dies during that step leaves behind; see startStep). With an audit event
 * (the step changed something in Tencent, or found something) both happen in one transaction with it. Returns
 * the next step's attempt number, or null when there is no next step or the request is no longer PROVISIONING.
 */
export async function succeedStep(
  request: ProvisioningRequest,
  step: StepName,
  outcome: StepOutcome,
  memberUin: string | null,
  nextStep: StepName | null,
): Promise<number | null> {
  const detail = JSON.stringify(toJsonDetail(outcome.detail));
  const record = async (client: Pick<Prisma.TransactionClient, "$queryRaw">) => {
    const [row] = await client.$queryRaw<{ done: bigint; attempts: number | null }[]>`
      WITH done AS (
        UPDATE public.provisioning_step
        SET status = 'SUCCEEDED', finished_at = now(), detail = ${detail}::jsonb, error_code = NULL, error_message = NULL,
            tencent_request_id = ${outcome.tencentRequestIds.at(-1) ?? null}, updated_at = now()
        WHERE request_id = ${request.id} AND step = ${step}::public.provisioning_step_name AND status = 'RUNNING'
        RETURNING 1
      ), next AS (
        UPDATE public.provisioning_step s
        SET status = 'RUNNING', attempts = s.attempts + 1, started_at = now(), finished_at = NULL, updated_at = now()
        FROM public.account_request r
        WHERE s.request_id = ${request.id} AND s.step = ${nextStep}::public.provisioning_step_name AND s.status <> 'SUCCEEDED'
          AND r.id = s.request_id AND r.status = 'PROVISIONING' AND EXISTS (SELECT 1 FROM done)
        RETURNING s.attempts
      )
      SELECT (SELECT count(*) FROM done) AS done, (SELECT attempts FROM next) AS attempts`;
    if (!row || row.done === BigInt(0)) throw new AppError("CONFLICT", `Step ${step} of ${request.id} is no longer running.`);
    return row.attempts;
  };
  if (outcome.audit === false) return record(db);
  return db.$transaction(async (tx) => {
    const attempts = await record(tx);
    await appendAuditEvent(tx, SYSTEM_STAMP, {
      action: "accountRequest.provisionStep",
      target: { type: "accountRequest", id: request.id },
      requestRef: request.id,
      account: memberUin ? { uin: memberUin, unitId: request.unitId } : undefined,
      tencentRequestIds: outcome.tencentRequestIds,
      payload: { step, detail: toJsonDetail(outcome.detail) },
    });
    return attempts;
  }, TRANSACTION_OPTIONS);
}

/**
 * Records a step's failure (Tencent code, message, RequestId, and a hint when a person must act). With `final`, the
 * request moves PROVISIONING → FAILED in the same transaction, with its audit event and the "failed" notification.
 */
export async function failStep(
  request: ProvisioningRequest,
  step: StepName,
  failure: StepFailure,
  options: { final: boolean; attempt: number; detail?: Record<string, unknown>; memberUin: string | null },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.provisioningStep.updateMany({
      where: { requestId: request.id, step },
      data: {
        status: "FAILED",
        finishedAt: new Date(),
        errorCode: failure.code.slice(0, 200),
        errorMessage: failure.message.slice(0, 2000),
        tencentRequestId: failure.requestId,
        detail: json({ ...options.detail, permanent: failure.permanent, hint: failure.hint, lastAttempt: options.attempt }),
      },
    });
    if (options.final) await markRequestFailed(tx, request.id, { step, ...failure, memberUin: options.memberUin });
  }, TRANSACTION_OPTIONS);
}

async function markRequestFailed(
  tx: Prisma.TransactionClient,
  requestId: string,
  failure: { step: StepName | null; code: string; message: string; requestId: string | null; hint: string | null; memberUin: string | null },
) {
  const moved = await tx.accountRequest.updateMany({
    where: { id: requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
    data: { status: "FAILED", version: { increment: 1 } },
  });
  if (moved.count === 0) return;
  await appendAuditEvent(tx, SYSTEM_STAMP, {
    action: "accountRequest.provisionFailed",
    target: { type: "accountRequest", id: requestId },
    requestRef: requestId,
    account: failure.memberUin ? { uin: failure.memberUin } : undefined,
    tencentRequestIds: failure.requestId ? [failure.requestId] : [],
    payload: { step: failure.step, code: failure.code, message: failure.message, hint: failure.hint },
  });
  await sendJobInTransaction(tx, "notification.dispatch", { topic: "account-request.failed", requestId });
}

/** A request whose job ran out of attempts without a handler to say so (see findAbandonedRequests) → FAILED. */
export async function failAbandonedRequest(requestId: string): Promise<void> {
  await db.$transaction(
    (tx) =>
      markRequestFailed(tx, requestId, {
        step: null,
        code: "JOB_EXHAUSTED",
        message: "The provisioning job used all its attempts; its last one did not finish (worker stopped or timed out).",
        requestId: null,
        hint: "Check the worker's logs and the failed step, then retry.",
        memberUin: null,
      }),
    TRANSACTION_OPTIONS,
  );
}

/** Stores the new member's UIN the moment Tencent names it, so no later failure can lose it. */
export async function recordMemberUin(requestId: string, memberUin: string): Promise<void> {
  await db.accountRequest.updateMany({ where: { id: requestId, status: "PROVISIONING" }, data: { memberUin } });
}

/** Stores CreateOrganizationMember's RecordId (a creation exception) before the gateway retries with it. */
export async function recordCreationRecordId(requestId: string, recordId: number | null): Promise<void> {
  await db.accountRequest.updateMany({ where: { id: requestId, status: "PROVISIONING" }, data: { creationRecordId: recordId } });
}

/**
 * The last step, in one transaction: the Account row (ACTIVE, or an UNMANAGED row for the same UIN that an
 * inventory sync found first, claimed), its owners and tags, the request → COMPLETED (compare-and-set), the step,
 * the audit event and the "ready" notification.
 */
export async function activateAccount(request: ProvisioningRequest, memberUin: string, outcome: StepOutcome): Promise<string> {
  return db.$transaction(async (tx) => {
    const fields = {
      organizationId: request.organizationId,
      unitId: request.unitId,
      teamId: request.teamId,
      name: request.name,
      environment: request.environment as Prisma.AccountCreateInput["environment"],
      status: "ACTIVE" as const,
      regions: request.regions,
      costCenter: request.costCenter,
      dataClassification: request.dataClassification as Prisma.AccountCreateInput["dataClassification"],
    };
    const existing = await tx.account.findUnique({ where: { memberUin }, select: { id: true } });
    const account = existing
      ? await tx.account.update({ where: { id: existing.id }, data: fields })
      : await tx.account.create({ data: { ...fields, memberUin } });
    await tx.accountOwner.createMany({
      data: request.owners.map((owner) => ({ accountId: account.id, userId: owner.userId, role: owner.role })),
      skipDuplicates: true,
    });
    await tx.accountTag.deleteMany({ where: { accountId: account.id } });
    await tx.accountTag.createMany({ data: Object.entries(request.tags).map(([key, value]) => ({ accountId: account.id, key, value })) });

    const completed = await tx.accountRequest.updateMany({
      where: { id: request.id, status: "PROVISIONING" },
      data: { status: "COMPLETED", accountId: account.id, memberUin, closedAt: new Date(), version: { increment: 1 } },
    });
    if (completed.count === 0) throw new AppError("CONFLICT", "The request is no longer provisioning.");
    const detail = { ...outcome.detail, accountId: account.id };
    await tx.provisioningStep.updateMany({
      where: { requestId: request.id, step: "ACTIVATE" },
      data: { status: "SUCCEEDED", finishedAt: new Date(), detail: json(detail), errorCode: null, errorMessage: null },
    });
    await appendAuditEvent(tx, SYSTEM_STAMP, {
      action: "accountRequest.complete",
      target: { type: "account", id: account.id },
      requestRef: request.id,
      account: { id: account.id, uin: memberUin, unitId: request.unitId },
      tencentRequestIds: outcome.tencentRequestIds,
      payload: { name: request.name, environment: request.environment, owners: request.owners.map((owner) => owner.email) },
    });
    await sendJobInTransaction(tx, "notification.dispatch", { topic: "account-request.ready", requestId: request.id });
    return account.id;
  }, TRANSACTION_OPTIONS);
}
