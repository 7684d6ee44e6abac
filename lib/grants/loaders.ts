import "server-only";
import { OVERSIGHT_ROLES } from "@/lib/access/constants";
import { forbidden } from "next/navigation";
import { canViewAccessRequest } from "@/lib/access/ability";
import type { GrantForAbility } from "@/lib/access/types";
import { requireActor, requirePageActor } from "@/lib/core/auth-gate";
import { AppError } from "@/lib/core/errors";
import type { Actor } from "@/lib/core/roles";
import { canViewReconciliation } from "./ability";
import { RECONCILIATION_RUNS_SHOWN } from "./constants";
import { findGrantForAbility, findGrantViews, findReconciliationRuns, findRequestForView } from "./data";
import type { GrantView, ReconciliationRunView } from "./types";

/**
 * For actions' authorize hooks: whether this person is one who may act on this grant, read from the database (an
 * unknown grant: no). Whether the grant still allows it now is the mutation's answer (a CONFLICT that says why).
 */
export async function allowsOnGrant(actor: Actor, grantId: string, rule: (actor: Actor, grant: GrantForAbility) => boolean): Promise<boolean> {
  const grant = await findGrantForAbility(grantId);
  return grant !== null && rule(actor, grant);
}

/**
 * The grants of one access request with what the signed-in person may do with each (revoke, get CLI credentials),
 * for the request page. A request the person may not see does not exist for them.
 */
export async function loadRequestGrants(requestId: string): Promise<GrantView[]> {
  const actor = await requirePageActor();
  const request = await findRequestForView(requestId);
  if (!request || !canViewAccessRequest(actor, request)) throw new AppError("NOT_FOUND", "This request does not exist.");
  return findGrantViews({ requestId }, actor);
}

/** The signed-in person's own access that is scheduled, active or being removed, soonest to end first. */
export async function loadMyActiveAccess(): Promise<GrantView[]> {
  const actor = await requirePageActor();
  return findGrantViews({ requesterId: actor.userId, live: true }, actor);
}

/** Everyone's access that is scheduled, active or being removed (security, approvers, admins and auditors). */
export async function loadEveryonesLiveAccess(): Promise<GrantView[]> {
  const actor = await requirePageActor(...OVERSIGHT_ROLES);
  return findGrantViews({ everyone: true, live: true }, actor);
}

/** The same lists for GET route handlers (live refresh): an UNAUTHENTICATED error instead of a redirect. */
export async function loadGrantViewsForRoute(scope: { requestId: string } | { mine: true }): Promise<GrantView[]> {
  const actor = await requireActor();
  if ("mine" in scope) return findGrantViews({ requesterId: actor.userId, live: true }, actor);
  const request = await findRequestForView(scope.requestId);
  if (!request || !canViewAccessRequest(actor, request)) throw new AppError("NOT_FOUND", "This request does not exist.");
  return findGrantViews({ requestId: scope.requestId }, actor);
}

/** The reconciliation page: the newest runs and what they removed (security, platform admins, auditors). */
export async function loadReconciliationRuns(): Promise<ReconciliationRunView[]> {
  const actor = await requirePageActor();
  if (!canViewReconciliation(actor)) forbidden();
  return findReconciliationRuns(RECONCILIATION_RUNS_SHOWN);
}
