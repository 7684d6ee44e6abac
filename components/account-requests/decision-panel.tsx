"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { approvalCountQueryKey } from "@/components/approvals/queue-count-badge";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useSessionDraft } from "@/components/ui/use-session-draft";
import { approveAccountRequest, rejectAccountRequest } from "@/lib/account-requests/actions";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import type { ApprovalStage } from "@/lib/core/generated/prisma/enums";

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900";
const buttonClass = "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

/**
 * Approve (optional comment) or reject (reason required) one stage. Both need an MFA sign-in; without one the
 * person is sent to confirm with MFA and back. `version` is what they saw: a request that changed since is refused.
 */
export function DecisionPanel({ requestId, version, stages }: { requestId: string; version: number; stages: ApprovalStage[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const approve = useGuardedAction(approveAccountRequest);
  const reject = useGuardedAction(rejectAccountRequest);
  const [stage, setStage] = useState<ApprovalStage>(stages[0] ?? "PLATFORM");
  // The text survives the trip to confirm with MFA, until the decision is recorded.
  const [comment, setComment, clearComment] = useSessionDraft(`lattice:decision-comment:${requestId}`);
  const [rejecting, setRejecting] = useState(false);
  const busy = approve.isPending || reject.isPending;
  const error = approve.result.serverError ?? reject.result.serverError;
  const validation = reject.result.validationErrors as { reason?: { _errors?: string[] } } | undefined;

  async function decide(kind: "approve" | "reject") {
    const result =
      kind === "approve"
        ? await approve.executeAsync({ requestId, version, stage, comment: comment.trim() || undefined })
        : await reject.executeAsync({ requestId, version, stage, reason: comment });
    if (result?.data) {
      clearComment();
      void queryClient.invalidateQueries({ queryKey: approvalCountQueryKey });
      router.refresh();
    }
    // A conflict means the page was stale (decided meanwhile): show the request as it is now, and say why.
    else if (result?.serverError?.code === "CONFLICT") router.replace(`/requests/${requestId}?outcome=stale-decision`);
  }

  return (
    <section aria-labelledby="decision-heading" className="rounded-lg border border-sky-200 bg-sky-50 p-4 dark:border-sky-900 dark:bg-sky-950/40">
      <h2 id="decision-heading" className="text-base font-semibold">Your decision</h2>
      {stages.length > 1 ? (
        <div className="mt-2">
          <label htmlFor="decision-stage" className="text-sm font-medium">Decide as</label>
          <select id="decision-stage" className={inputClass} value={stage} onChange={(event) => setStage(event.target.value as ApprovalStage)}>
            {stages.map((candidate) => (
              <option key={candidate} value={candidate}>{STAGE_LABEL[candidate]}</option>
            ))}
          </select>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">You hold both roles, but you count once: another person gives the other stage.</p>
        </div>
      ) : (
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">As {STAGE_LABEL[stage].toLowerCase()}.</p>
      )}
      <div className="mt-3">
        <label htmlFor="decision-comment" className="text-sm font-medium">
          {rejecting ? "Reason for rejecting (required, shown to the requester)" : "Comment (optional)"}
        </label>
        <textarea id="decision-comment" rows={3} className={inputClass} value={comment} onChange={(event) => setComment(event.target.value)} />
        {validation?.reason?._errors?.map((message) => (
          <p key={message} role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-300">{message}</p>
        ))}
      </div>
      {error && error.code !== "MFA_REQUIRED" && (
        <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">{error.message}</p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {rejecting ? (
          <>
            <button type="button" disabled={!hydrated || busy} onClick={() => void decide("reject")} className={`${buttonClass} bg-rose-700 text-white hover:bg-rose-800`}>
              Confirm rejection
            </button>
            <button type="button" disabled={busy} onClick={() => setRejecting(false)} className={`${buttonClass} border border-slate-300 dark:border-slate-700`}>
              Back
            </button>
          </>
        ) : (
          <>
            <button type="button" disabled={!hydrated || busy} onClick={() => void decide("approve")} className={`${buttonClass} bg-emerald-700 text-white hover:bg-emerald-800`}>
              {approve.isPending ? "Approving…" : "Approve"}
            </button>
            <button type="button" disabled={!hydrated || busy} onClick={() => setRejecting(true)} className={`${buttonClass} border border-rose-300 text-rose-800 hover:bg-rose-50 dark:border-rose-800 dark:text-rose-200`}>
              Reject…
            </button>
          </>
        )}
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Deciding needs a sign-in with MFA; you will be asked to confirm if yours did not use it.</p>
    </section>
  );
}
