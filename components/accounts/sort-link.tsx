import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

function SortIcon({ active, dir }: { active: boolean; dir: "asc" | "desc" }) {
  if (!active) return <ArrowUpDown aria-hidden className="size-3.5 opacity-50" />;
  return dir === "asc" ? <ArrowUp aria-hidden className="size-3.5" /> : <ArrowDown aria-hidden className="size-3.5" />;
}

/**
 * A column header that sorts a server-sorted table: a link to the URL sorted by this column (ascending first, then
 * toggling), named "Sort by <label>". Put `aria-sort` on the <th> with `ariaSort`.
 */
export function SortLink({ label, href, active, dir }: { label: string; href: string; active: boolean; dir: "asc" | "desc" }): ReactNode {
  return (
    <Link href={href} aria-label={`Sort by ${label}`} className="inline-flex items-center gap-1 hover:text-slate-900 dark:hover:text-white">
      {label}
      <SortIcon active={active} dir={dir} />
    </Link>
  );
}

export function ariaSort(active: boolean, dir: "asc" | "desc"): "ascending" | "descending" | undefined {
  return active ? (dir === "asc" ? "ascending" : "descending") : undefined;
}
