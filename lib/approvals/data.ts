import "server-only";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { groupsWithRole } from "@/lib/core/roles";

/**
 * Everyone who might decide some pending request: active people whose groups make them approvers or security
 * reviewers, and the given account owners. One read for the whole queue; the ability rules then pick, per request,
 * who really may decide it.
 */
export async function findReviewerCandidates(ownerIds: string[]) {
  const reviewerGroups = [...groupsWithRole(env.AUTH_GROUP_ROLES, "approver"), ...groupsWithRole(env.AUTH_GROUP_ROLES, "security")];
  return db.user.findMany({
    where: { active: true, OR: [{ groups: { hasSome: reviewerGroups } }, { id: { in: ownerIds } }] },
    orderBy: { name: "asc" },
    select: { id: true, name: true, email: true, groups: true },
  });
}
