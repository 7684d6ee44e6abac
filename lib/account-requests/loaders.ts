import "server-only";
import { requireActor, requirePageActor } from "@/lib/core/auth-gate";
import { AppError } from "@/lib/core/errors";
import { AREA_ROLES, hasRole, type Actor } from "@/lib/core/roles";
import { canCancelRequest, canEditDraft, canRetryProvisioning, canViewRequest, decidableStages } from "./ability";
import {
  findEligibleApprovers,
  findFormOptions,
  findGuardrails,
  findMyRequests,
  findRequestDetail,
  findRequestForAbility,
  findRequestTimeline,
  findSubmittedRequests,
  isAccountNameTaken,
  type RequestForDecision,
} from "./data";
import { nameCheckQuery } from "./schema";
import { freePlaceholders } from "./utils";

/** Whether an ability rule allows this person on this request, read from the database (an unknown request: no). */
export async function allowsOnRequest(actor: Actor, requestId: string, rule: (actor: Actor, request: RequestForDecision) => boolean): Promise<boolean> {
  const request = await findRequestForAbility(requestId);
  return request !== null && rule(actor, request);
}

/** Loads a request the person may see, or NOT_FOUND (a request one may not see does not exist for them). */
async function requireVisibleRequest(actor: Actor, id: string) {
  const request = await findRequestForAbility(id);
  if (!request || !canViewRequest(actor, request)) throw new AppError("NOT_FOUND", "This request does not exist.");
  return request;
}

/** The form: guardrails in force (for live validation), the options, and the draft being resumed. */
export async function loadRequestForm(draftId?: string) {
  const actor = await requirePageActor(...AREA_ROLES.requests);
  const [guardrails, options] = await Promise.all([findGuardrails(), findFormOptions()]);
  let draft = null;
  if (draftId) {
    const request = await requireVisibleRequest(actor, draftId);
    if (!canEditDraft(actor, request)) throw new AppError("NOT_FOUND", "This draft does not exist.");
    draft = await findRequestDetail(draftId);
  }
  return { actor, guardrails, freeParts: freePlaceholders(guardrails.namingTemplate), options, draft };
}

/** The request page: the request, what this person may do with it, and who else can approve. */
export async function loadRequestPage(id: string) {
  const actor = await requirePageActor(...AREA_ROLES.requests);
  const request = await requireVisibleRequest(actor, id);
  const detail = await findRequestDetail(id);
  if (!detail) throw new AppError("NOT_FOUND", "This request does not exist.");
  const eligible = detail.status === "PENDING" ? await findEligibleApprovers(request) : [];
  const retry = canRetryProvisioning(actor, request);
  // A failed request without a member yet may be renamed on retry (Tencent refused its name): the parts to edit.
  const renameParts = retry && !request.memberUin ? freePlaceholders((await findGuardrails()).namingTemplate) : [];
  return {
    actor,
    request: detail,
    renameParts,
    can: {
      decideStages: decidableStages(actor, request),
      cancel: canCancelRequest(actor, request),
      editDraft: canEditDraft(actor, request),
      retry,
      // A reviewer named as an owner: told why they see no decision panel.
      ownerReviewer: request.status === "PENDING" && request.ownerIds.includes(actor.userId) && request.requesterId !== actor.userId && hasRole(actor, "approver", "security"),
    },
    eligible,
  };
}

/** The timeline the request page polls (GET route). */
export async function loadRequestTimeline(id: string) {
  const actor = await requireActor();
  await requireVisibleRequest(actor, id);
  const timeline = await findRequestTimeline(id);
  if (!timeline) throw new AppError("NOT_FOUND", "This request does not exist.");
  return timeline;
}

/** The requests list: the person's own (and those naming them as owner); reviewers may switch to all. */
export async function loadRequestsList(scope: "mine" | "all") {
  const actor = await requirePageActor(...AREA_ROLES.requests);
  const mayListAll = hasRole(actor, "approver", "security", "platform-admin", "auditor");
  const showAll = scope === "all" && mayListAll;
  return { actor, mayListAll, showAll, requests: showAll ? await findSubmittedRequests() : await findMyRequests(actor.userId) };
}

/** Live uniqueness check for the form (GET route): whether the name is free. Signed-in callers only, checked first. */
export async function loadNameAvailability(query: Record<string, string>) {
  await requireActor();
  const { name, except } = nameCheckQuery.parse(query);
  return { name, available: !(await isAccountNameTaken(name, except)) };
}
