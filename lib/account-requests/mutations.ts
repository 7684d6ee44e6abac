import "server-only";
import { appendAuditEvent, SYSTEM_STAMP, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import type { AccountRequestStatus, ApprovalStage } from "@/lib/core/generated/prisma/enums";
import { sendJobInTransaction } from "@/lib/core/queue";
import { fieldErrorsOf } from "@/lib/core/validation";
import type { Actor } from "@/lib/core/roles";
import { canCancelRequest, canRetryProvisioning, mayAttemptDecision, stageToDecide } from "./ability";
import { CANCELLABLE_STATUSES, STATUS_LABEL } from "./constants";
import { findApprovalPolicy, findGuardrails, findRequestForAbility, findSubmissionReferences, isAccountNameTaken, type RequestForDecision } from "./data";
import type { z } from "zod";
import { accountRequestSchema, type AccountRequestValues, type saveDraftInput } from "./schema";
import { nameProblems, openStages, renderAccountName, requestReference, requiredStages } from "./utils";

type Tx = Prisma.TransactionClient;
type DraftValues = z.output<typeof saveDraftInput>;

function invalid(fieldErrors: Record<string, string[]>, message = "Some fields need attention."): AppError {
  return new AppError("VALIDATION", message, { fieldErrors });
}

function auditAccount(request: { unitId: string; accountId?: string | null; memberUin?: string | null }) {
  return { id: request.accountId ?? null, uin: request.memberUin ?? null, unitId: request.unitId };
}

/** Replaces the owners a request names (primary first). */
async function writeOwners(tx: Tx, requestId: string, primaryOwnerId: string, secondaryOwnerIds: readonly string[]) {
  await tx.accountRequestOwner.deleteMany({ where: { requestId } });
  const owners = [
    ...(primaryOwnerId ? [{ requestId, userId: primaryOwnerId, role: "PRIMARY" as const }] : []),
    ...secondaryOwnerIds.filter((id) => id !== primaryOwnerId).map((userId) => ({ requestId, userId, role: "SECONDARY" as const })),
  ];
  if (owners.length > 0) await tx.accountRequestOwner.createMany({ data: owners });
}

/** The request's stored columns for these values (name generated from the convention in force). */
function requestColumns(values: DraftValues | AccountRequestValues, namingTemplate: string) {
  const parts = values.nameParts ?? {};
  return {
    name: renderAccountName(namingTemplate, { parts, environment: values.environment, regions: values.regions }),
    nameParts: parts,
    unitId: values.unitId,
    environment: values.environment,
    regions: values.regions,
    teamId: values.teamId ?? null,
    costCenter: values.costCenter ?? "",
    dataClassification: values.dataClassification ?? "INTERNAL",
    justification: values.justification ?? "",
    ticketUrl: values.ticketUrl ?? null,
    tags: values.tags ?? {},
  };
}

/**
 * Checks what only the database knows: the unit (below the root), the team, owners that exist and are active.
 * Field errors name the form's fields; the owners read are returned too (the owner tag needs the primary's email).
 */
async function checkReferences(tx: Tx, values: { unitId: string; teamId?: string | null; primaryOwnerId?: string; secondaryOwnerIds?: string[] }) {
  const ownerIds = [values.primaryOwnerId, ...(values.secondaryOwnerIds ?? [])].filter((id): id is string => Boolean(id));
  const { unit, team, owners } = await findSubmissionReferences({ unitId: values.unitId, teamId: values.teamId ?? null, ownerIds }, tx);
  const problems: Record<string, string[]> = {};
  if (!unit) problems.unitId = ["This unit does not exist."];
  else if (unit.parentId === null) problems.unitId = ["Choose a unit below the organization root."];
  if (values.teamId && !team) problems.teamId = ["This team does not exist."];
  const ownerProblem = (id: string) => {
    const owner = owners.find((candidate) => candidate.id === id);
    if (!owner) return "This person is not in the directory.";
    if (!owner.active) return `${owner.name} is inactive and cannot own an account.`;
    return null;
  };
  if (values.primaryOwnerId) {
    const problem = ownerProblem(values.primaryOwnerId);
    if (problem) problems.primaryOwnerId = [problem];
  }
  const secondary = (values.secondaryOwnerIds ?? []).map(ownerProblem).filter((problem): problem is string => problem !== null);
  if (secondary.length > 0) problems.secondaryOwnerIds = secondary;
  return { problems, owners };
}

/** Saves a draft: creates it, or updates the requester's own draft. Drafts reserve no name. */
export async function saveDraft(actor: Actor, values: DraftValues & { requestId?: string }, stamp: AuditStamp): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const { problems } = await checkReferences(tx, values);
    if (Object.keys(problems).length > 0) throw invalid(problems);
    const { namingTemplate } = await findGuardrails(tx);
    const columns = requestColumns(values, namingTemplate);
    let id = values.requestId;
    if (id) {
      const { count } = await tx.accountRequest.updateMany({
        where: { id, requesterId: actor.userId, status: "DRAFT" },
        data: { ...columns, version: { increment: 1 } },
      });
      if (count === 0) throw new AppError("CONFLICT", "This draft was submitted, cancelled or is not yours.");
    } else {
      id = (await tx.accountRequest.create({ data: { ...columns, requesterId: actor.userId, status: "DRAFT" }, select: { id: true } })).id;
    }
    await writeOwners(tx, id, values.primaryOwnerId ?? "", values.secondaryOwnerIds ?? []);
    await appendAuditEvent(tx, stamp, {
      action: "accountRequest.saveDraft",
      target: { type: "accountRequest", id },
      requestRef: id,
      payload: { name: columns.name, unitId: columns.unitId, environment: columns.environment },
    });
    return { id };
  });
}

