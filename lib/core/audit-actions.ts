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
} as const;

export type PortalAuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditAction = PortalAuditAction | `cloud.${string}`;

export function auditActionLabel(action: string): string {
  if (action.startsWith("cloud.")) return `Tencent Cloud: ${action.slice("cloud.".length)}`;
  return AUDIT_ACTIONS[action as PortalAuditAction] ?? action;
}
