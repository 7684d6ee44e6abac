import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import type { ReconciliationRunView } from "@/lib/grants/types";

function RunSummary({ run }: { run: ReconciliationRunView }) {
  if (!run.finishedAt) return <Badge tone="info">Running</Badge>;
  if (run.error) return <Badge tone="danger">Stopped with errors</Badge>;
  if (run.failed > 0) return <Badge tone="danger">{run.failed} could not be removed</Badge>;
  if (run.removed > 0) return <Badge tone="warning">{run.removed} removed</Badge>;
  return <Badge tone="success">Nothing unexplained</Badge>;
}

/** Reconciliation runs, newest first, each with the out-of-band assignments it found and what became of them. */
export function ReconciliationRuns({ runs }: { runs: ReconciliationRunView[] }) {
  if (runs.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        No reconciliation has run yet: the worker runs it every 15 minutes (ACCESS_RECONCILE_INTERVAL_MINUTES) when Tencent Cloud is configured.
      </p>
    );
  }
  return (
    <ol className="space-y-4">
      {runs.map((run) => (
        <li key={run.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-sm font-semibold">
              <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
            </h2>
            <RunSummary run={run} />
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {run.assignmentsSeen} assignment{run.assignmentsSeen === 1 ? "" : "s"} of catalog roles checked · {run.removed} removed · {run.failed} failed
            {run.finishedAt && <> · finished {formatDateTime(run.finishedAt)}</>}
          </p>
          {run.error && (
            <p role="note" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
              {run.error}
            </p>
          )}
          {run.findings.length > 0 && (
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Assignments no grant explained, found {formatDateTime(run.startedAt)}</caption>
                <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400">
                  <tr>
                    <th className="py-1 pr-4">Account</th>
                    <th className="py-1 pr-4">Role</th>
                    <th className="py-1 pr-4">Principal</th>
                    <th className="py-1">Outcome</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {run.findings.map((finding) => (
                    <tr key={finding.id} className="align-top">
                      <td className="py-1 pr-4">
                        {finding.accountName && <span className="block font-mono">{finding.accountName}</span>}
                        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{finding.targetUin}</span>
                      </td>
                      <td className="py-1 pr-4">
                        {finding.roleName ?? "—"}
                        <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{finding.roleConfigurationId}</span>
                      </td>
                      <td className="py-1 pr-4">
                        {finding.principalName ?? "—"}
                        <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{finding.principalId}</span>
                      </td>
                      <td className="py-1">
                        {finding.removed ? (
                          <Badge tone="warning">Removed</Badge>
                        ) : (
                          <>
                            <Badge tone="danger">Still in place</Badge>
                            <span className="mt-1 block text-xs text-rose-700 dark:text-rose-300">
                              {finding.errorCode}: {finding.errorMessage}
                            </span>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
