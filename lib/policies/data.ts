import "server-only";
import { db } from "@/lib/core/db";

const publishedBy = { select: { name: true, email: true } } as const;

/** The newest `take` versions of the approval policy, newest first (pass one more to diff the oldest shown). */
export async function findApprovalPolicyVersions(take: number) {
  return db.approvalPolicy.findMany({
    orderBy: { version: "desc" },
    take,
    select: { version: true, rules: true, decisionHours: true, description: true, createdAt: true, createdBy: publishedBy },
  });
}

/** The newest `take` versions of the naming convention, newest first. */
export async function findNamingConventionVersions(take: number) {
  return db.namingConvention.findMany({
    orderBy: { version: "desc" },
    take,
    select: { version: true, template: true, description: true, createdAt: true, createdBy: publishedBy },
  });
}
