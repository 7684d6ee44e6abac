import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import { auditActionLabel } from "@/lib/core/audit-actions";

export interface HistoryRow {
  seq: string;
  occurredAt: string;
  source: "PORTAL" | "CLOUDAUDIT";
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  accountUin: string | null;
}

export function HistoryTable({ rows }: { rows: HistoryRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit events</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-4 py-3">#</th>
            <th scope="col" className="px-4 py-3">When</th>
            <th scope="col" className="px-4 py-3">Who</th>
            <th scope="col" className="px-4 py-3">What</th>
            <th scope="col" className="px-4 py-3">Target</th>
            <th scope="col" className="px-4 py-3">Account</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.seq} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
              <td className="px-4 py-2.5 font-mono text-xs">
                <Link href={`/audit/${row.seq}`} className="text-sky-700 hover:underline dark:text-sky-400" aria-label={`Event ${row.seq}`}>
                  {row.seq}
                </Link>
              </td>
              <td className="px-4 py-2.5 whitespace-nowrap">{formatDateTime(row.occurredAt)}</td>
              <td className="px-4 py-2.5">{row.actorLabel}</td>
              <td className="px-4 py-2.5">
                <span className="flex flex-wrap items-center gap-1">
                  {auditActionLabel(row.action)}
                  {row.source === "CLOUDAUDIT" && <Badge tone="info">CloudAudit</Badge>}
                </span>
              </td>
              <td className="px-4 py-2.5 font-mono text-xs">
                {row.targetType}
                {row.targetId ? `:${row.targetId}` : ""}
              </td>
              <td className="px-4 py-2.5 font-mono text-xs">{row.accountUin ?? "—"}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="px-4 py-10 text-center text-slate-500 dark:text-slate-400">
                No events match these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
