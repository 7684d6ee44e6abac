// Helpers for the grant tests: catalog roles and approved access requests written directly, as the role catalog
// and the review flow (lib/access) leave them.
import { db } from "@/lib/core/db";
import type { CatalogReviewer } from "@/lib/core/generated/prisma/enums";

/** A catalog role with one version in force; its CIC role configuration is provisioned on first activation. */
export async function insertCatalogRole(input: { slug: string; name?: string; policyDocuments: string[]; maxDurationSeconds?: number; reviewers?: CatalogReviewer[] }) {
  return db.catalogRole.create({
    data: {
      slug: input.slug,
      currentVersion: 1,
      versions: {
        create: {
          version: 1,
          name: input.name ?? `Role ${input.slug}`,
          description: "A role for the grant tests.",
          policyDocuments: input.policyDocuments,
          environments: ["PROD", "STAGING", "DEV", "SANDBOX", "SHARED"],
          maxDurationSeconds: input.maxDurationSeconds ?? 43_200,
          approvalsRequired: 1,
          reviewers: input.reviewers ?? ["APPROVER"],
          securityForProd: false,
          breakGlassAllowed: true,
          changeNote: "Created for a test",
        },
      },
    },
    select: { id: true, versions: { select: { id: true } } },
  });
}

/**
 * An APPROVED access request whose grants are SCHEDULED from `startsAt`, as the approval leaves them (without the
 * activation jobs: tests run activation themselves).
 */
export async function insertApprovedAccessRequest(input: { requesterId: string; roleId: string; accountIds: string[]; durationSeconds?: number; startsAt?: Date }) {
  const role = await db.catalogRole.findUniqueOrThrow({ where: { id: input.roleId }, select: { currentVersion: true, versions: { select: { id: true, version: true } } } });
  const versionId = role.versions.find((version) => version.version === role.currentVersion)!.id;
  const startsAt = input.startsAt ?? new Date(Date.now() - 1_000);
  const request = await db.accessRequest.create({
    data: {
      requesterId: input.requesterId,
      roleId: input.roleId,
      roleVersionId: versionId,
      status: "APPROVED",
      version: 2,
      durationSeconds: input.durationSeconds ?? 3600,
      justification: "Investigating an incident in the ledger service for the grant tests.",
      approvalsRequired: 1,
      reviewers: ["APPROVER"],
      securityRequired: false,
      decidedAt: new Date(),
      grants: { create: input.accountIds.map((accountId) => ({ accountId, status: "SCHEDULED" as const, startsAt, version: 1 })) },
    },
    select: { id: true, number: true, grants: { orderBy: { account: { name: "asc" } }, select: { id: true, accountId: true } } },
  });
  return { requestId: request.id, number: request.number, grantIds: request.grants.map((grant) => grant.id), grants: request.grants };
}

/** The queued jobs of one name whose payload names this grant (pgboss.job), oldest first. */
export async function queuedJobs(name: string, grantId: string) {
  return db.$queryRaw<{ singleton_key: string | null; start_after: Date; retry_limit: number; data: Record<string, unknown> }[]>`
    SELECT singleton_key, start_after, retry_limit, data FROM pgboss.job WHERE name = ${name} AND data->>'grantId' = ${grantId} ORDER BY created_on, id`;
}
