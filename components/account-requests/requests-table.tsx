import Link from "next/link";
import { ENVIRONMENT_LABEL } from "@/components/accounts/labels";
import { Badge } from "@/components/ui/badge";
import { STATUS_LABEL } from "@/lib/account-requests/constants";
import { requestReference } from "@/lib/account-requests/utils";
import type { AccountRequestStatus, Environment } from "@/lib/core/generated/prisma/enums";
import { formatDateTime } from "@/components/ui/date-time";
import { REQUEST_STATUS_TONE } from "./labels";

export interface RequestRow {
  id: string;
  number: number;
  name: string;
  status: AccountRequestStatus;
  environment: Environment;
  updatedAt: Date;
  requester: { name: string };
  unit: { name: string };
}

/** A list of account requests with their status (the approvals queue has its own table, components/approvals). */
export function RequestsTable({ rows, caption }: { rows: RequestRow[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-4 py-3">Request</th>
            <th scope="col" className="px-4 py-3">Unit</th>
            <th scope="col" className="px-4 py-3">Environment</th>
            <th scope="col" className="px-4 py-3">Requested by</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Updated</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="px-4 py-3">
                <Link href={`/requests/${row.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {row.name || "Untitled draft"}
                </Link>
                <div className="text-xs text-slate-500">{requestReference(row.number)}</div>
              </td>
              <td className="px-4 py-3">{row.unit.name}</td>
              <td className="px-4 py-3">{ENVIRONMENT_LABEL[row.environment]}</td>
              <td className="px-4 py-3">{row.requester.name}</td>
              <td className="px-4 py-3">
                <Badge tone={REQUEST_STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
              </td>
              <td className="px-4 py-3 whitespace-nowrap">{formatDateTime(row.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
