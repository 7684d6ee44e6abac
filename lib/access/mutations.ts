import "server-only";
import { appendAuditEvent, SYSTEM_STAMP, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import type { AccessRequestStatus, ApprovalDecision } from "@/lib/core/generated/prisma/enums";
import { sendJobInTransaction } from "@/lib/core/queue";
import { hasRole, type Actor } from "@/lib/core/roles";
import { canCancelAccessRequest, canCloseBreakGlassReview, mayAttemptAccessDecision } from "./ability";
import { REVOCABLE_GRANT_STATUSES, STATUS_LABEL } from "./constants";
import { findAccessRequestForAbility, findEligibleReviewers, findRequesterAccess, findSubmissionFacts } from "./data";
import { accessRequestSchema, type AccessRequestValues } from "./schema";
import type { ReviewRules } from "./types";
import { accessReference, describeOutstanding, outstandingReview, reviewOutcome } from "./utils";
import { fieldErrorsOf } from "@/lib/core/validation";

type Tx = Prisma.TransactionClient;

function invalid(fieldErrors: Record<string, string[]>, message = "Some fields need attention."): AppError {
  return new AppError("VALIDATION", message, { fieldErrors });
}

/** Approved grants wait for their start; each gets its activation job, due at that start, in the same transaction. */
async function scheduleGrants(tx: Tx, request: { id: string; startAt: Date | null }, now: Date) {
  const startsAt = request.startAt && request.startAt > now ? request.startAt : now;
  await tx.accessGrant.updateMany({ where: { requestId: request.id, status: "REQUESTED" }, data: { status: "SCHEDULED", startsAt, version: { increment: 1 } } });
  const grants = await tx.accessGrant.findMany({ where: { requestId: request.id, status: "SCHEDULED" }, select: { id: true } });
  for (const grant of grants) {
    await sendJobInTransaction(tx, "access.activate", { grantId: grant.id }, { singletonKey: grant.id, startAfter: startsAt });
  }
}

/** The request's grants will never be: they close with it. */
async function closeGrants(tx: Tx, requestId: string, now: Date) {
  await tx.accessGrant.updateMany({ where: { requestId, status: "REQUESTED" }, data: { status: "NOT_GRANTED", endedAt: now, version: { increment: 1 } } });
}

/**
 * Checks a request against what only the database knows and returns the review rules it will carry: the requester
 * is active; the role is active and its version in force allows the duration, break-glass and every account's
 * environment; each account is active and provisioned; nothing asked for is already pending; and enough distinct
 * people other than the requester could approve it (a request nobody may approve is refused now, not left to expire).
 */
async function checkSubmission(tx: Tx, actor: Actor, values: AccessRequestValues, now: Date) {
  const facts = await findSubmissionFacts({ requesterId: actor.userId, roleId: values.roleId, accountIds: values.accountIds }, tx);
  if (!facts.requester?.active) throw new AppError("FORBIDDEN", "Your account is inactive: you cannot request access.");
  const { role, version } = facts;
  if (!role || !version || role.status !== "ACTIVE") throw invalid({ roleId: ["This role is not in the catalog (it may have been retired). Choose another."] });
  const parsed = accessRequestSchema({ maxDurationSeconds: version.maxDurationSeconds, breakGlassAllowed: version.breakGlassAllowed }, now).safeParse(values);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));

  const problems: string[] = [];
  for (const id of values.accountIds) {
    const account = facts.accounts.find((candidate) => candidate.id === id);
    if (!account) problems.push("An account you chose does not exist.");
    else if (account.status !== "ACTIVE" || !account.memberUin) problems.push(`${account.name} is not an active member account.`);
    else if (!version.environments.includes(account.environment)) {
      problems.push(`${version.name} cannot be requested on ${account.name} (${account.environment.toLowerCase()}); it is allowed in ${version.environments.map((environment) => environment.toLowerCase()).join(", ")}.`);
    }
  }
  if (problems.length > 0) throw invalid({ accountIds: problems });

  const pending = (await findRequesterAccess({ requesterId: actor.userId, roleId: values.roleId, accountIds: values.accountIds }, tx)).filter((grant) => grant.status === "REQUESTED");
  if (pending.length > 0) {
    throw invalid({
      accountIds: pending.map((grant) => `${accessReference(grant.request.number)} already asks for ${grant.request.roleVersion.name} on ${grant.account.name}; wait for its review or cancel it.`),
    });
  }

  const targetOwnerIds = values.accountIds.map((id) => facts.accounts.find((account) => account.id === id)!.owners.map((owner) => owner.userId));
  const rules: ReviewRules = {
    approvalsRequired: version.approvalsRequired,
    reviewers: version.reviewers,
    securityRequired: version.securityForProd && facts.accounts.some((account) => account.environment === "PROD"),
  };
  if (!values.breakGlass) {
    const eligible = await findEligibleReviewers({ ...rules, requesterId: actor.userId, targetOwnerIds }, tx);
    const enoughPeople = eligible.length >= rules.approvalsRequired;
    if (!enoughPeople || (rules.securityRequired && !eligible.some((person) => person.security))) {
      throw new AppError(
        "VALIDATION",
        `Nobody can approve this request: it needs ${describeOutstanding(outstandingReview(rules, []))} from people other than you, and ${eligible.length === 0 ? "nobody" : `only ${eligible.length}`} ${eligible.length === 1 ? "is" : "are"} eligible. Ask for fewer accounts (owners approve only accounts they own) or ask a platform admin.`,
      );
    }
  }
  return { role, version, rules, accounts: facts.accounts };
}

