import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DecisionPanel } from "@/components/account-requests/decision-panel";
import { ProvisioningTimeline } from "@/components/account-requests/provisioning-timeline";
import { CancelRequestButton, RetryProvisioningButton } from "@/components/account-requests/request-controls";
import { RequestApprovals, RequestSummary } from "@/components/account-requests/request-summary";
import { REQUEST_STATUS_TONE } from "@/components/account-requests/labels";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { STATUS_LABEL } from "@/lib/account-requests/constants";
import { loadRequestPage } from "@/lib/account-requests/loaders";
import { requestReference, stringRecord } from "@/lib/account-requests/utils";
import { AppError } from "@/lib/core/errors";
import { idSchema } from "@/lib/core/validation";

// Once per request: generateMetadata and the page both need it.
const loadOrNotFound = cache(async (id: string) => {
  if (!idSchema.safeParse(id).success) notFound();
  try {
    return await loadRequestPage(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: PageProps<"/requests/[id]">): Promise<Metadata> {
  const { request } = await loadOrNotFound((await params).id);
  return { title: `${requestReference(request.number)} ${request.name}` };
}

/** Why the page was reloaded after an action found it stale (fixed texts: the URL only picks one). */
const OUTCOMES: Record<string, string> = {
  "stale-decision": "Someone decided this request while you were looking at it, so your decision was not recorded. This is where it stands now.",
  "stale-cancel": "This request moved on before your cancellation arrived, so it was not cancelled. This is where it stands now.",
};

export default async function RequestPage({ params, searchParams }: PageProps<"/requests/[id]">) {
  const { actor, request, can, eligible, renameParts } = await loadOrNotFound((await params).id);
  const outcome = OUTCOMES[String((await searchParams).outcome)];
  const reference = requestReference(request.number);
  const showTimeline = ["PENDING", "APPROVED", "PROVISIONING", "FAILED", "COMPLETED"].includes(request.status);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/requests" className="hover:underline">
          Requests
        </Link>{" "}
        / {reference}
      </nav>
      <PageHeader
        title={request.name || "Untitled draft"}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {reference} · requested by {request.requester.name}
            <Badge tone={REQUEST_STATUS_TONE[request.status]}>{STATUS_LABEL[request.status]}</Badge>
          </span>
        }
      >
        <div className="flex flex-wrap items-start gap-2">
          {can.editDraft && (
            <Link href={`/requests/new?draft=${request.id}`} className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">
              Resume draft
            </Link>
          )}
          {can.cancel && <CancelRequestButton requestId={request.id} />}
          {can.retry && <RetryProvisioningButton requestId={request.id} renameParts={renameParts} currentParts={stringRecord(request.nameParts)} />}
        </div>
      </PageHeader>

      {outcome && <Notice tone="warning" title="Nothing changed">{outcome}</Notice>}
      {can.ownerReviewer && <Notice title="You are named an owner">You cannot decide a request that names you as an owner of the account; the people listed below can.</Notice>}
      {request.status === "PENDING" && request.requester.id === actor.userId && (
        <Notice title="Waiting for approval">You cannot approve your own request; the people listed below can.</Notice>
      )}
      {(request.status === "REJECTED" || request.status === "CANCELLED" || request.status === "EXPIRED") && (
        <Notice tone="warning" title={STATUS_LABEL[request.status]}>
          {request.closeReason ?? "No reason was given."}
        </Notice>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <RequestSummary request={request} />
          {showTimeline && (
            <section aria-labelledby="timeline-heading">
              <h2 id="timeline-heading" className="mb-2 text-base font-semibold">Provisioning</h2>
              <ProvisioningTimeline
                requestId={request.id}
                initial={{
                  status: request.status,
                  version: request.version,
                  memberUin: request.memberUin,
                  accountId: request.accountId,
                  steps: request.steps.map((step) => ({
                    ...step,
                    startedAt: step.startedAt?.toISOString() ?? null,
                    finishedAt: step.finishedAt?.toISOString() ?? null,
                  })),
                }}
              />
            </section>
          )}
        </div>
        <div className="space-y-6">
          {can.decideStages.length > 0 && <DecisionPanel requestId={request.id} version={request.version} stages={can.decideStages} />}
          <RequestApprovals request={request} eligible={eligible} />
        </div>
      </div>
    </>
  );
}
