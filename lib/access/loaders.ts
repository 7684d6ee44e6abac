import "server-only";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AppError } from "@/lib/core/errors";
import { AREA_ROLES, hasRole, type Actor } from "@/lib/core/roles";
import { canCancelAccessRequest, canCloseBreakGlassReview, canDecideAccessRequest, canViewAccessRequest } from "./ability";
import { OVERSIGHT_ROLES, REVOCABLE_GRANT_STATUSES } from "./constants";
import {
  findAccessRequestDetail,
  findAccessRequestForAbility,
  findAllAccessRequests,
  findBreakGlassReviews,
  findEligibleReviewers,
  findMyAccessRequests,
  findRequestableRoles,
  findRequesterAccess,
  findRequesterHistory,
  findTargetAccounts,
  type AccessRequestForDecision,
} from "./data";
import { describeOutstanding, outstandingReview } from "./utils";

/** Whether an ability rule allows this person on this request, read from the database (an unknown request: no). */
export async function allowsOnAccessRequest(actor: Actor, requestId: string, rule: (actor: Actor, request: AccessRequestForDecision) => boolean): Promise<boolean> {
  const request = await findAccessRequestForAbility(requestId);
  return request !== null && rule(actor, request);
}

/** The request form: the roles in the catalog, the accounts, and the person's own live and pending access. */
export async function loadAccessForm() {
  const actor = await requirePageActor(...AREA_ROLES.requests);
  const [roles, accounts] = await Promise.all([findRequestableRoles(), findTargetAccounts()]);
  const existing = await findRequesterAccess({ requesterId: actor.userId });
  return { actor, roles, accounts, existing };
}

/** The request page: the request, what this person may do with it, who else can review, and the requester's history. */
export async function loadAccessRequestPage(id: string) {
  const actor = await requirePageActor(...AREA_ROLES.requests);
  const request = await findAccessRequestForAbility(id);
  // A request one may not see does not exist for them.
  if (!request || !canViewAccessRequest(actor, request)) throw new AppError("NOT_FOUND", "This request does not exist.");
  const detail = await findAccessRequestDetail(id);
  if (!detail) throw new AppError("NOT_FOUND", "This request does not exist.");
  const pending = request.status === "PENDING";
  const reviewerView = actor.userId !== request.requesterId;
  const [reviewers, history] = await Promise.all([
    pending ? findEligibleReviewers({ ...request, decidedBy: request.decisions.map((decision) => decision.approverId) }) : [],
    reviewerView ? findRequesterHistory(request.requesterId, id) : [],
  ]);
  // The requester's other requests, as far as this reviewer may see them (an owner sees those on their accounts).
  const visibleHistory = history.filter((entry) =>
    canViewAccessRequest(actor, { ...request, requesterId: request.requesterId, targetOwnerIds: entry.grants.map((grant) => grant.account.owners.map((owner) => owner.userId)) }),
  );
  return {
    actor,
    detail,
    version: request.version,
    outstanding: pending ? describeOutstanding(outstandingReview(request, request.decisions)) : null,
    reviewers,
    history: visibleHistory,
    hiddenHistory: history.length - visibleHistory.length,
    can: {
      decide: canDecideAccessRequest(actor, request),
      cancel: canCancelAccessRequest(actor, request),
      closeReview: request.review !== null && canCloseBreakGlassReview(actor, { requesterId: request.requesterId, status: request.review.status }),
      // A review is closed once the access has ended (the mutation refuses it before).
      accessLive: detail.grants.some((grant) => REVOCABLE_GRANT_STATUSES.includes(grant.status)),
      // Why a reviewer sees no buttons: their own request, or already decided.
      isRequester: actor.userId === request.requesterId,
      decidedAlready: request.decisions.some((decision) => decision.approverId === actor.userId),
    },
  };
}

/** My requests, or (for reviewers and auditors) everyone's. */
export async function loadAccessList(scope: "mine" | "all") {
  const actor = await requirePageActor(...AREA_ROLES.requests);
  const everyone = scope === "all" && hasRole(actor, ...OVERSIGHT_ROLES);
  const requests = everyone ? await findAllAccessRequests() : await findMyAccessRequests(actor.userId);
  return { actor, scope: everyone ? "all" : "mine", requests };
}

/** Break-glass post-incident reviews (security, admins, auditors). */
export async function loadBreakGlassReviews() {
  const actor = await requirePageActor("security", "platform-admin", "auditor");
  return { actor, reviews: await findBreakGlassReviews() };
}