/**
 * Files an access request with one grant per account. A normal request waits for its reviewers (told by
 * notification); a break-glass request is approved at once, its grants scheduled to activate now, every reviewer
 * and security alerted, and a post-incident review opened — all in the one transaction, or nothing.
 */
export async function submitAccessRequest(actor: Actor, values: AccessRequestValues, stamp: AuditStamp): Promise<{ requestId: string; reference: string }> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const { role, version, rules, accounts } = await checkSubmission(tx, actor, values, now);
    const breakGlass = values.breakGlass;
    const request = await tx.accessRequest.create({
      data: {
        requesterId: actor.userId,
        roleId: role.id,
        roleVersionId: version.id,
        status: breakGlass ? "APPROVED" : "PENDING",
        durationSeconds: values.durationSeconds,
        startAt: values.startAt ? new Date(values.startAt) : null,
        justification: values.justification,
        ticketUrl: values.ticketUrl,
        ...rules,
        breakGlass,
        reviewDeadline: breakGlass ? null : new Date(now.getTime() + env.ACCESS_REVIEW_HOURS * 3_600_000),
        decidedAt: breakGlass ? now : null,
        grants: { createMany: { data: values.accountIds.map((accountId) => ({ accountId })) } },
        ...(breakGlass ? { review: { create: {} } } : {}),
      },
      select: { id: true, number: true, startAt: true },
    });
    const reference = accessReference(request.number);
    const overlaps = (await findRequesterAccess({ requesterId: actor.userId, roleId: role.id, accountIds: values.accountIds }, tx)).filter((grant) => grant.status !== "REQUESTED");
    await appendAuditEvent(tx, stamp, {
      action: breakGlass ? "accessRequest.breakGlass" : "accessRequest.submit",
      target: { type: "accessRequest", id: request.id },
      account: accounts.length === 1 ? { id: accounts[0]!.id, uin: accounts[0]!.memberUin, unitId: accounts[0]!.unitId } : undefined,
      requestRef: request.id,
      payload: {
        reference,
        role: { slug: role.slug, version: version.version, name: version.name },
        accounts: accounts.map((account) => ({ id: account.id, name: account.name, uin: account.memberUin, environment: account.environment })),
        durationSeconds: values.durationSeconds,
        startAt: values.startAt,
        justification: values.justification,
        ticketUrl: values.ticketUrl,
        rules,
        overlaps: overlaps.map((grant) => ({ account: grant.account.name, request: accessReference(grant.request.number), status: grant.status, until: grant.expiresAt?.toISOString() ?? null })),
      },
    });
    if (breakGlass) {
      await scheduleGrants(tx, request, now);
      await sendJobInTransaction(tx, "notification.access", { topic: "access-request.break-glass", requestId: request.id });
    } else {
      await sendJobInTransaction(tx, "notification.access", { topic: "access-request.awaiting-review", requestId: request.id });
    }
    return { requestId: request.id, reference };
  });
}

