"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { ConfirmCancelButton } from "@/components/ui/confirm-cancel-button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { cancelAccountRequest, retryAccountProvisioning } from "@/lib/account-requests/actions";

const buttonClass =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** The requester withdraws their request (with a confirmation step). */
export function CancelRequestButton({ requestId }: { requestId: string }) {
  const router = useRouter();
  const cancel = useGuardedAction(cancelAccountRequest);
  return (
    <ConfirmCancelButton
      pending={cancel.isPending}
      error={cancel.result.serverError?.message}
      onConfirm={async () => {
        const result = await cancel.executeAsync({ requestId });
        if (!result?.serverError) router.refresh();
        // It moved on before the cancellation arrived (a stale page): show it as it is now, and say why.
        else if (result.serverError.code === "CONFLICT") router.replace(`/requests/${requestId}?outcome=stale-cancel`);
      }}
    />
  );
}

/**
 * A platform admin re-queues a failed provisioning; it resumes at the failed step. While no member exists yet the
 * name parts can be changed first (the fix when Tencent reports the name as used in the organization).
 */
export function RetryProvisioningButton({ requestId, renameParts, currentParts }: { requestId: string; renameParts: string[]; currentParts: Record<string, string> }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const retry = useGuardedAction(retryAccountProvisioning);
  const [renaming, setRenaming] = useState(false);
  const [parts, setParts] = useState(() => Object.fromEntries(renameParts.map((part) => [part, currentParts[part] ?? ""])));
  const error = retry.result.serverError;
  const problems = Object.values(error?.fieldErrors ?? {}).flat();

  async function run(nameParts?: Record<string, string>) {
    const result = await retry.executeAsync({ requestId, nameParts });
    if (result && !result.serverError && !result.validationErrors) {
      setRenaming(false);
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      {renaming ? (
        <form
          className="flex flex-wrap items-end justify-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void run(parts);
          }}
        >
          {renameParts.map((part) => (
            <label key={part} className="text-xs font-medium">
              {part.charAt(0).toUpperCase() + part.slice(1)}
              <input
                className="mt-0.5 block w-32 rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
                value={parts[part] ?? ""}
                onChange={(event) => setParts({ ...parts, [part]: event.target.value })}
              />
            </label>
          ))}
          <button type="submit" className={buttonClass} disabled={retry.isPending}>
            Rename and retry
          </button>
          <button type="button" className={buttonClass} onClick={() => setRenaming(false)}>
            Back
          </button>
        </form>
      ) : (
        <span className="flex gap-2">
          {renameParts.length > 0 && (
            <button type="button" className={buttonClass} disabled={!hydrated} onClick={() => setRenaming(true)}>
              Rename…
            </button>
          )}
          <button type="button" className={buttonClass} disabled={!hydrated || retry.isPending} onClick={() => void run()}>
            {retry.isPending ? "Retrying…" : "Retry failed step"}
          </button>
        </span>
      )}
      {error && error.code !== "MFA_REQUIRED" && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {problems.length > 0 ? problems.join(" ") : error.message}
        </p>
      )}
    </div>
  );
}
