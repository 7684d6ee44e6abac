import clsx from "clsx";
import Link from "next/link";
import { OWNERSHIP_LISTS, type OwnershipQuery } from "@/lib/ownership/schema";
import type { OwnershipConfig, OwnershipHeadline } from "@/lib/ownership/types";
import { ownershipHref } from "@/lib/ownership/utils";
import { LIST_INFO } from "./labels";

/** One card per list with its count under the current filters; a card opens (or closes) the filtered list. */
export function HeadlineCards({ headline, query, config }: { headline: OwnershipHeadline; query: OwnershipQuery; config: OwnershipConfig }) {
  return (
    <ul aria-label="Accounts that need attention" className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {OWNERSHIP_LISTS.map((list) => {
        const info = LIST_INFO[list];
        const selected = query.list === list;
        const count = headline[info.count];
        return (
          <li key={list}>
            <Link
              href={ownershipHref(query, { list: selected ? undefined : list, page: 1 })}
              aria-current={selected ? "true" : undefined}
              aria-label={`${info.title}: ${count} ${count === 1 ? "account" : "accounts"}`}
              className={clsx(
                "block h-full rounded-lg border bg-white p-4 hover:border-sky-400 dark:bg-slate-900",
                selected ? "border-sky-500 ring-2 ring-sky-500/30" : "border-slate-200 dark:border-slate-800",
              )}
            >
              <span className="block text-sm font-medium text-slate-600 dark:text-slate-300">{info.title}</span>
              <span className={clsx("mt-1 block text-3xl font-semibold tabular-nums", count > 0 && list !== "unmanaged" && "text-amber-700 dark:text-amber-300")}>{count}</span>
              <span className="mt-1 block text-xs text-slate-500 dark:text-slate-400">{info.describe(config)}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
