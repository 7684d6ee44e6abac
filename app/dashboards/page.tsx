import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Dashboards" };

export default function Page() {
  return (
    <ComingSoon
      title="Dashboards"
      description="Ownership and tag compliance across the matrix."
      plans={["Accounts by owner, team, unit, environment and region; orphaned, dormant and unmanaged accounts.", "Tag-policy compliance with violations to fix and a trend over time."]}
    />
  );
}
