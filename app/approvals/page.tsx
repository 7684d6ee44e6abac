import type { Metadata } from "next";
import { RequestsTable } from "@/components/account-requests/requests-table";
import { AccessRequestsTable } from "@/components/access/access-requests-table";
import { PageHeader } from "@/components/ui/page-header";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import { loadApprovalQueue } from "@/lib/account-requests/loaders";
import { loadAccessQueue } from "@/lib/access/loaders";

export const metadata: Metadata = { title: "Approvals" };

const emptyClass = "rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400";

export default async function ApprovalsPage() {
  const { actor, queue, stages } = await loadApprovalQueue();
  const accessQueue = await loadAccessQueue(actor);
  return (
    <>
      <PageHeader title="Approvals" description="What waits for your decision, oldest first. Your own requests never appear here." />
      <section aria-labelledby="access-queue-heading" className="mb-8">
        <h2 id="access-queue-heading" className="mb-2 text-lg font-semibold">Access requests</h2>
        {accessQueue.length === 0 ? (
          <p className={emptyClass}>No access request waits for you.</p>
        ) : (
          <AccessRequestsTable mode="queue" caption="Access requests waiting for your review" rows={accessQueue} />
        )}
      </section>
      {stages.length > 0 && (
        <section aria-labelledby="account-queue-heading">
          <h2 id="account-queue-heading" className="mb-2 text-lg font-semibold">Account requests</h2>
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">As {stages.map((stage) => STAGE_LABEL[stage].toLowerCase()).join(" or ")}.</p>
          {queue.length === 0 ? (
            <p className={emptyClass}>Nothing is waiting for you.</p>
          ) : (
            <RequestsTable
              mode="queue"
              caption="Requests waiting for your decision"
              rows={queue.map((entry) => entry.request)}
              yourStages={new Map(queue.map((entry) => [entry.request.id, entry.stages]))}
            />
          )}
        </section>
      )}
    </>
  );
}
