import { hasRole, type Actor } from "@/lib/core/roles";
import { CATALOG_VIEW_ROLES } from "./constants";

// Deny by default: each rule returns true only for the case it allows.

/** Platform admins, security reviewers and auditors read the catalog and every version of every role. */
export function canViewCatalog(actor: Actor): boolean {
  return hasRole(actor, ...CATALOG_VIEW_ROLES);
}

/**
 * Only platform admins change the catalog (the actions also require MFA). Security reviewers are deliberately not
 * editors: the catalog decides when security must approve, and they should not be able to drop themselves from it.
 */
export function canEditCatalog(actor: Actor): boolean {
  return hasRole(actor, "platform-admin");
}
