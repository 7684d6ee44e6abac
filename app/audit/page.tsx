import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";

export const metadata: Metadata = { title: "Audit" };

export default async function Page() {
  await requirePageActor(...AREA_ROLES.audit);
  return (
    <ComingSoon
      title="Audit"
      description="A tamper-evident history of every decision and every Tencent API call."
      plans={["Hash-chained, append-only events with signed checkpoints.", "Filters, event details, evidence export and chain verification."]}
    />
  );
}
