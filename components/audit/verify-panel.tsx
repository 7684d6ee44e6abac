"use client";

import { ShieldCheck } from "lucide-react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { Notice } from "@/components/ui/notice";
import { useHydrated } from "@/components/ui/use-hydrated";
import { verifyChain } from "@/lib/audit/actions";

const FAILURE_TITLES = {
  changed: "An event was changed",
  missing: "Events are missing",
  reordered: "Events were reordered or replaced",
  "bad-signature": "A checkpoint signature is not valid",
  "checkpoint-mismatch": "The chain was rewritten after it was signed",
} as const;

/** "Verify chain": recomputes every hash and checkpoint signature on the server and shows the verdict. */
export function VerifyPanel() {
  const hydrated = useHydrated();
  const { execute, result, isPending } = useGuardedAction(verifyChain);
  const report = result.data;
  return (
    <section aria-labelledby="verify-heading" className="space-y-3">
      <h2 id="verify-heading" className="sr-only">
        Chain verification
      </h2>
      <button
        type="button"
        onClick={() => execute({})}
        disabled={!hydrated || isPending}
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        <ShieldCheck aria-hidden className="size-4" />
        {isPending ? "Verifying…" : "Verify chain"}
      </button>
      {result.serverError && <Notice tone="error" title="Verification could not run">{result.serverError.message}</Notice>}
      {report && !report.firstFailure && (
        <Notice title="The audit chain is intact">
          {report.eventsChecked.toLocaleString("en-US")} events (1–{report.toSeq}) recomputed in {report.seconds} s (
          {report.eventsPerSecond.toLocaleString("en-US")} events/s); {report.checkpointsChecked} signed checkpoint(s) valid
          {report.anchoredAt ? `, anchored at event ${report.anchoredAt}` : ", none yet"}.
        </Notice>
      )}
      {report?.firstFailure && (
        <Notice tone="error" title={`${FAILURE_TITLES[report.firstFailure.kind]} — first failure at event ${report.firstFailure.seq}`}>
          {report.firstFailure.detail}. {report.eventsChecked.toLocaleString("en-US")} events checked before it.
        </Notice>
      )}
    </section>
  );
}
