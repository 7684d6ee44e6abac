import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";

export const metadata: Metadata = { title: "Dashboards" };

export default async function Page() {
  await requirePageActor(...AREA_ROLES.dashboards);
  return (
    <ComingSoon
      title="Dashboards"
      description="Ownership and tag compliance across the matrix."
      plans={["Accounts by owner, team, unit, environment and region; orphaned, dormant and unmanaged accounts.", "Tag-policy compliance with violations to fix and a trend over time."]}
    />
  );
}
