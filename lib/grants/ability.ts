import { canIssueCredentials, canRevokeGrant } from "@/lib/access/ability";
import type { GrantForAbility } from "@/lib/access/types";
import { hasRole, type Actor } from "@/lib/core/roles";
import { RECONCILIATION_VIEW_ROLES } from "./constants";

// Deny by default. The rules themselves are lib/access/ability.ts's; these split them into "who" (checked by the
// action's authorize hook: FORBIDDEN) and "now" (checked by the mutation in its transaction: a CONFLICT that says
// why, because a page that was right a minute ago is stale, not forbidden).

/** Whether this person is one who may revoke the grant (the grantee, an owner of the account, security). */
export function mayRevokeGrant(actor: Actor, grant: GrantForAbility): boolean {
  return canRevokeGrant(actor, { ...grant, status: "ACTIVE" });
}

/** Whether this person is one who may get CLI credentials for the grant: only the grantee. */
export function mayIssueCredentials(actor: Actor, grant: GrantForAbility): boolean {
  return grant.requesterId === actor.userId;
}

/** Why revoking is refused now (null: allowed). */
export function revocationRefusal(actor: Actor, grant: GrantForAbility): "forbidden" | "stale" | null {
  if (canRevokeGrant(actor, grant)) return null;
  return mayRevokeGrant(actor, grant) ? "stale" : "forbidden";
}

/** Why issuing credentials is refused now (null: allowed). */
export function credentialRefusal(actor: Actor, grant: GrantForAbility, now: Date): "forbidden" | "stale" | null {
  if (canIssueCredentials(actor, grant, now)) return null;
  return mayIssueCredentials(actor, grant) ? "stale" : "forbidden";
}

/** Security, platform admins and auditors see reconciliation runs and the access they removed. */
export function canViewReconciliation(actor: Actor): boolean {
  return hasRole(actor, ...RECONCILIATION_VIEW_ROLES);
}
