import type { Metadata } from "next";
import { InventoryRuns } from "@/components/inventory/inventory-runs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";
import { loadInventoryRuns } from "@/lib/inventory/loaders";

export const metadata: Metadata = { title: "Inventory sync" };
export const dynamic = "force-dynamic";

export default async function Page() {
  await requirePageActor(...AREA_ROLES.dashboards);
  const initial = await loadInventoryRuns();
  return (
    <>
      <PageHeader
        title="Inventory sync"
        description="The mirror of the organization the dashboards read: units, member accounts, their tagged resources and activity. A run becomes visible only once it completes."
      />
      <InventoryRuns initial={initial} />
    </>
  );
}
