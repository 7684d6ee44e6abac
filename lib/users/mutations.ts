import "server-only";
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError } from "@/lib/core/errors";

/**
 * Activates or deactivates a person. Compare-and-set on the current state, so two admins clicking at once make
 * exactly one change; deactivating also revokes every open session in the same transaction.
 */
export async function setUserActive(userId: string, active: boolean, stamp: AuditStamp): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, active: !active }, data: { active } });
    if (count === 0) {
      const exists = await tx.user.count({ where: { id: userId } });
      throw exists ? new AppError("CONFLICT", `This person is already ${active ? "active" : "inactive"}.`) : new AppError("NOT_FOUND", "Unknown person.");
    }
    const { count: sessionsEnded } = active
      ? { count: 0 }
      : await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, stamp, {
      action: active ? "user.reactivate" : "user.deactivate",
      target: { type: "user", id: userId },
      payload: { before: { active: !active }, after: { active }, sessionsEnded },
    });
  });
}

/** Ends every session of a person (sign out everywhere). */
export async function revokeAllSessions(userId: string, stamp: AuditStamp): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, stamp, { action: "session.revokeAll", target: { type: "user", id: userId }, payload: { sessionsEnded: count } });
    return count;
  });
}
