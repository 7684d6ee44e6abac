"use client";

import { CloudDownload } from "lucide-react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { useHydrated } from "@/components/ui/use-hydrated";
import { requestCloudAuditImport } from "@/lib/audit/actions";

/** Queues a CloudAudit import now instead of waiting for the worker's 15-minute schedule. */
export function ImportButton() {
  const hydrated = useHydrated();
  const { execute, result, isPending } = useGuardedAction(requestCloudAuditImport);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={() => execute({})}
        disabled={!hydrated || isPending}
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        <CloudDownload aria-hidden className="size-4" />
        Import CloudAudit now
      </button>
      <span role="status" className="text-slate-600 dark:text-slate-400">
        {result.data &&
          (result.data.queued
            ? "Queued: the worker imports the events in the background; reload in a minute."
            : "An import is already waiting to run.")}
        {result.serverError?.message}
      </span>
    </div>
  );
}
