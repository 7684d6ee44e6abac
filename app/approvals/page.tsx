import type { Metadata } from "next";
import { RequestsTable } from "@/components/account-requests/requests-table";
import { PageHeader } from "@/components/ui/page-header";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import { loadApprovalQueue } from "@/lib/account-requests/loaders";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const { queue, stages } = await loadApprovalQueue();
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          stages.length > 0
            ? `Requests waiting for a ${stages.map((stage) => STAGE_LABEL[stage].toLowerCase()).join(" or ")}, oldest first. Your own requests never appear here.`
            : "Your roles do not decide account requests."
        }
      />
      {queue.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          Nothing is waiting for you.
        </p>
      ) : (
        <RequestsTable
          mode="queue"
          caption="Requests waiting for your decision"
          rows={queue.map((entry) => entry.request)}
          yourStages={new Map(queue.map((entry) => [entry.request.id, entry.stages]))}
        />
      )}
    </>
  );
}
