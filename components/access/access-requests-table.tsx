import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import { STATUS_LABEL } from "@/lib/access/constants";
import { accessReference } from "@/lib/access/utils";
import { formatDuration } from "@/lib/role-catalog/utils";
import type { AccessRequestStatus } from "@/lib/core/generated/prisma/enums";
import { ACCESS_STATUS_TONE } from "./labels";

export interface AccessRequestRow {
  id: string;
  number: number;
  status: AccessRequestStatus;
  breakGlass: boolean;
  durationSeconds: number;
  createdAt: Date;
  requester: { name: string };
  roleVersion: { name: string };
  grants: { account: { name: string } }[];
}

/** A list of access requests with their status (the approvals queue has its own table, components/approvals). */
export function AccessRequestsTable({ rows, caption }: { rows: AccessRequestRow[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-4 py-3">Request</th>
            <th scope="col" className="px-4 py-3">Accounts</th>
            <th scope="col" className="px-4 py-3">Requested by</th>
            <th scope="col" className="px-4 py-3">Duration</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Requested</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="px-4 py-3">
                <Link href={`/access/${row.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {row.roleVersion.name}
                </Link>
                <div className="text-xs text-slate-500">
                  {accessReference(row.number)}
                  {row.breakGlass && <span className="ml-1 font-semibold text-rose-700 dark:text-rose-300">break-glass</span>}
                </div>
              </td>
              <td className="px-4 py-3 font-mono text-xs">{row.grants.map((grant) => grant.account.name).join(", ")}</td>
              <td className="px-4 py-3">{row.requester.name}</td>
              <td className="px-4 py-3 whitespace-nowrap">{formatDuration(row.durationSeconds)}</td>
              <td className="px-4 py-3">
                <Badge tone={ACCESS_STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                {formatDateTime(row.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
