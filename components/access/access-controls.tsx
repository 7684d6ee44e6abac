"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { approvalCountQueryKey } from "@/components/approvals/queue-count-badge";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { ConfirmCancelButton } from "@/components/ui/confirm-cancel-button";
import { FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useSessionDraft } from "@/components/ui/use-session-draft";
import { approveAccessRequest, cancelAccess, closeBreakGlass, denyAccessRequest } from "@/lib/access/actions";
import { REVIEW_FINDINGS_MIN } from "@/lib/access/constants";

const buttonClass = "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

function ErrorText({ messages }: { messages: (string | undefined)[] }) {
  const shown = messages.filter((message): message is string => Boolean(message));
  if (shown.length === 0) return null;
  return (
    <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
      {shown.join(" ")}
    </p>
  );
}

/**
 * Approve (optional comment) or deny (reason required). Both need an MFA sign-in; without one the reviewer is sent
 * to confirm with MFA and back (the text they typed is kept in this tab). `version` is what they saw.
 */
export function AccessDecisionPanel({ requestId, version, outstanding }: { requestId: string; version: number; outstanding: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  const approve = useGuardedAction(approveAccessRequest);
  const deny = useGuardedAction(denyAccessRequest);
  const [comment, setComment, clearComment] = useSessionDraft(`lattice:access-decision:${requestId}`);
  const [denying, setDenying] = useState(false);
  const busy = approve.isPending || deny.isPending;
  const error = approve.result.serverError ?? deny.result.serverError;
  const reasonErrors = (deny.result.validationErrors as { reason?: { _errors?: string[] } } | undefined)?.reason?._errors ?? [];

  async function decide(kind: "approve" | "deny") {
    const result = kind === "approve" ? await approve.executeAsync({ requestId, version, comment: comment.trim() || undefined }) : await deny.executeAsync({ requestId, version, reason: comment });
    if (result?.data) {
      clearComment();
      void queryClient.invalidateQueries({ queryKey: approvalCountQueryKey });
      router.refresh();
    } else if (result?.serverError?.code === "CONFLICT") router.replace(`/access/${requestId}?outcome=stale-decision`);
  }

  return (
    <section aria-labelledby="access-decision-heading" className="rounded-lg border border-sky-200 bg-sky-50 p-4 dark:border-sky-900 dark:bg-sky-950/40">
      <h2 id="access-decision-heading" className="text-base font-semibold">Your review</h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">It still needs {outstanding}.</p>
      <label htmlFor="access-decision-comment" className="mt-3 block text-sm font-medium">
        {denying ? "Reason for denying (required, shown to the requester)" : "Comment (optional)"}
      </label>
      <textarea
        id="access-decision-comment"
        rows={3}
        className={FORM_INPUT_CLASS}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      <ErrorText messages={[...reasonErrors, error && error.code !== "MFA_REQUIRED" ? error.message : undefined]} />
      <div className="mt-3 flex flex-wrap gap-2">
        {denying ? (
          <>
            <button type="button" disabled={!hydrated || busy} onClick={() => void decide("deny")} className={`${buttonClass} bg-rose-700 text-white hover:bg-rose-800`}>
              Confirm denial
            </button>
            <button type="button" disabled={busy} onClick={() => setDenying(false)} className={`${buttonClass} border border-slate-300 dark:border-slate-700`}>
              Back
            </button>
          </>
        ) : (
          <>
            <button type="button" disabled={!hydrated || busy} onClick={() => void decide("approve")} className={`${buttonClass} bg-emerald-700 text-white hover:bg-emerald-800`}>
              {approve.isPending ? "Approving…" : "Approve"}
            </button>
            <button type="button" disabled={!hydrated || busy} onClick={() => setDenying(true)} className={`${buttonClass} border border-rose-300 text-rose-800 hover:bg-rose-50 dark:border-rose-800 dark:text-rose-200`}>
              Deny…
            </button>
          </>
        )}
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Reviewing needs a sign-in with MFA; you will be asked to confirm if yours did not use it.</p>
    </section>
  );
}

/** The requester withdraws a request nobody has reviewed yet (with a confirmation step). */
export function CancelAccessButton({ requestId }: { requestId: string }) {
  const router = useRouter();
  const cancel = useGuardedAction(cancelAccess);
  return (
    <ConfirmCancelButton
      pending={cancel.isPending}
      error={cancel.result.serverError?.message}
      onConfirm={async () => {
        const result = await cancel.executeAsync({ requestId });
        if (!result?.serverError) router.refresh();
        else if (result.serverError.code === "CONFLICT") router.replace(`/access/${requestId}?outcome=stale-cancel`);
      }}
    />
  );
}

/** A security reviewer writes the findings of a break-glass use and closes its review (MFA). */
export function CloseReviewForm({ requestId }: { requestId: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const close = useGuardedAction(closeBreakGlass);
  // Kept in this tab across the trip to confirm with MFA, like a review comment.
  const [findings, setFindings, clearFindings] = useSessionDraft(`lattice:break-glass-findings:${requestId}`);
  const [tooShort, setTooShort] = useState(false);
  const error = close.result.serverError;
  const findingErrors = (close.result.validationErrors as { findings?: { _errors?: string[] } } | undefined)?.findings?._errors ?? [];
  return (
    <form
      className="mt-3"
      onSubmit={async (event) => {
        event.preventDefault();
        // Said before the MFA step rather than after it; the server checks again.
        setTooShort(findings.trim().length < REVIEW_FINDINGS_MIN);
        if (findings.trim().length < REVIEW_FINDINGS_MIN) return;
        const result = await close.executeAsync({ requestId, findings });
        if (result && !result.serverError && !result.validationErrors) {
          clearFindings();
          router.refresh();
        }
      }}
    >
      <label htmlFor="review-findings" className="block text-sm font-medium">Findings</label>
      <textarea
        id="review-findings"
        rows={4}
        className={FORM_INPUT_CLASS}
        value={findings}
        onChange={(event) => setFindings(event.target.value)}
      />
      <ErrorText
        messages={[
          tooShort ? `Write the findings in at least ${REVIEW_FINDINGS_MIN} characters.` : undefined,
          ...findingErrors,
          error && error.code !== "MFA_REQUIRED" ? error.message : undefined,
        ]}
      />
      <button type="submit" disabled={!hydrated || close.isPending} className={`${buttonClass} mt-2 bg-sky-700 text-white hover:bg-sky-800`}>
        Close the review
      </button>
    </form>
  );
}
