import type { Metadata } from "next";
import { QueueTable } from "@/components/approvals/queue-table";
import { PageHeader } from "@/components/ui/page-header";
import { loadApprovalQueue } from "@/lib/approvals/loaders";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const { queue } = await loadApprovalQueue();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Account and access requests waiting for your decision, oldest first. Your own requests never appear here."
      />
      {queue.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          Nothing waits for your decision.
        </p>
      ) : (
        <QueueTable entries={queue} now={new Date()} />
      )}
    </>
  );
}
