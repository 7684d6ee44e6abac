import { hasRole, type Actor } from "@/lib/core/roles";

// Deny by default: each rule returns true only for the case it allows.

/** Auditors, security reviewers and platform admins read the whole history; others only what concerns them. */
export function canReadAllHistory(actor: Actor): boolean {
  return hasRole(actor, "auditor", "security", "platform-admin");
}

/** Recomputing the chain and exporting evidence are for the same three roles. */
export function canVerifyAndExport(actor: Actor): boolean {
  return hasRole(actor, "auditor", "security", "platform-admin");
}
