"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import type { InventoryRunStatus } from "@/lib/core/generated/prisma/enums";
import type { InventoryRunView, InventoryRunsView } from "@/lib/inventory/types";
import { inventoryRunsQueryKey } from "./query-keys";
import { SyncNowButton } from "./sync-now-button";

/** Polled this often while a run is in progress; not at all otherwise. */
const RUNNING_POLL_MS = 2_000;

const STATUS: Record<InventoryRunStatus, { label: string; tone: BadgeTone }> = {
  RUNNING: { label: "Running", tone: "info" },
  SUCCEEDED: { label: "Succeeded", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

function duration(run: InventoryRunView): string {
  if (!run.finishedAt) return "—";
  const seconds = Math.max(0, Math.round((new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const number = (value: number) => value.toLocaleString("en-US");

function CurrentRun({ run }: { run: InventoryRunView }) {
  const settled = run.accountsDone + run.accountsFailed;
  const percent = run.accountsTotal > 0 ? Math.floor((100 * settled) / run.accountsTotal) : 0;
  return (
    <section aria-labelledby="current-run" className="mb-6 rounded-lg border border-sky-200 bg-white p-4 dark:border-sky-900 dark:bg-slate-900">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="current-run" className="text-sm font-semibold">
          Sync in progress, started <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
        </h2>
        <Badge tone="info">Running</Badge>
      </div>
      <div
        role="progressbar"
        aria-label="Member accounts read"
        aria-valuemin={0}
        aria-valuemax={run.accountsTotal}
        aria-valuenow={settled}
        className="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className="h-full bg-sky-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400" data-testid="run-progress">
        {run.accountsTotal > 0 ? `${number(settled)} of ${number(run.accountsTotal)} member accounts read (${percent} %)` : "Reading the organization…"}
        {run.accountsFailed > 0 && ` · ${run.accountsFailed} failed`} · {number(run.items)} resources · {number(run.calls)} API calls, {number(run.throttled)} throttled.
        Nothing of this run is visible on the dashboards until it completes.
      </p>
    </section>
  );
}

/**
 * The inventory sync: the run in progress with its progress bar (polled every 2 s while it runs), the Sync now button
 * for those allowed, and the recent runs with their figures and failed member accounts.
 */
export function InventoryRuns({ initial }: { initial: InventoryRunsView }) {
  const { data } = useQuery({
    queryKey: inventoryRunsQueryKey,
    initialData: initial,
    queryFn: async ({ signal }) => {
      const response = await fetch("/api/inventory/runs", { signal });
      if (!response.ok) throw new Error(`inventory runs: HTTP ${response.status}`);
      return (await response.json()) as InventoryRunsView;
    },
    refetchInterval: (query) => (query.state.data?.runs.some((run) => run.status === "RUNNING") ? RUNNING_POLL_MS : false),
  });
  const current = data.runs.find((run) => run.status === "RUNNING");
  return (
    <>
      {data.canSync && (
        <div className="mb-4">
          <SyncNowButton running={current !== undefined} runs={data.runs} />
        </div>
      )}
      {current && <CurrentRun run={current} />}
      {data.runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No sync has run yet. The worker syncs the organization every INVENTORY_SYNC_INTERVAL_MINUTES (60 by default) when Tencent Cloud is configured, and once at
          start.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm" data-testid="inventory-runs">
            <caption className="sr-only">Recent inventory syncs, newest first</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th className="px-3 py-2">Started</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Trigger</th>
                <th className="px-3 py-2 text-right">Duration</th>
                <th className="px-3 py-2 text-right">Accounts</th>
                <th className="px-3 py-2 text-right">Calls</th>
                <th className="px-3 py-2 text-right">Errors</th>
                <th className="px-3 py-2 text-right">Throttled</th>
                <th className="px-3 py-2 text-right">Items</th>
                <th className="px-3 py-2 text-right">Added</th>
                <th className="px-3 py-2 text-right">Gone</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {data.runs.map((run) => (
                <RunRow key={run.id} run={run} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function RunRow({ run }: { run: InventoryRunView }) {
  const status = STATUS[run.status];
  return (
    <>
      <tr className="align-top" data-status={run.status}>
        <td className="px-3 py-2 whitespace-nowrap">
          <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
        </td>
        <td className="px-3 py-2">
          <Badge tone={status.tone}>{status.label}</Badge>
        </td>
        <td className="px-3 py-2 text-xs">{run.trigger === "MANUAL" ? `Sync now${run.requestedBy ? ` by ${run.requestedBy}` : ""}` : "Schedule"}</td>
        <td className="px-3 py-2 text-right tabular-nums">{duration(run)}</td>
        <td className="px-3 py-2 text-right tabular-nums">
          {number(run.accountsDone)} / {number(run.accountsTotal)}
        </td>
        <td className="px-3 py-2 text-right tabular-nums">{number(run.calls)}</td>
        <td className="px-3 py-2 text-right tabular-nums">{number(run.errors)}</td>
        <td className="px-3 py-2 text-right tabular-nums">{number(run.throttled)}</td>
        <td className="px-3 py-2 text-right tabular-nums" data-testid="run-items">
          {number(run.items)}
        </td>
        <td className="px-3 py-2 text-right tabular-nums">{number(run.resourcesAdded)}</td>
        <td className="px-3 py-2 text-right tabular-nums">{number(run.resourcesGone)}</td>
      </tr>
      {(run.failure || run.failedMembers.length > 0) && (
        <tr>
          <td colSpan={11} className="px-3 pb-3">
            {run.failure && (
              <p role="note" className="text-sm text-rose-700 dark:text-rose-300">
                {run.failure}
              </p>
            )}
            {run.failedMembers.length > 0 && (
              <details className="text-sm">
                <summary className="cursor-pointer text-rose-700 dark:text-rose-300">
                  {run.accountsFailed} member account{run.accountsFailed === 1 ? "" : "s"} could not be read (their previous resources stay as they were)
                </summary>
                <ul className="mt-1 space-y-1">
                  {run.failedMembers.map((member) => (
                    <li key={member.memberUin}>
                      <span className="font-mono">{member.name ?? member.memberUin}</span>
                      {member.name && <span className="ml-1 font-mono text-xs text-slate-500 dark:text-slate-400">{member.memberUin}</span>}
                      <span className="block text-xs text-slate-600 dark:text-slate-400">{member.failure}</span>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
