import "server-only";
import { db } from "@/lib/core/db";

export async function findDirectoryUsers(now: Date) {
  return db.user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      groups: true,
      active: true,
      lastLoginAt: true,
      _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
    },
  });
}