/**
 * Records one reviewer's decision. Compare-and-set on (PENDING, version): of simultaneous decisions exactly one
 * moves the request and the others get CONFLICT. The requester is refused here again (not only in the action), and
 * the unique key (request, approver) makes a threshold of N approvals mean N people even against a bug above.
 * The approval that meets the threshold schedules the grants in the same transaction.
 */
export async function decideAccessRequest(
  actor: Actor,
  input: { requestId: string; version: number; decision: ApprovalDecision; comment: string | null },
  stamp: AuditStamp,
): Promise<{ status: AccessRequestStatus; outstanding: string | null }> {
  try {
    return await db.$transaction(async (tx) => {
      const request = await findAccessRequestForAbility(input.requestId, tx);
      if (!request) throw new AppError("NOT_FOUND", "This request does not exist.");
      if (!mayAttemptAccessDecision(actor, request)) throw new AppError("FORBIDDEN", "You cannot review this request: it is yours, or you are not one of its reviewers.");
      if (request.status !== "PENDING") throw new AppError("CONFLICT", `This request is no longer waiting for review: it is now "${STATUS_LABEL[request.status]}".`);
      if (request.decisions.some((decision) => decision.approverId === actor.userId)) throw new AppError("CONFLICT", "You already reviewed this request; it needs someone else now.");
      if (request.version !== input.version) throw new AppError("CONFLICT", "Someone reviewed this request meanwhile. Look at it again.");

      const decision = { approverId: actor.userId, decision: input.decision, asSecurity: hasRole(actor, "security") };
      const decisions = [...request.decisions, decision];
      const status = reviewOutcome(request, decisions);
      const now = new Date();
      const { count } = await tx.accessRequest.updateMany({
        where: { id: request.id, status: "PENDING", version: input.version },
        data: {
          status,
          version: { increment: 1 },
          ...(status !== "PENDING" ? { decidedAt: now } : {}),
          ...(status === "REJECTED" ? { closeReason: input.comment } : {}),
        },
      });
      if (count === 0) throw new AppError("CONFLICT", "Someone reviewed this request meanwhile. Look at it again.");
      await tx.accessApproval.create({ data: { requestId: request.id, ...decision, comment: input.comment } });
      const outstanding = status === "PENDING" ? describeOutstanding(outstandingReview(request, decisions)) : null;
      if (status === "APPROVED") await scheduleGrants(tx, request, now);
      if (status === "REJECTED") await closeGrants(tx, request.id, now);
      if (status !== "PENDING") await sendJobInTransaction(tx, "notification.access", { topic: "access-request.decided", requestId: request.id });
      // Last, so the audit chain's lock (held until commit, serializing every writer) is held as briefly as possible:
      // with it taken before the grant jobs, 200 simultaneous approvals of different requests queued past the pool's wait.
      await appendAuditEvent(tx, stamp, {
        action: input.decision === "APPROVED" ? "accessRequest.approve" : "accessRequest.deny",
        target: { type: "accessRequest", id: request.id },
        requestRef: request.id,
        payload: {
          reference: accessReference(request.number),
          comment: input.comment,
          asSecurity: decision.asSecurity,
          before: { status: "PENDING" },
          after: { status },
          outstanding,
        },
      });
      return { status, outstanding };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "You already reviewed this request.");
    throw error;
  }
}

/** The requester withdraws a request nobody has decided yet. */
export async function cancelAccessRequest(actor: Actor, input: { requestId: string }, stamp: AuditStamp): Promise<void> {
  await db.$transaction(async (tx) => {
    const request = await findAccessRequestForAbility(input.requestId, tx);
    if (!request) throw new AppError("NOT_FOUND", "This request does not exist.");
    if (!canCancelAccessRequest(actor, request)) {
      throw request.requesterId === actor.userId
        ? new AppError("CONFLICT", `This request is "${STATUS_LABEL[request.status]}": it can no longer be cancelled. Revoke its access instead.`)
        : new AppError("FORBIDDEN");
    }
    const now = new Date();
    const { count } = await tx.accessRequest.updateMany({
      where: { id: request.id, requesterId: actor.userId, status: "PENDING", version: request.version },
      data: { status: "CANCELLED", version: { increment: 1 }, closeReason: "Cancelled by the requester." },
    });
    if (count === 0) throw new AppError("CONFLICT", "This request changed meanwhile. Look at it again.");
    await closeGrants(tx, request.id, now);
    await appendAuditEvent(tx, stamp, {
      action: "accessRequest.cancel",
      target: { type: "accessRequest", id: request.id },
      requestRef: request.id,
      payload: { reference: accessReference(request.number), before: { status: "PENDING" }, after: { status: "CANCELLED" } },
    });
  });
}

/** Expires one request nobody reviewed in time; false when it was decided or withdrawn meanwhile. */
export async function expireAccessRequest(requestId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.accessRequest.updateMany({
      where: { id: requestId, status: "PENDING", reviewDeadline: { lt: now } },
      data: { status: "EXPIRED", version: { increment: 1 }, decidedAt: now, closeReason: "Not reviewed in time." },
    });
    if (count === 0) return false;
    await closeGrants(tx, requestId, now);
    const request = await tx.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { number: true, reviewDeadline: true } });
    await appendAuditEvent(tx, SYSTEM_STAMP, {
      action: "accessRequest.expire",
      target: { type: "accessRequest", id: requestId },
      requestRef: requestId,
      payload: { reference: accessReference(request.number), reviewDeadline: request.reviewDeadline?.toISOString(), before: { status: "PENDING" }, after: { status: "EXPIRED" } },
    });
    await sendJobInTransaction(tx, "notification.access", { topic: "access-request.decided", requestId });
    return true;
  });
}

