import Link from "next/link";
import { PAGE_SIZES } from "@/lib/accounts/schema";

const linkClass =
  "rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
const disabledClass = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-400 dark:border-slate-800 dark:text-slate-600";

/**
 * Pager of a server-paginated account table (the accounts list, the ownership dashboard): "Showing …", page sizes,
 * Previous/Next. `href` builds the table's URL with a changed page or page size, keeping its other parameters.
 */
export function Pagination({
  page,
  pageSize,
  total,
  pageCount,
  href,
}: {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  href: (changes: { page: number; pageSize?: number }) => string;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400" aria-live="polite">
        {total === 0
          ? "No accounts"
          : `Showing ${first}–${last} of ${total} ${total === 1 ? "account" : "accounts"} · page ${page} of ${pageCount}`}
      </p>
      <div className="flex items-center gap-2">
        <span className="text-slate-600 dark:text-slate-400">Per page:</span>
        {PAGE_SIZES.map((size) =>
          size === pageSize ? (
            <span key={size} aria-current="true" className="px-1 font-semibold">
              {size}
            </span>
          ) : (
            <Link key={size} href={href({ pageSize: size, page: 1 })} className="px-1 text-sky-700 hover:underline dark:text-sky-400">
              {size}
            </Link>
          ),
        )}
        {page > 1 ? (
          <Link href={href({ page: page - 1 })} className={linkClass} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">Previous</span>
        )}
        {page < pageCount ? (
          <Link href={href({ page: page + 1 })} className={linkClass} rel="next">
            Next
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">Next</span>
        )}
      </div>
    </nav>
  );
}
