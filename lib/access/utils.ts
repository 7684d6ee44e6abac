import { hasRole, type Actor } from "@/lib/core/roles";
import { EXPIRY_WARNING_SECONDS, MAX_CREDENTIAL_SECONDS, MIN_CREDENTIAL_SECONDS } from "./constants";
import type { DecisionForThreshold, OutstandingReview, ReviewRules } from "./types";

export function accessReference(number: number): string {
  return `JIT-${number}`;
}

/**
 * Whether this person may review a request under these rules, apart from who asked (ability.ts refuses the
 * requester first): an approver when the role names the approver group, a security reviewer when it names security
 * or the request needs security, an account owner when the role names owners and they own every account asked for
 * (owning one of them says nothing about the others).
 */
export function isEligibleReviewer(actor: Actor, rules: ReviewRules, ownsEveryTarget: boolean): boolean {
  if (rules.reviewers.includes("APPROVER") && hasRole(actor, "approver")) return true;
  if ((rules.reviewers.includes("SECURITY") || rules.securityRequired) && hasRole(actor, "security")) return true;
  return rules.reviewers.includes("ACCOUNT_OWNER") && ownsEveryTarget;
}

/** Whether this person owns every one of the target accounts (each entry: one account's active owner ids). */
export function ownsEveryTarget(userId: string, targetOwnerIds: string[][]): boolean {
  return targetOwnerIds.length > 0 && targetOwnerIds.every((owners) => owners.includes(userId));
}

/** What is still missing: approvals from distinct people (one decision per person is a database key). */
export function outstandingReview(rules: ReviewRules, decisions: DecisionForThreshold[]): OutstandingReview {
  const approvals = decisions.filter((decision) => decision.decision === "APPROVED");
  const approvers = new Set(approvals.map((decision) => decision.approverId));
  return {
    approvals: Math.max(0, rules.approvalsRequired - approvers.size),
    security: rules.securityRequired && !approvals.some((decision) => decision.asSecurity),
  };
}

/**
 * Where the decisions leave the request: one denial denies it; enough distinct approvals (one of them a security
 * reviewer's when required) approve it; otherwise it keeps waiting. A security requirement can make one approval
 * more necessary than the count says (two approvers on a prod request still need a security reviewer).
 */
export function reviewOutcome(rules: ReviewRules, decisions: DecisionForThreshold[]): "PENDING" | "APPROVED" | "REJECTED" {
  if (decisions.some((decision) => decision.decision === "REJECTED")) return "REJECTED";
  const outstanding = outstandingReview(rules, decisions);
  return outstanding.approvals === 0 && !outstanding.security ? "APPROVED" : "PENDING";
}

/** "2 more approvals, one from a security reviewer". */
export function describeOutstanding(outstanding: OutstandingReview): string {
  const count = Math.max(outstanding.approvals, outstanding.security ? 1 : 0);
  if (count === 0) return "nothing more";
  const approvals = `${count} more approval${count === 1 ? "" : "s"}`;
  return outstanding.security ? `${approvals}, one from a security reviewer` : approvals;
}

/** The access clock starts at activation: the grant ends its full duration later. */
export function grantExpiry(activatedAt: Date, durationSeconds: number): Date {
  return new Date(activatedAt.getTime() + durationSeconds * 1000);
}

/** When the "15 minutes left" notice is due (at once for a grant shorter than that). */
export function expiryWarningAt(expiresAt: Date): Date {
  return new Date(expiresAt.getTime() - EXPIRY_WARNING_SECONDS * 1000);
}

/**
 * How long CLI credentials may live: the grant's remaining time (whole seconds, rounded down so they never outlive
 * it), at most STS's 12 hours; null when less than STS's 15-minute minimum is left.
 */
export function credentialDurationSeconds(expiresAt: Date, now: Date): number | null {
  const remaining = Math.floor((expiresAt.getTime() - now.getTime()) / 1000);
  if (remaining < MIN_CREDENTIAL_SECONDS) return null;
  return Math.min(remaining, MAX_CREDENTIAL_SECONDS);
}

/** Whether two time windows share a moment; an open end (null) runs forever. */
export function windowsOverlap(a: { from: Date; until: Date | null }, b: { from: Date; until: Date | null }): boolean {
  return (a.until === null || b.from < a.until) && (b.until === null || a.from < b.until);
}
