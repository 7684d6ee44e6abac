import { AREA_ROLES, hasRole, type Actor } from "@/lib/core/roles";
import type { AccountForOwnership } from "./types";
import { isActiveOwner } from "./utils";

// Deny by default: each rule returns true only for the case it allows.

/** The ownership dashboard is for everyone who may open dashboards. */
export function canReadOwnershipDashboard(actor: Actor): boolean {
  return hasRole(actor, ...AREA_ROLES.dashboards);
}

/**
 * Only an owner of the account who is still active re-confirms it: nobody confirms for somebody else, and a role
 * (admin, auditor) is not ownership. Whether the account is still active is the mutation's CONFLICT.
 */
export function mayConfirmOwnership(actor: Actor, account: AccountForOwnership): boolean {
  return isActiveOwner(actor.userId, account);
}

/** Whether the page offers "Confirm ownership": an active owner of an active account. */
export function canConfirmOwnership(actor: Actor, account: AccountForOwnership): boolean {
  return account.status === "ACTIVE" && mayConfirmOwnership(actor, account);
}

/**
 * Claiming names the owners, and owners review access to the account: a self-service claim would let anyone grant
 * themselves that right (privilege escalation). So only a platform admin claims (the action also needs MFA).
 * Whether the account is still unmanaged is the mutation's CONFLICT.
 */
export function mayClaimAccount(actor: Actor): boolean {
  return hasRole(actor, "platform-admin");
}

/** Whether the page offers the claim form: a platform admin on an unmanaged account. */
export function canClaimAccount(actor: Actor, account: { status: AccountForOwnership["status"] }): boolean {
  return account.status === "UNMANAGED" && mayClaimAccount(actor);
}
