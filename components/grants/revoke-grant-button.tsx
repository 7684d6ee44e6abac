"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { COMMENT_MAX } from "@/lib/access/constants";
import { revokeAccessGrant } from "@/lib/grants/actions";

const buttonClass = "rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

/**
 * "Revoke…" for one grant: a confirmation dialog with an optional reason, then the revocation (no MFA: it only
 * takes access away). A grant that moved on meanwhile is reported and the page refreshed.
 */
export function RevokeGrantButton({ grantId, accountName, credentialsIssued }: { grantId: string; accountName: string; credentialsIssued: number }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const revoke = useGuardedAction(revokeAccessGrant);
  const [reason, setReason] = useState("");
  const error = revoke.result.serverError;
  const reasonErrors = (revoke.result.validationErrors as { reason?: { _errors?: string[] } } | undefined)?.reason?._errors ?? [];
  const headingId = `revoke-${grantId}-heading`;

  function close() {
    dialog.current?.close();
    setReason("");
    revoke.reset();
  }

  async function confirm() {
    const result = await revoke.executeAsync({ grantId, reason: reason.trim() || undefined });
    if (result?.data) {
      close();
      router.refresh();
    } else if (result?.serverError?.code === "CONFLICT") {
      router.refresh();
    }
  }

  return (
    <>
      <button
        type="button"
        disabled={!hydrated}
        onClick={() => dialog.current?.showModal()}
        className={`${buttonClass} border border-rose-300 text-rose-800 hover:bg-rose-50 dark:border-rose-800 dark:text-rose-200 dark:hover:bg-rose-950`}
      >
        Revoke…
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        onCancel={close}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id={headingId} className="text-base font-semibold">
          Revoke access to {accountName}?
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The role assignment is removed now. This cannot be undone: more access needs a new request.</p>
        {credentialsIssued > 0 && (
          <p className="mt-2 text-sm text-amber-800 dark:text-amber-200">
            CLI credentials issued for this grant keep working until they expire (never after the grant would have): Tencent Cloud cannot end an STS session early.
          </p>
        )}
        <label htmlFor={`revoke-${grantId}-reason`} className="mt-3 block text-sm font-medium">
          Reason (optional, shown in the history)
        </label>
        <textarea
          id={`revoke-${grantId}-reason`}
          rows={3}
          maxLength={COMMENT_MAX}
          className={FORM_INPUT_CLASS}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        {[...reasonErrors, error && error.code !== "MFA_REQUIRED" ? error.message : undefined]
          .filter((message): message is string => Boolean(message))
          .map((message) => (
            <p key={message} role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
              {message}
            </p>
          ))}
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={close} className={`${buttonClass} border border-slate-300 dark:border-slate-700`}>
            Cancel
          </button>
          <button type="button" disabled={revoke.isPending} onClick={() => void confirm()} className={`${buttonClass} bg-rose-700 text-white hover:bg-rose-800`}>
            {revoke.isPending ? "Revoking…" : "Revoke access"}
          </button>
        </div>
      </dialog>
    </>
  );
}
