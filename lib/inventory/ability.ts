import { AREA_ROLES, hasRole, type Actor, type Role } from "@/lib/core/roles";

// Deny by default: each rule returns true only for the case it allows.

/** Who may start a sync now: platform admins and security reviewers (it costs a whole organization's API budget). */
export const SYNC_ROLES = ["platform-admin", "security"] as const satisfies readonly Role[];

export function canSyncInventory(actor: Actor): boolean {
  return hasRole(actor, ...SYNC_ROLES);
}

/** The sync's progress and history are part of the dashboards, which every signed-in person may open. */
export function canViewInventoryRuns(actor: Actor): boolean {
  return hasRole(actor, ...AREA_ROLES.dashboards);
}
