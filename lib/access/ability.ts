import { hasRole, type Actor } from "@/lib/core/roles";
import { OVERSIGHT_ROLES, REVOCABLE_GRANT_STATUSES } from "./constants";
import type { AccessRequestForAbility, GrantForAbility } from "./types";
import { credentialDurationSeconds, isEligibleReviewer, ownsEveryTarget } from "./utils";

// Deny by default: each rule returns true only for the case it allows.

/** The requester, reviewers and auditors, and the owners of an account asked for see a request. */
export function canViewAccessRequest(actor: Actor, request: AccessRequestForAbility): boolean {
  if (request.requesterId === actor.userId || hasRole(actor, ...OVERSIGHT_ROLES)) return true;
  return request.targetOwnerIds.some((owners) => owners.includes(actor.userId));
}

/**
 * Whether a decision from this person is worth processing: never the requester (by any path: the action's authorize
 * hook and the mutation's transaction both ask), and only someone the request's rules make eligible. Whether it is
 * still pending or they decided already is the mutation's CONFLICT, not a refusal.
 */
export function mayAttemptAccessDecision(actor: Actor, request: AccessRequestForAbility): boolean {
  if (request.requesterId === actor.userId) return false;
  return isEligibleReviewer(actor, request, ownsEveryTarget(actor.userId, request.targetOwnerIds));
}

/** Whether this person may decide the request now: eligible, pending, and not decided by them yet. */
export function canDecideAccessRequest(actor: Actor, request: AccessRequestForAbility): boolean {
  if (request.status !== "PENDING") return false;
  if (request.decisions.some((decision) => decision.approverId === actor.userId)) return false;
  return mayAttemptAccessDecision(actor, request);
}

/** Only the requester withdraws a request, and only before it is decided. */
export function canCancelAccessRequest(actor: Actor, request: AccessRequestForAbility): boolean {
  return request.requesterId === actor.userId && request.status === "PENDING";
}

/**
 * Access can be taken away at any time by the person who holds it, an owner of the account, or security. Removing
 * access never needs a second person (it only reduces privilege).
 */
export function canRevokeGrant(actor: Actor, grant: GrantForAbility): boolean {
  if (!REVOCABLE_GRANT_STATUSES.includes(grant.status)) return false;
  return grant.requesterId === actor.userId || grant.ownerIds.includes(actor.userId) || hasRole(actor, "security");
}

/** Only the person the access was granted to gets CLI credentials, while it is active with 15 minutes or more left. */
export function canIssueCredentials(actor: Actor, grant: GrantForAbility, now: Date): boolean {
  if (grant.requesterId !== actor.userId || grant.status !== "ACTIVE" || !grant.expiresAt) return false;
  return credentialDurationSeconds(grant.expiresAt, now) !== null;
}

/** A security reviewer closes a break-glass review, never the person who broke the glass. */
export function canCloseBreakGlassReview(actor: Actor, review: { requesterId: string; status: "OPEN" | "CLOSED" }): boolean {
  return review.status === "OPEN" && review.requesterId !== actor.userId && hasRole(actor, "security");
}
