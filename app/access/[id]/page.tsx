import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AccessDecisionPanel, CancelAccessButton, CloseReviewForm } from "@/components/access/access-controls";
import { ACCESS_STATUS_TONE } from "@/components/access/labels";
import { LiveGrantTable } from "@/components/grants/live-grant-table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { GRANT_STATUS_LABEL, STATUS_LABEL } from "@/lib/access/constants";
import { loadAccessRequestPage } from "@/lib/access/loaders";
import { accessReference } from "@/lib/access/utils";
import { formatDuration } from "@/lib/role-catalog/utils";
import { AppError } from "@/lib/core/errors";
import { loadRequestGrants } from "@/lib/grants/loaders";
import { idSchema } from "@/lib/core/validation";
import { REVIEWER_LABEL } from "@/lib/role-catalog/constants";

// Once per request: generateMetadata and the page both need it.
const loadOrNotFound = cache(async (id: string) => {
  if (!idSchema.safeParse(id).success) notFound();
  try {
    return await loadAccessRequestPage(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: PageProps<"/access/[id]">): Promise<Metadata> {
  const { detail } = await loadOrNotFound((await params).id);
  return { title: `${accessReference(detail.number)} ${detail.roleVersion.name}` };
}

/** Why the page was reloaded after an action found it stale (fixed texts: the URL only picks one). */
const OUTCOMES: Record<string, string> = {
  "stale-decision": "Someone reviewed this request while you were looking at it, so your decision was not recorded. This is where it stands now.",
  "stale-cancel": "This request was reviewed before your cancellation arrived, so it was not cancelled. This is where it stands now.",
};

export default async function AccessRequestPage({ params, searchParams }: PageProps<"/access/[id]">) {
  const { actor, detail, version, outstanding, reviewers, history, hiddenHistory, can } = await loadOrNotFound((await params).id);
  const grants = await loadRequestGrants(detail.id);
  const outcome = OUTCOMES[String((await searchParams).outcome)];
  const reference = accessReference(detail.number);
  const rules = `${detail.approvalsRequired} approval${detail.approvalsRequired === 1 ? "" : "s"} from ${detail.reviewers.map((reviewer) => REVIEWER_LABEL[reviewer].toLowerCase()).join(" or ")}${detail.securityRequired ? ", a security reviewer among them (production)" : ""}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/access" className="hover:underline">
          Access
        </Link>{" "}
        / {reference}
      </nav>
      <PageHeader
        title={detail.roleVersion.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {reference} · requested by {detail.requester.name}
            <Badge tone={ACCESS_STATUS_TONE[detail.status]}>{STATUS_LABEL[detail.status]}</Badge>
            {detail.breakGlass && <Badge tone="danger">Break-glass</Badge>}
          </span>
        }
      >
        {can.cancel && <CancelAccessButton requestId={detail.id} />}
      </PageHeader>

      {outcome && <Notice tone="warning" title="Nothing changed">{outcome}</Notice>}
      {detail.status === "PENDING" && can.isRequester && <Notice title="Waiting for review">You cannot approve your own request; the people listed on the right can.</Notice>}
      {detail.status === "PENDING" && !can.isRequester && can.decidedAlready && <Notice title="You reviewed this request">It needs {outstanding} from someone else.</Notice>}
      {(detail.status === "REJECTED" || detail.status === "EXPIRED" || detail.status === "CANCELLED") && (
        <Notice tone="warning" title={STATUS_LABEL[detail.status]}>{detail.closeReason ?? "No reason was given."}</Notice>
      )}
      {detail.breakGlass && (
        <Notice tone="warning" title="Break-glass access">Activated without a review; every reviewer and security were alerted, and a security reviewer reviews it afterwards.</Notice>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <section aria-labelledby="summary-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="summary-heading" className="text-base font-semibold">Request</h2>
            <dl className="mt-3 grid gap-4 sm:grid-cols-2">
              <Field label="Role">
                {detail.roleVersion.name} <span className="text-slate-500">(v{detail.roleVersion.version})</span>
                <p className="text-xs text-slate-500">{detail.roleVersion.description}</p>
              </Field>
              <Field label="Duration">{formatDuration(detail.durationSeconds)}, from activation</Field>
              <Field label="Start">{detail.breakGlass ? "At once (break-glass)" : detail.startAt ? formatDateTime(detail.startAt) : "As soon as approved"}</Field>
              <Field label="Review rule">{detail.breakGlass ? "None: break-glass" : rules}</Field>
              <Field label="Requested">{formatDateTime(detail.createdAt)}</Field>
              <Field label={detail.status === "PENDING" ? "Review before" : "Decided"}>{formatDateTime(detail.status === "PENDING" ? detail.reviewDeadline : detail.decidedAt)}</Field>
              <div className="sm:col-span-2">
                <Field label={detail.breakGlass ? "Emergency" : "Justification"}>{detail.justification}</Field>
              </div>
              <Field label="Ticket">
                {detail.ticketUrl ? (
                  <a href={detail.ticketUrl} className="break-all text-sky-700 hover:underline dark:text-sky-400" rel="noreferrer noopener" target="_blank">
                    {detail.ticketUrl}
                  </a>
                ) : null}
              </Field>
            </dl>
          </section>

          <section aria-labelledby="grants-heading">
            <h2 id="grants-heading" className="mb-2 text-base font-semibold">Access</h2>
            <LiveGrantTable requestId={detail.id} initial={grants} caption={`Accounts of ${reference}`} showRequester={!can.isRequester} />
          </section>

          {detail.review && (
            <section aria-labelledby="review-heading" className="rounded-lg border border-rose-200 bg-white p-4 dark:border-rose-900 dark:bg-slate-900">
              <h2 id="review-heading" className="text-base font-semibold">Post-incident review</h2>
              {detail.review.status === "OPEN" ? (
                <p className="mt-1 text-sm">Open: a security reviewer other than {detail.requester.name} closes it with findings.</p>
              ) : (
                <>
                  <p className="mt-1 text-sm">
                    Closed by {detail.review.closedBy?.name} on {formatDateTime(detail.review.closedAt)}.
                  </p>
                  <p className="mt-2 text-sm whitespace-pre-wrap">{detail.review.findings}</p>
                </>
              )}
              {can.closeReview &&
                (can.accessLive ? (
                  <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">You can close it once the access has ended: revoke it above to end it now.</p>
                ) : (
                  <CloseReviewForm requestId={detail.id} />
                ))}
            </section>
          )}
        </div>

        <div className="min-w-0 space-y-6">
          {can.decide && outstanding && <AccessDecisionPanel requestId={detail.id} version={version} outstanding={outstanding} />}
          <section aria-labelledby="reviews-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="reviews-heading" className="text-base font-semibold">Reviews</h2>
            {detail.approvals.length === 0 ? (
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{detail.breakGlass ? "None: break-glass skips the review." : "Nobody has reviewed it yet."}</p>
            ) : (
              <ul className="mt-2 space-y-2 text-sm">
                {detail.approvals.map((approval) => (
                  <li key={approval.approver.id}>
                    <Badge tone={approval.decision === "APPROVED" ? "success" : "danger"}>{approval.decision === "APPROVED" ? "Approved" : "Denied"}</Badge>{" "}
                    {approval.approver.name}
                    {approval.asSecurity && <span className="text-xs text-slate-500"> (security)</span>}
                    <span className="block text-xs text-slate-500">{formatDateTime(approval.createdAt)}</span>
                    {approval.comment && <span className="block text-slate-700 dark:text-slate-300">“{approval.comment}”</span>}
                  </li>
                ))}
              </ul>
            )}
            {detail.status === "PENDING" && (
              <>
                <h3 className="mt-4 text-sm font-semibold">Who can review</h3>
                <p className="text-xs text-slate-500">Still needs {outstanding}.</p>
                <ul aria-label="Who can review" className="mt-1 text-sm">
                  {reviewers.map((person) => (
                    <li key={person.id}>
                      {person.name}
                      {person.id === actor.userId && " (you)"}
                      <span className="text-xs text-slate-500">
                        {" "}
                        {[person.approver && "approver", person.security && "security", person.owner && "owner of every account"].filter(Boolean).join(", ")}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          {history.length + hiddenHistory > 0 && (
            <section aria-labelledby="history-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <h2 id="history-heading" className="text-base font-semibold">{detail.requester.name}&apos;s other access</h2>
              <ul className="mt-2 space-y-2 text-sm">
                {history.map((entry) => (
                  <li key={entry.id}>
                    <Link href={`/access/${entry.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {accessReference(entry.number)} {entry.roleVersion.name}
                    </Link>{" "}
                    <Badge tone={ACCESS_STATUS_TONE[entry.status]}>{STATUS_LABEL[entry.status]}</Badge>
                    {entry.breakGlass && <Badge tone="danger">Break-glass</Badge>}
                    <span className="block text-xs text-slate-500">
                      {entry.grants.map((grant) => `${grant.account.name}: ${GRANT_STATUS_LABEL[grant.status].toLowerCase()}${grant.expiresAt && grant.status === "ACTIVE" ? ` until ${formatDateTime(grant.expiresAt)}` : ""}`).join("; ")}
                    </span>
                  </li>
                ))}
              </ul>
              {hiddenHistory > 0 && (
                <p className="mt-2 text-xs text-slate-500">
                  And {hiddenHistory} other request{hiddenHistory === 1 ? "" : "s"} on accounts you do not own.
                </p>
              )}
            </section>
          )}
        </div>
      </div>
    </>
  );
}
