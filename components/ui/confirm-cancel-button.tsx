"use client";

import { useState } from "react";
import { useHydrated } from "./use-hydrated";

const buttonClass =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

/**
 * "Cancel request" with a confirmation step, for any kind of request: `onConfirm` runs the domain's cancel action
 * (and refreshes or redirects); `pending` and `error` come from that action.
 */
export function ConfirmCancelButton({ onConfirm, pending, error }: { onConfirm: () => Promise<void>; pending: boolean; error?: string }) {
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <span className="flex items-center gap-2 text-sm">
          Cancel this request?
          <button
            type="button"
            className={buttonClass}
            disabled={pending}
            onClick={async () => {
              await onConfirm();
              setConfirming(false);
            }}
          >
            Yes, cancel it
          </button>
          <button type="button" className={buttonClass} onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      ) : (
        <button type="button" className={buttonClass} disabled={!hydrated} onClick={() => setConfirming(true)}>
          Cancel request
        </button>
      )}
      {error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{error}</p>}
    </div>
  );
}
