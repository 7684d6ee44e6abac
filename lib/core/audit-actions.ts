/**
 * The closed set of things the audit history records. A new kind of event is added here first, so the history
 * page, filters and exports always know every action. Events imported from CloudAudit use "cloud.<EventName>".
 */
export const AUDIT_ACTIONS = {
  "user.signIn": "Signed in",
  "user.signOut": "Signed out",
  "user.deactivate": "Deactivated a person",
  "user.reactivate": "Reactivated a person",
  "session.revokeAll": "Signed out everywhere",
  "audit.verify": "Verified the audit chain",
  "audit.export": "Exported audit evidence",
  "audit.import": "Imported CloudAudit events",
  "accountRequest.saveDraft": "Saved an account request draft",
  "accountRequest.submit": "Submitted an account request",
  "accountRequest.cancel": "Cancelled an account request",
  "accountRequest.approve": "Approved an account request",
  "accountRequest.reject": "Rejected an account request",
  "accountRequest.expire": "An account request expired",
  "accountRequest.provisionStep": "Ran a provisioning step",
  "accountRequest.provisionFailed": "Provisioning failed",
  "accountRequest.retry": "Retried provisioning",
  "accountRequest.complete": "Provisioned an account",
  "approvalPolicy.publish": "Published an approval policy",
  "namingConvention.publish": "Published a naming convention",
  "catalogRole.create": "Created a catalog role",
  "catalogRole.publish": "Published a catalog role version",
  "catalogRole.rollback": "Rolled back a catalog role",
  "catalogRole.retire": "Retired a catalog role",
  "catalogRole.reactivate": "Reactivated a catalog role",
  "catalogRole.provision": "Provisioned a catalog role in Cloud Identity Center",
  "catalogRole.provisionFailed": "Provisioning a catalog role failed",
  "accessRequest.submit": "Requested access",
  "accessRequest.breakGlass": "Used break-glass access",
  "accessRequest.approve": "Approved an access request",
  "accessRequest.deny": "Denied an access request",
  "accessRequest.cancel": "Cancelled an access request",
  "accessRequest.expire": "An access request expired unreviewed",
  "breakGlassReview.close": "Closed a break-glass review",
  "accessGrant.activated": "Access activated",
  "accessGrant.activationFailed": "Activating access failed",
  "accessGrant.revoke": "Revoked access",
  "accessGrant.expired": "Access expired and was removed",
  "accessGrant.revoked": "Revoked access was removed",
  "accessGrant.removalFailed": "Removing access keeps failing",
  "accessGrant.credentialsIssued": "Issued temporary CLI credentials",
  "accessReconciliation.removed": "Removed access no grant explains",
  "inventory.syncRequested": "Asked for an inventory sync",
  "inventory.syncCompleted": "Synced the inventory from Tencent Cloud",
  "inventory.syncFailed": "An inventory sync failed",
  "account.confirmOwnership": "Confirmed ownership of an account",
  "account.claim": "Claimed an unmanaged account",
} as const;

export type PortalAuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditAction = PortalAuditAction | `cloud.${string}`;

export function auditActionLabel(action: string): string {
  if (action.startsWith("cloud.")) return `Tencent Cloud: ${action.slice("cloud.".length)}`;
  return AUDIT_ACTIONS[action as PortalAuditAction] ?? action;
}
