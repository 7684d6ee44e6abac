import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import type { ApprovalQueueEntry, SlaState } from "@/lib/approvals/types";
import { slaState } from "@/lib/approvals/utils";
import { formatDuration } from "@/lib/role-catalog/utils";

const SLA_BADGE: Record<Exclude<SlaState, "none">, { tone: BadgeTone; label: string }> = {
  overdue: { tone: "danger", label: "Overdue" },
  "due-soon": { tone: "warning", label: "Due soon" },
  "on-time": { tone: "success", label: "On time" },
};

/** Whole minutes, at least one, as "2 h 5 min". */
function elapsed(from: Date, to: Date): string {
  return formatDuration(Math.max(1, Math.round(Math.abs(to.getTime() - from.getTime()) / 60_000)) * 60);
}

/** The approvals queue: every request waiting for this reviewer, oldest first, with age, SLA and who else may decide. */
export function QueueTable({ entries, now }: { entries: ApprovalQueueEntry[]; now: Date }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Requests waiting for your decision</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-4 py-3">Request</th>
            <th scope="col" className="px-4 py-3">Requested by</th>
            <th scope="col" className="px-4 py-3">Waiting</th>
            <th scope="col" className="px-4 py-3">Decide before</th>
            <th scope="col" className="px-4 py-3">Still needs</th>
            <th scope="col" className="px-4 py-3">Also eligible</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {entries.map((entry) => {
            const sla = slaState(entry.deadline, now);
            return (
              <tr key={`${entry.kind}-${entry.id}`} data-kind={entry.kind} data-sla={sla}>
                <td className="px-4 py-3">
                  <Link href={entry.href} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                    {entry.title}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {entry.reference} · {entry.kind === "account" ? "new account" : "access"}
                    {entry.breakGlass && <span className="ml-1 font-semibold text-rose-700 dark:text-rose-300">break-glass</span>}
                  </div>
                  <div className="font-mono text-xs text-slate-600 dark:text-slate-400">{entry.detail}</div>
                </td>
                <td className="px-4 py-3">{entry.requester}</td>
                <td className="px-4 py-3 whitespace-nowrap">{elapsed(entry.submittedAt, now)}</td>
                <td className="px-4 py-3 whitespace-nowrap">
                  {sla === "none" ? (
                    "—"
                  ) : (
                    <>
                      <Badge tone={SLA_BADGE[sla].tone}>{SLA_BADGE[sla].label}</Badge>
                      <div className="mt-1 text-xs text-slate-500">
                        {formatDateTime(entry.deadline)}
                        {entry.deadline && <> ({sla === "overdue" ? `${elapsed(entry.deadline, now)} ago` : `${elapsed(now, entry.deadline)} left`})</>}
                      </div>
                    </>
                  )}
                </td>
                <td className="px-4 py-3">{entry.needs}</td>
                <td className="px-4 py-3 text-xs">{entry.others.length > 0 ? entry.others.map((person) => person.name).join(", ") : "Nobody else"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
