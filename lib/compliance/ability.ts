import { AREA_ROLES, hasRole, type Actor } from "@/lib/core/roles";

// Deny by default: each rule returns true only for the case it allows.

/**
 * Who may read the tag dashboard, its JSON and its CSV export: everyone with the dashboards area. The dashboard
 * shows resource names, tag values and owners' names and emails across the organization — what every engineer
 * already sees on the accounts pages — and changes nothing.
 */
export function canReadTagDashboard(actor: Actor | null | undefined): boolean {
  if (!actor) return false;
  return hasRole(actor, ...AREA_ROLES.dashboards);
}
