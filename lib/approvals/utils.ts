import { rolesForGroups, type Actor, type GroupRoleMap } from "@/lib/core/roles";
import { DUE_SOON_MS } from "./constants";
import type { ApprovalQueueEntry, SlaState } from "./types";

/** Where a request stands against its decision deadline. */
export function slaState(deadline: Date | null, now: Date): SlaState {
  if (!deadline) return "none";
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return "overdue";
  return left <= DUE_SOON_MS ? "due-soon" : "on-time";
}

/**
 * A would-be reviewer as the ability rules see them, with roles from the groups last seen at sign-in. Used only to
 * ask "may this person decide?" of the same rules that guard the decision itself; never to act as them.
 */
export function candidateActor(person: { id: string; name: string; email: string; groups: string[] }, mapping: GroupRoleMap): Actor {
  return { userId: person.id, sessionId: "", email: person.email, name: person.name, roles: rolesForGroups(person.groups, mapping) ?? [], mfa: true };
}

/** Oldest first; the reference breaks ties so the order is stable. */
export function byAge(a: ApprovalQueueEntry, b: ApprovalQueueEntry): number {
  return a.submittedAt.getTime() - b.submittedAt.getTime() || a.reference.localeCompare(b.reference);
}
