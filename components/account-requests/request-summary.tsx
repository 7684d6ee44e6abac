import { CLASSIFICATION_LABEL, ENVIRONMENT_LABEL, regionLabel } from "@/components/accounts/labels";
import { Field } from "@/components/ui/field";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import type { RequestDetail } from "@/lib/account-requests/data";
import { stringRecord } from "@/lib/account-requests/utils";
import type { ApprovalStage } from "@/lib/core/generated/prisma/enums";
import { formatDateTime } from "@/components/ui/date-time";

/** What was asked for. */
export function RequestSummary({ request }: { request: RequestDetail }) {
  const tags = Object.entries(stringRecord(request.tags));
  return (
    <section aria-labelledby="summary-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="summary-heading" className="mb-3 text-base font-semibold">Request</h2>
      <dl className="grid gap-4 sm:grid-cols-2">
        <Field label="Unit">{request.unit.name}</Field>
        <Field label="Environment">{ENVIRONMENT_LABEL[request.environment]}</Field>
        <Field label="Regions">{request.regions.map(regionLabel).join(", ") || null}</Field>
        <Field label="Data classification">{CLASSIFICATION_LABEL[request.dataClassification]}</Field>
        <Field label="Team">{request.team?.name ?? null}</Field>
        <Field label="Cost center">{request.costCenter || null}</Field>
        <Field label="Owners">
          {request.owners.length === 0
            ? null
            : request.owners.map((owner) => (
                <span key={owner.user.id} className="block">
                  {owner.user.name} <span className="text-xs text-slate-500">({owner.role === "PRIMARY" ? "primary" : "secondary"}{owner.user.active ? "" : ", inactive"})</span>
                </span>
              ))}
        </Field>
        <Field label="Ticket">
          {request.ticketUrl ? (
            <a href={request.ticketUrl} rel="noreferrer noopener" target="_blank" className="text-sky-700 hover:underline dark:text-sky-400">
              {request.ticketUrl}
            </a>
          ) : null}
        </Field>
        <Field label="Submitted">{request.submittedAt ? formatDateTime(request.submittedAt) : null}</Field>
        <Field label="Decide before">{request.status === "PENDING" ? formatDateTime(request.expiresAt) : null}</Field>
        <div className="sm:col-span-2">
          <Field label="Business justification">
            <span className="whitespace-pre-wrap">{request.justification || null}</span>
          </Field>
        </div>
        <div className="sm:col-span-2">
          <Field label="Tags">
            {tags.length === 0 ? null : (
              <span className="flex flex-wrap gap-1">
                {tags.map(([key, value]) => (
                  <code key={key} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                    {key}={value}
                  </code>
                ))}
              </span>
            )}
          </Field>
        </div>
      </dl>
    </section>
  );
}

/** Each required stage: who decided it, or who can still decide it (never the requester). */
export function RequestApprovals({
  request,
  eligible,
}: {
  request: RequestDetail;
  eligible: { stage: ApprovalStage; people: { id: string; name: string; email: string }[] }[];
}) {
  if (request.requiredStages.length === 0) return null;
  return (
    <section aria-labelledby="approvals-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="approvals-heading" className="mb-3 text-base font-semibold">Approvals</h2>
      <ul className="space-y-3 text-sm">
        {request.requiredStages.map((stage) => {
          const decision = request.approvals.find((approval) => approval.stage === stage);
          const candidates = eligible.find((entry) => entry.stage === stage)?.people ?? [];
          return (
            <li key={stage} data-stage={stage}>
              <p className="font-medium">{STAGE_LABEL[stage]}</p>
              {decision ? (
                <p className={decision.decision === "APPROVED" ? "text-emerald-700 dark:text-emerald-300" : "text-rose-700 dark:text-rose-300"}>
                  {decision.decision === "APPROVED" ? "Approved" : "Rejected"} by {decision.approver.name} · {formatDateTime(decision.createdAt)}
                  {decision.comment && <span className="block text-slate-700 italic dark:text-slate-300">“{decision.comment}”</span>}
                </p>
              ) : request.status === "PENDING" ? (
                <p className="text-slate-600 dark:text-slate-400">
                  Waiting. Who can approve: {candidates.length > 0 ? candidates.map((person) => person.name).join(", ") : "nobody eligible right now — ask an administrator"}
                </p>
              ) : (
                <p className="text-slate-500">Not decided.</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
