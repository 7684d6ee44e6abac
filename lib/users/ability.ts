import { hasRole, type Actor } from "@/lib/core/roles";
import { DIRECTORY_ROLES } from "./constants";

// Deny by default: each rule returns true only for the case it allows.

/** Platform admins and auditors see the directory of people and their roles. */
export function canViewDirectory(actor: Actor): boolean {
  return hasRole(actor, ...DIRECTORY_ROLES);
}

/** Platform admins (de)activate people, but never themselves: an admin cannot lock themselves out or back in. */
export function canChangeUserActive(actor: Actor, targetUserId: string): boolean {
  return hasRole(actor, "platform-admin") && actor.userId !== targetUserId;
}
