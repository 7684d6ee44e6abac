import "server-only";
import { canDecideAccessRequest } from "@/lib/access/ability";
import { findPendingAccessRequests } from "@/lib/access/data";
import { accessReference, describeOutstanding, outstandingReview } from "@/lib/access/utils";
import { decidableStages } from "@/lib/account-requests/ability";
import { STAGE_LABEL, STAGES } from "@/lib/account-requests/constants";
import { findPendingRequestsFor } from "@/lib/account-requests/data";
import { openStages, requestReference } from "@/lib/account-requests/utils";
import { requireActor, requirePageActor } from "@/lib/core/auth-gate";
import { env } from "@/lib/core/env";
import { AREA_ROLES, type Actor } from "@/lib/core/roles";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { findReviewerCandidates } from "./data";
import type { ApprovalQueueEntry } from "./types";
import { byAge, candidateActor } from "./utils";

/** The pending account and access requests this person may decide now (the decision's own ability rules). */
async function findDecidableRequests(actor: Actor) {
  // Account requests are read for every stage: a candidate reviewer may hold a stage this reviewer does not.
  const [accountRequests, accessRequests] = await Promise.all([findPendingRequestsFor(actor.userId, [...STAGES]), findPendingAccessRequests(actor.userId)]);
  return {
    accountQueue: accountRequests
      .map((request) => ({ ...request, ownerIds: request.owners.map((owner) => owner.userId) }))
      .filter((request) => decidableStages(actor, request).length > 0),
    accessQueue: accessRequests.filter((request) => canDecideAccessRequest(actor, request)),
  };
}

/**
 * Every request this person may decide now, account and access requests together, oldest first. Each entry says who
 * else may decide it: the same ability rules that guard the decision, asked of each candidate reviewer, so the
 * queue can never list someone the decision would refuse (and never the requester).
 */
async function buildQueue(actor: Actor): Promise<ApprovalQueueEntry[]> {
  const { accountQueue, accessQueue } = await findDecidableRequests(actor);
  const ownerIds = [...new Set(accessQueue.flatMap((request) => request.targetOwnerIds.flat()))];
  const candidates = (await findReviewerCandidates(ownerIds))
    .filter((person) => person.id !== actor.userId)
    .map((person) => ({ person: { id: person.id, name: person.name }, asActor: candidateActor(person, env.AUTH_GROUP_ROLES) }));

  const accountEntries = accountQueue.map((request): ApprovalQueueEntry => {
    const yours = decidableStages(actor, request);
    const open = openStages(request.requiredStages, request.approvals.map((approval) => approval.stage));
    return {
      kind: "account",
      id: request.id,
      reference: requestReference(request.number),
      title: request.name,
      href: `/requests/${request.id}`,
      detail: `${ENVIRONMENTS.find((environment) => environment.value === request.environment)?.label ?? request.environment} · ${request.unit.name}`,
      breakGlass: false,
      requester: request.requester.name,
      submittedAt: request.submittedAt ?? request.updatedAt,
      deadline: request.expiresAt,
      needs: open.map((stage) => `${STAGE_LABEL[stage]}${yours.includes(stage) ? " (you)" : ""}`).join(", "),
      others: candidates.filter((candidate) => decidableStages(candidate.asActor, request).length > 0).map((candidate) => candidate.person),
    };
  });
  const accessEntries = accessQueue.map(
    (request): ApprovalQueueEntry => ({
      kind: "access",
      id: request.id,
      reference: accessReference(request.number),
      title: request.roleVersion.name,
      href: `/access/${request.id}`,
      detail: request.grants.map((grant) => grant.account.name).join(", "),
      breakGlass: request.breakGlass,
      requester: request.requester.name,
      submittedAt: request.createdAt,
      deadline: request.reviewDeadline,
      needs: describeOutstanding(outstandingReview(request, request.decisions)),
      others: candidates.filter((candidate) => canDecideAccessRequest(candidate.asActor, request)).map((candidate) => candidate.person),
    }),
  );
  return [...accountEntries, ...accessEntries].sort(byAge);
}

/** The approvals page. */
export async function loadApprovalQueue() {
  const actor = await requirePageActor(...AREA_ROLES.approvals);
  return { actor, queue: await buildQueue(actor) };
}

/** How many requests wait for this person (the navigation badge; GET route). */
export async function loadApprovalCount(): Promise<{ count: number }> {
  const actor = await requireActor();
  // Only the count: who else may decide each request (a read of every candidate reviewer) is the page's business.
  const { accountQueue, accessQueue } = await findDecidableRequests(actor);
  return { count: accountQueue.length + accessQueue.length };
}
