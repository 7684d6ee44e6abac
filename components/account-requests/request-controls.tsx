"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { useHydrated } from "@/components/ui/use-hydrated";
import { cancelAccountRequest, retryAccountProvisioning } from "@/lib/account-requests/actions";

const buttonClass =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** The requester withdraws their request (with a confirmation step). */
export function CancelRequestButton({ requestId }: { requestId: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const cancel = useGuardedAction(cancelAccountRequest);
  const [confirming, setConfirming] = useState(false);
  const error = cancel.result.serverError;
  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <span className="flex items-center gap-2 text-sm">
          Cancel this request?
          <button
            type="button"
            className={buttonClass}
            disabled={cancel.isPending}
            onClick={async () => {
              const result = await cancel.executeAsync({ requestId });
              // Cancelled, or already moved on (a stale page): either way show the request as it is now.
              if (!result?.serverError || result.serverError.code === "CONFLICT") router.refresh();
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
      {error && <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{error.message}</p>}
    </div>
  );
}

/** A platform admin re-queues a failed provisioning; it resumes at the failed step. */
export function RetryProvisioningButton({ requestId }: { requestId: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const retry = useGuardedAction(retryAccountProvisioning);
  const error = retry.result.serverError;
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        className={buttonClass}
        disabled={!hydrated || retry.isPending}
        onClick={async () => {
          const result = await retry.executeAsync({ requestId });
          if (result && !result.serverError) router.refresh();
        }}
      >
        {retry.isPending ? "Retrying…" : "Retry failed step"}
      </button>
      {error && error.code !== "MFA_REQUIRED" && <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{error.message}</p>}
    </div>
  );
}
