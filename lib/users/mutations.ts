import "server-only";
import { db } from "@/lib/core/db";
import { AppError } from "@/lib/core/errors";

/**
 * Activates or deactivates a person. Compare-and-set on the current state, so two admins clicking at once make
 * exactly one change; deactivating also revokes every open session in the same transaction.
 */
export async function setUserActive(userId: string, active: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, active: !active }, data: { active } });
    if (count === 0) {
      const exists = await tx.user.count({ where: { id: userId } });
      throw exists ? new AppError("CONFLICT", `This person is already ${active ? "active" : "inactive"}.`) : new AppError("NOT_FOUND", "Unknown person.");
    }
    if (!active) await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  });
}

/** Ends every session of a person (sign out everywhere). */
export async function revokeAllSessions(userId: string): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}
