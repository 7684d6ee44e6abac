import { hasRole, type Actor } from "@/lib/core/roles";

// Deny by default: each rule returns true only for the case it allows.

/** Auditors, security reviewers and platform admins read the whole history; others only what concerns them. */
export function canReadAllHistory(actor: Actor): boolean {
  return hasRole(actor, "auditor", "security", "platform-admin");
}

/** What a person who may not read everything sees: their own actions, their accounts, their own requests. */
export interface HistoryScope {
  userId: string;
  accountIds: string[];
  requestIds: string[];
}

/** Whether an event is in a person's scope (the history list applies the same rule in SQL, data.ts#historyWhere). */
export function isInHistoryScope(scope: HistoryScope, event: { actorId: string | null; accountId: string | null; requestRef: string | null }): boolean {
  return (
    event.actorId === scope.userId ||
    (event.accountId !== null && scope.accountIds.includes(event.accountId)) ||
    (event.requestRef !== null && scope.requestIds.includes(event.requestRef))
  );
}

/** Recomputing the chain and exporting evidence are for the same three roles. */
export function canVerifyAndExport(actor: Actor): boolean {
  return hasRole(actor, "auditor", "security", "platform-admin");
}