/** A security reviewer (never the requester) closes the post-incident review of a break-glass activation. */
export async function closeBreakGlassReview(actor: Actor, input: { requestId: string; findings: string }, stamp: AuditStamp): Promise<void> {
  await db.$transaction(async (tx) => {
    const request = await findAccessRequestForAbility(input.requestId, tx);
    if (!request?.review) throw new AppError("NOT_FOUND", "This break-glass review does not exist.");
    if (!canCloseBreakGlassReview(actor, { requesterId: request.requesterId, status: request.review.status })) {
      throw request.review.status === "CLOSED"
        ? new AppError("CONFLICT", "This review was closed meanwhile.")
        : new AppError("FORBIDDEN", "Only a security reviewer other than the person who used break-glass closes its review.");
    }
    // A post-incident review looks at what was done: while the access lasts, it is not over.
    const live = await tx.accessGrant.findFirst({ where: { requestId: request.id, status: { in: REVOCABLE_GRANT_STATUSES } }, select: { expiresAt: true } });
    if (live) {
      throw new AppError(
        "CONFLICT",
        `The break-glass access is still live${live.expiresAt ? ` until ${live.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}: revoke it or wait for it to end, then close the review.`,
      );
    }
    const now = new Date();
    const { count } = await tx.breakGlassReview.updateMany({
      where: { requestId: request.id, status: "OPEN" },
      data: { status: "CLOSED", findings: input.findings, closedById: actor.userId, closedAt: now },
    });
    if (count === 0) throw new AppError("CONFLICT", "This review was closed meanwhile.");
    await appendAuditEvent(tx, stamp, {
      action: "breakGlassReview.close",
      target: { type: "accessRequest", id: request.id },
      requestRef: request.id,
      payload: { reference: accessReference(request.number), findings: input.findings, before: { status: "OPEN" }, after: { status: "CLOSED" } },
    });
  });
}
