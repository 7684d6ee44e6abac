import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Audit" };

export default function Page() {
  return (
    <ComingSoon
      title="Audit"
      description="A tamper-evident history of every decision and every Tencent API call."
      plans={["Hash-chained, append-only events with signed checkpoints.", "Filters, event details, evidence export and chain verification."]}
    />
  );
}
