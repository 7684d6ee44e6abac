import "server-only";
import { db } from "@/lib/core/db";

const publishedBy = { select: { name: true, email: true } } as const;

/** What a version says about the role (what an edit or a rollback changes). */
export const CONTENT_SELECT = {
  name: true,
  description: true,
  policyDocuments: true,
  environments: true,
  maxDurationSeconds: true,
  approvalsRequired: true,
  reviewers: true,
  securityForProd: true,
  breakGlassAllowed: true,
} as const;

export const VERSION_SELECT = {
  version: true,
  ...CONTENT_SELECT,
  changeNote: true,
  restoredFrom: true,
  createdAt: true,
  createdBy: publishedBy,
  cicStatus: true,
  roleConfigurationId: true,
  cicErrorCode: true,
  cicErrorMessage: true,
  cicRequestId: true,
  cicUpdatedAt: true,
} as const;

/** Every catalog role with its version in force, active ones first, by slug. */
export async function findCatalogRoles() {
  const roles = await db.catalogRole.findMany({
    orderBy: [{ status: "asc" }, { slug: "asc" }],
    select: { id: true, slug: true, status: true, currentVersion: true, updatedAt: true, versions: { orderBy: { version: "desc" }, take: 1, select: VERSION_SELECT } },
  });
  return roles;
}

/** One role and its newest `take` versions, newest first (pass one more to diff the oldest shown). */
export async function findCatalogRole(roleId: string, take: number) {
  return db.catalogRole.findUnique({
    where: { id: roleId },
    select: { id: true, slug: true, status: true, currentVersion: true, roleConfigurationId: true, versions: { orderBy: { version: "desc" }, take, select: VERSION_SELECT } },
  });
}

/** The version in force of a role, for the provisioning job. */
export async function findVersionInForce(roleId: string) {
  const role = await db.catalogRole.findUnique({ where: { id: roleId }, select: { id: true, slug: true, currentVersion: true } });
  if (!role) return null;
  const version = await db.catalogRoleVersion.findUnique({
    where: { roleId_version: { roleId, version: role.currentVersion } },
    select: { id: true, version: true, name: true, description: true, policyDocuments: true, maxDurationSeconds: true },
  });
  return version ? { role, version } : null;
}
