"use client";

import { useRouter } from "next/navigation";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { PRIMARY_BUTTON_CLASS } from "@/components/policies/labels";
import { useHydrated } from "@/components/ui/use-hydrated";
import { confirmAccountOwnership } from "@/lib/ownership/actions";

/** "Confirm ownership" for an owner: the confirmation shown on the page is sent along (compare-and-set). */
export function ConfirmOwnershipButton({ accountId, confirmedAt }: { accountId: string; confirmedAt: string | null }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const confirm = useGuardedAction(confirmAccountOwnership);
  const error = confirm.result.serverError;

  async function onClick() {
    const result = await confirm.executeAsync({ accountId, confirmedAt });
    if (result?.data || result?.serverError?.code === "CONFLICT") router.refresh();
  }

  return (
    <div className="mt-3">
      <button type="button" className={PRIMARY_BUTTON_CLASS} disabled={!hydrated || confirm.isPending} onClick={() => void onClick()}>
        {confirm.isPending ? "Confirming…" : "Confirm ownership"}
      </button>
      <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-300">
        {confirm.hasSucceeded ? "Thank you: ownership confirmed." : null}
      </p>
      {error && error.code !== "MFA_REQUIRED" && error.code !== "UNAUTHENTICATED" && (
        <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
          {error.message}
        </p>
      )}
    </div>
  );
}
