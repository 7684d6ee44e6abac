import type { AccessGrantStatus, AccessRequestStatus, ApprovalDecision, CatalogReviewer, Environment } from "@/lib/core/generated/prisma/enums";

/** The review rules a request carries, fixed at submission from its role version and accounts. */
export interface ReviewRules {
  approvalsRequired: number;
  reviewers: CatalogReviewer[];
  /** One approval must come from a security reviewer (a production account and a role that says so). */
  securityRequired: boolean;
}

/** A decision as the threshold sees it. */
export interface DecisionForThreshold {
  approverId: string;
  decision: ApprovalDecision;
  asSecurity: boolean;
}

/** What the review still needs: approvals from distinct people, and whether one must be a security reviewer's. */
export interface OutstandingReview {
  approvals: number;
  security: boolean;
}

/** What the authorization rules need to know about an access request. */
export interface AccessRequestForAbility extends ReviewRules {
  requesterId: string;
  status: AccessRequestStatus;
  decisions: DecisionForThreshold[];
  /** For each target account, the ids of its active owners. */
  targetOwnerIds: string[][];
}

/** What the rules need to know about one grant. */
export interface GrantForAbility {
  requesterId: string;
  status: AccessGrantStatus;
  /** Active owners of the grant's account. */
  ownerIds: string[];
  expiresAt: Date | null;
}

/** A grant of the requester's that overlaps what they ask for now: explained, not refused (extensions are new requests). */
export interface GrantOverlap {
  accountId: string;
  accountName: string;
  roleName: string;
  status: AccessGrantStatus;
  from: Date | null;
  until: Date | null;
  requestReference: string;
}

/** An account a requester may pick, with the environments' facts the form checks against the role. */
export interface TargetAccount {
  id: string;
  name: string;
  memberUin: string;
  environment: Environment;
}
