import Link from "next/link";
import { ENVIRONMENT_LABEL, ENVIRONMENT_TONE, STATUS_LABEL, STATUS_TONE, formatDate } from "@/components/accounts/labels";
import { OwnerList } from "@/components/accounts/owner-list";
import { ariaSort, SortLink } from "@/components/accounts/sort-link";
import { Badge } from "@/components/ui/badge";
import type { OwnershipQuery, OwnershipSortField } from "@/lib/ownership/schema";
import type { OwnershipRow } from "@/lib/ownership/types";
import { OWNERSHIP_PATH, ownershipHref } from "@/lib/ownership/utils";

const COLUMNS: { label: string; sort?: OwnershipSortField }[] = [
  { label: "Account", sort: "name" },
  { label: "Environment", sort: "environment" },
  { label: "Status", sort: "status" },
  { label: "Unit", sort: "unit" },
  { label: "Team", sort: "team" },
  { label: "Owners" },
  { label: "Attention" },
  { label: "Last activity", sort: "lastActivityAt" },
  { label: "Review due", sort: "reviewDueAt" },
];

/** The filtered accounts; sorting and paging happen on the server (headers and pager are links). */
export function OwnershipTable({ rows, query }: { rows: OwnershipRow[]; query: OwnershipQuery }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Accounts and their ownership</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
          <tr>
            {COLUMNS.map((column) => {
              const active = column.sort !== undefined && query.sort === column.sort;
              return (
                <th key={column.label} scope="col" className="px-4 py-3 font-semibold whitespace-nowrap" aria-sort={ariaSort(active, query.dir)}>
                  {column.sort ? (
                    <SortLink
                      label={column.label}
                      href={ownershipHref(query, { sort: column.sort, dir: active && query.dir === "asc" ? "desc" : "asc", page: 1 })}
                      active={active}
                      dir={query.dir}
                    />
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
              <td className="px-4 py-3 align-top">
                <Link href={`/accounts/${row.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {row.name}
                </Link>
                <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{row.memberUin ?? "not provisioned"}</div>
              </td>
              <td className="px-4 py-3 align-top">
                <Badge tone={ENVIRONMENT_TONE[row.environment]}>{ENVIRONMENT_LABEL[row.environment]}</Badge>
              </td>
              <td className="px-4 py-3 align-top">
                <Badge tone={STATUS_TONE[row.status]}>{STATUS_LABEL[row.status]}</Badge>
              </td>
              <td className="px-4 py-3 align-top">{row.unitName}</td>
              <td className="px-4 py-3 align-top">{row.teamName ?? "—"}</td>
              <td className="px-4 py-3 align-top">
                <OwnerList owners={row.owners} />
              </td>
              <td className="px-4 py-3 align-top">
                <span className="flex flex-wrap gap-1">
                  {row.orphaned && <Badge tone="danger">Orphaned</Badge>}
                  {row.dormant && <Badge tone="warning">Dormant</Badge>}
                  {row.status === "UNMANAGED" && <Badge tone="warning">Unmanaged</Badge>}
                  {row.reviewDue && <Badge tone="warning">Review due</Badge>}
                </span>
              </td>
              <td className="px-4 py-3 align-top whitespace-nowrap">{formatDate(row.lastActivityAt)}</td>
              <td className="px-4 py-3 align-top whitespace-nowrap">{row.status === "ACTIVE" ? formatDate(row.reviewDueAt) : "—"}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="px-4 py-10 text-center text-slate-500 dark:text-slate-400">
                No accounts match these filters.{" "}
                <Link href={OWNERSHIP_PATH} className="text-sky-700 hover:underline dark:text-sky-400">
                  Clear filters
                </Link>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
