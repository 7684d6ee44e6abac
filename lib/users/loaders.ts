import "server-only";
import { forbidden } from "next/navigation";
import { requirePageActor } from "@/lib/core/auth-gate";
import { env } from "@/lib/core/env";
import { rolesForGroups } from "@/lib/core/roles";
import { canChangeUserActive, canViewDirectory } from "./ability";
import { ROLE_MAPPING_ROLES } from "./constants";
import { findDirectoryUsers } from "./data";
import type { DirectoryUser } from "./types";

export async function loadDirectory() {
  const actor = await requirePageActor();
  if (!canViewDirectory(actor)) forbidden();
  const users = await findDirectoryUsers(new Date());
  const rows: (DirectoryUser & { canChangeActive: boolean })[] = users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    groups: user.groups,
    roles: rolesForGroups(user.groups, env.AUTH_GROUP_ROLES),
    active: user.active,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    openSessions: user._count.sessions,
    canChangeActive: canChangeUserActive(actor, user.id),
  }));
  return { actor, users: rows };
}

/** The configured group → role mapping, for the "who can do what" page. */
export async function loadRoleMapping() {
  const actor = await requirePageActor(...ROLE_MAPPING_ROLES);
  const mapping = [...env.AUTH_GROUP_ROLES.entries()].map(([group, roles]) => ({ group, roles: [...roles] }));
  return { actor, mapping, mfa: { amr: env.AUTH_MFA_AMR, acr: env.AUTH_MFA_ACR, stepUpAcrValues: env.AUTH_STEP_UP_ACR_VALUES } };
}
