"use client";

import { useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useEffect } from "react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { useHydrated } from "@/components/ui/use-hydrated";
import { syncInventoryNow } from "@/lib/inventory/actions";
import { inventoryRunsQueryKey } from "./query-keys";

/** Starts a sync now, or joins the one already running; the runs list then polls its progress. */
export function SyncNowButton({ running, runs }: { running: boolean; runs: { id: string; status: string }[] }) {
  const hydrated = useHydrated();
  const queryClient = useQueryClient();
  const { execute, result, isPending } = useGuardedAction(syncInventoryNow);
  const runId = result.data?.runId;
  // The run this press started or joined, as the polled list last saw it: the message follows it to its end.
  const over = runs.some((run) => run.id === runId && run.status !== "RUNNING");
  useEffect(() => {
    // The list is fetched again at once and keeps polling while the run is in progress.
    if (runId) void queryClient.invalidateQueries({ queryKey: inventoryRunsQueryKey, exact: true });
  }, [runId, queryClient]);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={() => execute({})}
        disabled={!hydrated || isPending}
        className="inline-flex items-center gap-2 rounded-md bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 disabled:opacity-50"
      >
        <RefreshCw aria-hidden className={running || isPending ? "size-4 animate-spin" : "size-4"} />
        Sync now
      </button>
      <span role="status" className="text-slate-600 dark:text-slate-400">
        {result.data && (over ? "The sync is over: its figures are in the table below." : result.data.joined ? "A sync was already running: following it." : "Sync started.")}
        {result.serverError?.message}
      </span>
    </div>
  );
}
