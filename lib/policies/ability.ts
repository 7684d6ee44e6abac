import { hasRole, type Actor } from "@/lib/core/roles";
import { POLICY_VIEW_ROLES } from "./constants";

// Deny by default: each rule returns true only for the case it allows.

/** Platform admins, security reviewers and auditors read the policies and their whole history. */
export function canViewPolicies(actor: Actor): boolean {
  return hasRole(actor, ...POLICY_VIEW_ROLES);
}

/**
 * Only platform admins publish new versions (the action also requires MFA). Security reviewers are deliberately
 * not publishers: they are a stage the policy requires, and should not be able to remove themselves from it.
 */
export function canPublishPolicies(actor: Actor): boolean {
  return hasRole(actor, "platform-admin");
}
