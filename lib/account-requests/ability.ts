import type { AccountRequestStatus, ApprovalStage } from "@/lib/core/generated/prisma/enums";
import { hasRole, type Actor } from "@/lib/core/roles";
import { CANCELLABLE_STATUSES, STAGE_ROLE } from "./constants";
import { openStages } from "./utils";

// Deny by default: each rule returns true (or a stage) only for the case it allows.

/** What the rules need to know about a request. */
export interface RequestForAbility {
  requesterId: string;
  status: AccountRequestStatus;
  requiredStages: ApprovalStage[];
  approvals: { stage: ApprovalStage; approverId: string }[];
  ownerIds: string[];
}

/** Roles that see every submitted request (to decide, review or audit them). */
const OVERSIGHT_ROLES = ["approver", "security", "platform-admin", "auditor"] as const;

/** The requester and the named owners see a request; reviewers see every submitted one. Drafts are private. */
export function canViewRequest(actor: Actor, request: RequestForAbility): boolean {
  if (request.requesterId === actor.userId) return true;
  if (request.status === "DRAFT") return false;
  return request.ownerIds.includes(actor.userId) || hasRole(actor, ...OVERSIGHT_ROLES);
}

/**
 * The stages this person may decide on this request now. Never the requester's own request, nor one that names
 * them as an owner (nobody approves an account for themselves, so a requester cannot route approval through a
 * friend by naming them owner); never a second stage of a request they already decided (a person with two roles
 * counts once); only open stages of a pending request, and only those their roles qualify for.
 */
export function decidableStages(actor: Actor, request: RequestForAbility): ApprovalStage[] {
  if (request.status !== "PENDING") return [];
  if (request.requesterId === actor.userId || request.ownerIds.includes(actor.userId)) return [];
  if (request.approvals.some((approval) => approval.approverId === actor.userId)) return [];
  const approved = request.approvals.map((approval) => approval.stage);
  return openStages(request.requiredStages, approved).filter((stage) => hasRole(actor, STAGE_ROLE[stage]));
}

/**
 * Whether a decision from this person is worth processing: they hold a role for one of the request's stages and
 * are neither its requester nor a named owner. Everything else about the request (decided meanwhile, stage taken,
 * already decided by them) is a stale page, answered with CONFLICT by the mutation rather than a refusal.
 */
export function mayAttemptDecision(actor: Actor, request: RequestForAbility): boolean {
  if (request.requesterId === actor.userId || request.ownerIds.includes(actor.userId)) return false;
  return request.requiredStages.some((stage) => hasRole(actor, STAGE_ROLE[stage]));
}

/** The stage a decision applies to: the one asked for if the person may decide it, else their first. */
export function stageToDecide(actor: Actor, request: RequestForAbility, asked?: ApprovalStage): ApprovalStage | null {
  const stages = decidableStages(actor, request);
  if (asked) return stages.includes(asked) ? asked : null;
  return stages[0] ?? null;
}

/** Only the requester cancels, and only before provisioning starts. */
export function canCancelRequest(actor: Actor, request: RequestForAbility): boolean {
  return request.requesterId === actor.userId && CANCELLABLE_STATUSES.includes(request.status);
}

/** Only the requester edits and submits their draft. */
export function canEditDraft(actor: Actor, request: RequestForAbility): boolean {
  return request.requesterId === actor.userId && request.status === "DRAFT";
}

/** Platform admins retry a failed provisioning. */
export function canRetryProvisioning(actor: Actor, request: RequestForAbility): boolean {
  return hasRole(actor, "platform-admin") && request.status === "FAILED";
}
