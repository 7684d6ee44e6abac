import "server-only";
import { forbidden, notFound } from "next/navigation";
import { requirePageActor } from "@/lib/core/auth-gate";
import { idSchema } from "@/lib/core/validation";
import { canEditCatalog, canViewCatalog } from "./ability";
import { HISTORY_LIMIT } from "./constants";
import { findCatalogRole, findCatalogRoles } from "./data";
import type { CicState, RoleContent, RoleSummary, RoleVersionView } from "./types";
import { diffRoleContent } from "./utils";

type VersionRow = NonNullable<Awaited<ReturnType<typeof findCatalogRole>>>["versions"][number];

function contentOf(row: VersionRow): RoleContent {
  return {
    name: row.name,
    description: row.description,
    policyDocuments: row.policyDocuments,
    environments: row.environments,
    maxDurationSeconds: row.maxDurationSeconds,
    approvalsRequired: row.approvalsRequired,
    reviewers: row.reviewers,
    securityForProd: row.securityForProd,
    breakGlassAllowed: row.breakGlassAllowed,
  };
}

function cicOf(row: VersionRow): CicState {
  return {
    status: row.cicStatus,
    roleConfigurationId: row.roleConfigurationId,
    errorCode: row.cicErrorCode,
    errorMessage: row.cicErrorMessage,
    requestId: row.cicRequestId,
    updatedAt: row.cicUpdatedAt?.toISOString() ?? null,
  };
}

async function requireCatalogViewer() {
  const actor = await requirePageActor();
  if (!canViewCatalog(actor)) forbidden();
  return actor;
}

/** The catalog page: every role with its version in force and CIC status. Authorizes first; deny by default. */
export async function loadCatalog(): Promise<{ canEdit: boolean; mfa: boolean; roles: RoleSummary[] }> {
  const actor = await requireCatalogViewer();
  const rows = await findCatalogRoles();
  const roles = rows.flatMap((role) => {
    const current = role.versions[0];
    if (!current) return [];
    return [
      {
        id: role.id,
        slug: role.slug,
        status: role.status,
        currentVersion: role.currentVersion,
        name: current.name,
        environments: current.environments,
        maxDurationSeconds: current.maxDurationSeconds,
        breakGlassAllowed: current.breakGlassAllowed,
        cic: cicOf(current),
        updatedAt: role.updatedAt.toISOString(),
      },
    ];
  });
  return { canEdit: canEditCatalog(actor), mfa: actor.mfa, roles };
}

/** One role's page: the version in force, its history newest first with diffs, and whether this person edits. */
export async function loadCatalogRole(roleId: string) {
  const actor = await requireCatalogViewer();
  if (!idSchema.safeParse(roleId).success) notFound();
  const role = await findCatalogRole(roleId, HISTORY_LIMIT + 1);
  if (!role) notFound();
  const history: RoleVersionView[] = role.versions.slice(0, HISTORY_LIMIT).map((row, index) => {
    const previous = role.versions[index + 1];
    return {
      version: row.version,
      content: contentOf(row),
      changeNote: row.changeNote,
      restoredFrom: row.restoredFrom,
      publishedAt: row.createdAt.toISOString(),
      publishedBy: row.createdBy,
      cic: cicOf(row),
      diff: previous ? diffRoleContent(contentOf(previous), contentOf(row)) : null,
    };
  });
  const current = history[0];
  if (!current) notFound();
  return {
    canEdit: canEditCatalog(actor),
    mfa: actor.mfa,
    role: { id: role.id, slug: role.slug, status: role.status, currentVersion: role.currentVersion, roleConfigurationId: role.roleConfigurationId },
    current,
    history,
  };
}
