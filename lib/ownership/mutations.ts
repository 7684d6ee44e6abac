import "server-only";
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError } from "@/lib/core/errors";
import type { Actor } from "@/lib/core/roles";
import type { ClaimAccountValues } from "./schema";

function invalid(fieldErrors: Record<string, string[]>): AppError {
  return new AppError("VALIDATION", "Some fields need attention.", { fieldErrors });
}

/**
 * An active owner re-confirms the account: compare-and-set on (status ACTIVE, the confirmation the page showed, the
 * person still an active owner), with the audit event in the same transaction. A second click, a confirmation by a
 * co-owner meanwhile or a suspended account is a CONFLICT; nothing is written then.
 */
export async function confirmOwnership(
  actor: Actor,
  input: { accountId: string; confirmedAt: string | null },
  stamp: AuditStamp,
  now = new Date(),
): Promise<{ confirmedAt: string }> {
  return db.$transaction(async (tx) => {
    const expected = input.confirmedAt === null ? null : new Date(input.confirmedAt);
    const { count } = await tx.account.updateMany({
      where: {
        id: input.accountId,
        status: "ACTIVE",
        ownershipConfirmedAt: expected,
        owners: { some: { userId: actor.userId, user: { active: true } } },
      },
      data: { ownershipConfirmedAt: now, ownershipConfirmedById: actor.userId },
    });
    const account = await tx.account.findUnique({
      where: { id: input.accountId },
      select: { id: true, memberUin: true, unitId: true, status: true, owners: { where: { userId: actor.userId, user: { active: true } }, select: { role: true } } },
    });
    if (!account) throw new AppError("NOT_FOUND", "This account does not exist.");
    if (count === 0) {
      if (account.owners.length === 0) throw new AppError("FORBIDDEN", "Only an active owner of this account can confirm ownership.");
      if (account.status !== "ACTIVE") throw new AppError("CONFLICT", "Only an active account has ownership reviews; this one is not active any more. Reload the page.");
      throw new AppError("CONFLICT", "Ownership of this account was confirmed meanwhile. Reload the page.");
    }
    await appendAuditEvent(tx, stamp, {
      action: "account.confirmOwnership",
      target: { type: "account", id: account.id },
      account: { id: account.id, uin: account.memberUin, unitId: account.unitId },
      payload: { before: { ownershipConfirmedAt: input.confirmedAt }, after: { ownershipConfirmedAt: now.toISOString() }, role: account.owners[0]?.role },
    });
    return { confirmedAt: now.toISOString() };
  });
}

/**
 * A platform admin claims an unmanaged account: it becomes ACTIVE (compare-and-set on UNMANAGED) with the named
 * primary owner (an active person; a previous primary becomes secondary), team and environment, and its ownership
 * counts as confirmed now (the admin attests it, so the review cadence starts today). The audit event is written in
 * the same transaction. An unknown or inactive owner or an unknown team is a field error and nothing is written.
 */
export async function claimAccount(actor: Actor, input: ClaimAccountValues, stamp: AuditStamp, now = new Date()): Promise<{ accountId: string }> {
  return db.$transaction(async (tx) => {
    const owner = await tx.user.findUnique({ where: { id: input.primaryOwnerId }, select: { id: true, email: true, active: true } });
    const team = input.teamId ? await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true, slug: true } }) : null;
    const fieldErrors: Record<string, string[]> = {};
    if (!owner) fieldErrors.primaryOwnerId = ["This person is not known to Lattice. Choose someone from the list."];
    else if (!owner.active) fieldErrors.primaryOwnerId = ["This person is inactive in the identity provider and cannot own an account."];
    if (input.teamId && !team) fieldErrors.teamId = ["This team does not exist. Choose one from the list, or none."];
    if (Object.keys(fieldErrors).length > 0 || !owner) throw invalid(fieldErrors);

    const before = await tx.account.findUnique({
      where: { id: input.accountId },
      select: { id: true, memberUin: true, unitId: true, status: true, teamId: true, environment: true },
    });
    if (!before) throw new AppError("NOT_FOUND", "This account does not exist.");
    const { count } = await tx.account.updateMany({
      where: { id: input.accountId, status: "UNMANAGED" },
      data: { status: "ACTIVE", teamId: input.teamId, environment: input.environment, ownershipConfirmedAt: now, ownershipConfirmedById: actor.userId },
    });
    if (count === 0) throw new AppError("CONFLICT", "This account is not unmanaged any more: someone claimed it or its status changed. Reload the page.");

    await tx.accountOwner.updateMany({ where: { accountId: input.accountId, role: "PRIMARY", userId: { not: owner.id } }, data: { role: "SECONDARY" } });
    await tx.accountOwner.upsert({
      where: { accountId_userId: { accountId: input.accountId, userId: owner.id } },
      create: { accountId: input.accountId, userId: owner.id, role: "PRIMARY" },
      update: { role: "PRIMARY" },
    });
    await appendAuditEvent(tx, stamp, {
      action: "account.claim",
      target: { type: "account", id: before.id },
      account: { id: before.id, uin: before.memberUin, unitId: before.unitId },
      payload: {
        before: { status: before.status, teamId: before.teamId, environment: before.environment },
        after: { status: "ACTIVE", teamId: input.teamId, environment: input.environment, primaryOwner: owner.email, team: team?.slug ?? null },
      },
    });
    return { accountId: before.id };
  });
}
