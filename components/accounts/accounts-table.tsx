"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { AccountListQuery, AccountSortField } from "@/lib/accounts/schema";
import type { AccountRow } from "@/lib/accounts/types";
import { accountsHref } from "@/lib/accounts/utils";
import { OwnerList } from "./owner-list";
import { ariaSort, SortLink } from "./sort-link";
import { ENVIRONMENT_LABEL, ENVIRONMENT_TONE, STATUS_LABEL, STATUS_TONE, formatDate, regionLabel } from "./labels";

const column = createColumnHelper<AccountRow>();

/** Columns that the server can sort by, keyed by column id. */
const SORTABLE: Partial<Record<string, AccountSortField>> = {
  name: "name",
  environment: "environment",
  status: "status",
  unitName: "unit",
  lastActivityAt: "lastActivityAt",
};

const columns = [
  column.accessor("name", {
    header: "Account",
    cell: ({ row }) => (
      <div>
        <Link href={`/accounts/${row.original.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
          {row.original.name}
        </Link>
        <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{row.original.memberUin ?? "not provisioned"}</div>
      </div>
    ),
  }),
  column.accessor("environment", {
    header: "Environment",
    cell: ({ getValue }) => <Badge tone={ENVIRONMENT_TONE[getValue()]}>{ENVIRONMENT_LABEL[getValue()]}</Badge>,
  }),
  column.accessor("status", {
    header: "Status",
    cell: ({ getValue }) => <Badge tone={STATUS_TONE[getValue()]}>{STATUS_LABEL[getValue()]}</Badge>,
  }),
  column.accessor("unitName", { header: "Unit" }),
  column.accessor("regions", {
    header: "Regions",
    cell: ({ getValue }) => getValue().map(regionLabel).join(", "),
  }),
  column.accessor("owners", {
    header: "Owners",
    cell: ({ getValue }) => <OwnerList owners={getValue()} />,
  }),
  column.accessor("lastActivityAt", {
    header: "Last activity",
    cell: ({ getValue }) => formatDate(getValue()),
  }),
];

/** The accounts table. Sorting and paging happen on the server; headers and pager are links that change the URL. */
export function AccountsTable({ rows, query }: { rows: AccountRow[]; query: AccountListQuery }) {
  // The app does not use the React Compiler, so TanStack Table's unmemoizable API is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    getRowId: (row) => row.id,
  });

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Member accounts</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortField = SORTABLE[header.column.id];
                const active = sortField !== undefined && query.sort === sortField;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th key={header.id} scope="col" className="px-4 py-3 font-semibold whitespace-nowrap" aria-sort={ariaSort(active, query.dir)}>
                    {sortField ? (
                      <SortLink
                        label={String(header.column.columnDef.header)}
                        href={accountsHref(query, { sort: sortField, dir: active && query.dir === "asc" ? "desc" : "asc", page: 1 })}
                        active={active}
                        dir={query.dir}
                      />
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-4 py-3 align-top">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-4 py-10 text-center text-slate-500 dark:text-slate-400">
                No accounts match these filters.{" "}
                <Link href="/accounts" className="text-sky-700 hover:underline dark:text-sky-400">
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