/**
 * Submits a request (new, or the requester's draft): validates it against the guardrails in force and the
 * directory, snapshots the approval stages its policy requires, and notifies the approvers, all in one
 * transaction. The live-name unique index settles a race for the same name.
 */
export async function submitRequest(
  actor: Actor,
  values: AccountRequestValues,
  requestId: string | undefined,
  stamp: AuditStamp,
): Promise<{ id: string; number: number }> {
  try {
    return await db.$transaction(async (tx) => {
      const guardrails = await findGuardrails(tx);
      const { problems, owners } = await checkReferences(tx, values);
      const emailOf = (id: string) => owners.find((owner) => owner.id === id)?.email;
      const parsed = accountRequestSchema(guardrails, emailOf).safeParse(values);
      if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
      const columns = requestColumns(values, guardrails.namingTemplate);
      if (await isAccountNameTaken(columns.name, requestId, tx)) {
        problems.name = [`"${columns.name}" is already used by an account or another open request. Change a part of the name.`];
      }
      if (Object.keys(problems).length > 0) throw invalid(problems);

      const policy = await findApprovalPolicy(tx);
      const now = new Date();
      const submitted = {
        ...columns,
        status: "PENDING" as const,
        namingVersion: guardrails.namingVersion,
        tagPolicyVersion: guardrails.tagPolicyVersion,
        approvalVersion: policy.version,
        requiredStages: requiredStages(policy.rules, values.environment, values.dataClassification),
        submittedAt: now,
        expiresAt: new Date(now.getTime() + policy.decisionHours * 3_600_000),
      };
      let id = requestId;
      if (id) {
        const { count } = await tx.accountRequest.updateMany({
          where: { id, requesterId: actor.userId, status: "DRAFT" },
          data: { ...submitted, version: { increment: 1 } },
        });
        if (count === 0) throw new AppError("CONFLICT", "This draft was already submitted, cancelled or is not yours.");
      } else {
        id = (await tx.accountRequest.create({ data: { ...submitted, requesterId: actor.userId }, select: { id: true } })).id;
      }
      await writeOwners(tx, id, values.primaryOwnerId, values.secondaryOwnerIds);
      const { number } = await tx.accountRequest.findUniqueOrThrow({ where: { id }, select: { number: true } });
      await appendAuditEvent(tx, stamp, {
        action: "accountRequest.submit",
        target: { type: "accountRequest", id },
        account: { unitId: columns.unitId },
        requestRef: id,
        payload: {
          reference: requestReference(number),
          name: columns.name,
          environment: columns.environment,
          dataClassification: columns.dataClassification,
          requiredStages: submitted.requiredStages,
          approvalPolicyVersion: policy.version,
        },
      });
      await sendJobInTransaction(tx, "notification.dispatch", { topic: "account-request.awaiting-approval", requestId: id });
      return { id, number };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid({ name: ["Another request took this name a moment ago. Change a part of the name."] });
    throw error;
  }
}

export type Decision = "APPROVED" | "REJECTED";

/**
 * Records one person's decision on one stage. Compare-and-set on (status PENDING, version): of any number of
 * simultaneous decisions exactly one moves the request; the others get CONFLICT. The requester is refused here
 * again (not only in the action), and the unique keys on approvals make "one decision per stage, one stage per
 * person" hold even against a bug above. Final approval queues provisioning in the same transaction.
 */
export async function decideRequest(
  actor: Actor,
  input: { requestId: string; version: number; stage?: ApprovalStage; decision: Decision; comment?: string | null },
  stamp: AuditStamp,
): Promise<{ status: AccountRequestStatus }> {
  try {
    return await db.$transaction(async (tx) => {
      const request = await findRequestForAbility(input.requestId, tx);
      if (!request) throw new AppError("NOT_FOUND", "This request does not exist.");
      if (!mayAttemptDecision(actor, request)) throw new AppError("FORBIDDEN", "You cannot decide a request you made or that names you as an owner.");
      if (request.status !== "PENDING") {
        throw new AppError("CONFLICT", `This request is no longer waiting for a decision: it is now "${STATUS_LABEL[request.status]}".`);
      }
      if (request.version !== input.version) throw new AppError("CONFLICT", "Someone decided a stage of this request meanwhile. Review it again.");
      const stage = stageToDecide(actor, request, input.stage);
      if (!stage) {
        throw new AppError(
          "CONFLICT",
          request.approvals.some((approval) => approval.approverId === actor.userId)
            ? "You already decided this request; another person decides its other stage."
            : "The stage you may decide has been decided by someone else.",
        );
      }

      const remaining = openStages(request.requiredStages, [...request.approvals.map((approval) => approval.stage), stage]);
      const status: AccountRequestStatus = input.decision === "REJECTED" ? "REJECTED" : remaining.length === 0 ? "APPROVED" : "PENDING";
      const final = status !== "PENDING";
      const now = new Date();
      const { count } = await tx.accountRequest.updateMany({
        where: { id: request.id, status: "PENDING", version: input.version },
        data: {
          status,
          version: { increment: 1 },
          ...(final ? { decidedAt: now } : {}),
          ...(status === "REJECTED" ? { closedAt: now, closeReason: input.comment ?? null } : {}),
        },
      });
      if (count === 0) throw new AppError("CONFLICT");
      await tx.accountRequestApproval.create({
        data: { requestId: request.id, stage, approverId: actor.userId, decision: input.decision, comment: input.comment ?? null },
      });
      await appendAuditEvent(tx, stamp, {
        action: input.decision === "APPROVED" ? "accountRequest.approve" : "accountRequest.reject",
        target: { type: "accountRequest", id: request.id },
        account: auditAccount(request),
        requestRef: request.id,
        payload: {
          reference: requestReference(request.number),
          stage,
          comment: input.comment ?? null,
          before: { status: "PENDING" },
          after: { status },
          remainingStages: status === "PENDING" ? remaining : [],
        },
      });
      if (status === "APPROVED") await queueProvisioning(tx, request.id);
      // The reviewers of every open stage were told at submission; a partial approval tells nobody new.
      if (final) await sendJobInTransaction(tx, "notification.dispatch", { topic: "account-request.decided", requestId: request.id });
      return { status };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT");
    throw error;
  }
}

/** Queues the provisioning run of a request; at most one waits per request (see JOBS). */
async function queueProvisioning(tx: Tx, requestId: string) {
  await sendJobInTransaction(tx, "account-request.provision", { requestId }, { singletonKey: requestId });
}

/** The requester withdraws their request before provisioning starts. */
export async function cancelRequest(actor: Actor, input: { requestId: string; reason?: string | null }, stamp: AuditStamp): Promise<void> {
  await db.$transaction(async (tx) => {
    const request = await findRequestForAbility(input.requestId, tx);
    if (!request) throw new AppError("NOT_FOUND", "This request does not exist.");
    if (!canCancelRequest(actor, request)) {
      throw request.requesterId === actor.userId
        ? new AppError("CONFLICT", "Provisioning has started or the request is closed: it can no longer be cancelled.")
        : new AppError("FORBIDDEN");
    }
    const now = new Date();
    const { count } = await tx.accountRequest.updateMany({
      where: { id: request.id, requesterId: actor.userId, status: { in: CANCELLABLE_STATUSES }, version: request.version },
      data: { status: "CANCELLED", version: { increment: 1 }, closedAt: now, closeReason: input.reason ?? null },
    });
    if (count === 0) throw new AppError("CONFLICT");
    await appendAuditEvent(tx, stamp, {
      action: "accountRequest.cancel",
      target: { type: "accountRequest", id: request.id },
      account: auditAccount(request),
      requestRef: request.id,
      payload: { reference: requestReference(request.number), reason: input.reason ?? null, before: { status: request.status }, after: { status: "CANCELLED" } },
    });
  });
}

/** Expires one pending request whose decision time passed; false when it was decided or withdrawn meanwhile. */
export async function expireRequest(requestId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.accountRequest.updateMany({
      where: { id: requestId, status: "PENDING", expiresAt: { lt: now } },
      data: { status: "EXPIRED", version: { increment: 1 }, closedAt: now, closeReason: "Not decided in time." },
    });
    if (count === 0) return false;
    const request = await tx.accountRequest.findUniqueOrThrow({ where: { id: requestId }, select: { number: true, unitId: true, expiresAt: true } });
    await appendAuditEvent(tx, SYSTEM_STAMP, {
      action: "accountRequest.expire",
      target: { type: "accountRequest", id: requestId },
      account: { unitId: request.unitId },
      requestRef: requestId,
      payload: { reference: requestReference(request.number), expiresAt: request.expiresAt?.toISOString(), before: { status: "PENDING" }, after: { status: "EXPIRED" } },
    });
    await sendJobInTransaction(tx, "notification.dispatch", { topic: "account-request.decided", requestId });
    return true;
  });
}

/**
 * The new name for a failed request whose name Tencent refused (used in the organization): the new name parts under
 * the convention in force, checked like a submission. Only before a member exists: afterwards the name is Tencent's.
 */
async function renamedColumns(tx: Tx, request: RequestForDecision, parts: Record<string, string>) {
  if (request.memberUin) throw new AppError("CONFLICT", "The member account already exists in Tencent Cloud: its name can no longer change.");
  const { namingTemplate } = await findGuardrails(tx);
  const { environment, regions } = await tx.accountRequest.findUniqueOrThrow({ where: { id: request.id }, select: { environment: true, regions: true } });
  const input = { parts, environment, regions };
  const problems = Object.fromEntries(Object.entries(nameProblems(namingTemplate, input)).map(([field, message]) => [field, [message]]));
  if (Object.keys(problems).length > 0) throw invalid(problems);
  const name = renderAccountName(namingTemplate, input);
  if (await isAccountNameTaken(name, request.id, tx)) throw invalid({ name: [`"${name}" is already used by an account or another open request.`] });
  return { name, nameParts: parts };
}

/**
 * A platform admin sends a failed provisioning back to the queue; it resumes at the failed step. With `nameParts`
 * the request is renamed first (the fix when Tencent reports the name as used), recorded before/after in the audit.
 */
export async function retryProvisioning(actor: Actor, input: { requestId: string; nameParts?: Record<string, string> }, stamp: AuditStamp): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const request: RequestForDecision | null = await findRequestForAbility(input.requestId, tx);
      if (!request) throw new AppError("NOT_FOUND", "This request does not exist.");
      if (!canRetryProvisioning(actor, request)) throw new AppError("CONFLICT", "Only a failed provisioning can be retried.");
      const renamed = input.nameParts ? await renamedColumns(tx, request, input.nameParts) : null;
      const { count } = await tx.accountRequest.updateMany({
        where: { id: request.id, status: "FAILED", version: request.version },
        data: { status: "APPROVED", version: { increment: 1 }, ...(renamed ?? {}) },
      });
      if (count === 0) throw new AppError("CONFLICT");
      await appendAuditEvent(tx, stamp, {
        action: "accountRequest.retry",
        target: { type: "accountRequest", id: request.id },
        account: auditAccount(request),
        requestRef: request.id,
        payload: {
          reference: requestReference(request.number),
          before: { status: "FAILED", ...(renamed ? { name: request.name } : {}) },
          after: { status: "APPROVED", ...(renamed ? { name: renamed.name } : {}) },
        },
      });
      await queueProvisioning(tx, request.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid({ name: ["Another request took this name a moment ago. Choose another."] });
    throw error;
  }
}
