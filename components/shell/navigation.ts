import { BadgeCheck, Building2, FileText, KeyRound, LayoutDashboard, ScrollText, Settings } from "lucide-react";
import { AREA_ROLES, type Role } from "@/lib/core/roles";

/** The portal's main areas, in order; each is shown to the roles that may open it. */
export const NAV_ITEMS = [
  { href: "/accounts", label: "Accounts", icon: Building2, roles: AREA_ROLES.accounts },
  { href: "/requests", label: "Requests", icon: FileText, roles: AREA_ROLES.requests },
  { href: "/access", label: "Access", icon: KeyRound, roles: AREA_ROLES.access },
  { href: "/approvals", label: "Approvals", icon: BadgeCheck, roles: AREA_ROLES.approvals },
  { href: "/dashboards", label: "Dashboards", icon: LayoutDashboard, roles: AREA_ROLES.dashboards },
  { href: "/audit", label: "Audit", icon: ScrollText, roles: AREA_ROLES.audit },
  { href: "/admin", label: "Admin", icon: Settings, roles: AREA_ROLES.admin },
] as const;

export function navItemsFor(roles: readonly Role[]) {
  return NAV_ITEMS.filter((item) => item.roles.some((role: Role) => roles.includes(role)));
}
