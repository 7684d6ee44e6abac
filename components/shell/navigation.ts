import { BadgeCheck, Building2, FileText, LayoutDashboard, ScrollText, Settings } from "lucide-react";

/** The portal's main areas, in the order they appear in the navigation. */
export const NAV_ITEMS = [
  { href: "/accounts", label: "Accounts", icon: Building2 },
  { href: "/requests", label: "Requests", icon: FileText },
  { href: "/approvals", label: "Approvals", icon: BadgeCheck },
  { href: "/dashboards", label: "Dashboards", icon: LayoutDashboard },
  { href: "/audit", label: "Audit", icon: ScrollText },
  { href: "/admin", label: "Admin", icon: Settings },
] as const;
