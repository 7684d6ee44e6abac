import Link from "next/link";
import { BarChart } from "@/components/ui/bar-chart";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { NONE, type OwnershipQuery } from "@/lib/ownership/schema";
import type { DimensionBreakdown, OwnershipDimension } from "@/lib/ownership/types";
import { ownershipHref } from "@/lib/ownership/utils";

const TITLES: Record<OwnershipDimension, string> = {
  owner: "Accounts by owner",
  team: "Accounts by team",
  unit: "Accounts by unit",
  environment: "Accounts by environment",
  region: "Accounts by region",
};

const NOTES: Partial<Record<OwnershipDimension, string>> = {
  owner: "Primary and secondary owners; an account with two owners counts for both.",
  region: "Every region an account may use; an account in two regions counts for both.",
};

const SLUG_OF = new Map<string, string>(ENVIRONMENTS.map((environment) => [environment.value, environment.slug]));

/** The filter a click on a group applies (the page resets to 1; the other filters stay). */
function filterFor(dimension: OwnershipDimension, key: string | null): Partial<OwnershipQuery> {
  switch (dimension) {
    case "owner":
      return { owner: key ?? NONE };
    case "team":
      return { team: key ?? NONE };
    case "unit":
      return key ? { unit: key } : {};
    case "environment":
      return { environment: key ? SLUG_OF.get(key) : undefined };
    case "region":
      return { region: (key ?? undefined) as OwnershipQuery["region"] };
  }
}

function Breakdown({ dimension, breakdown, query }: { dimension: OwnershipDimension; breakdown: DimensionBreakdown; query: OwnershipQuery }) {
  const title = TITLES[dimension];
  const groups = breakdown.groups.map((group) => ({
    ...group,
    label: group.inactive ? `${group.label} (inactive)` : group.label,
    href: ownershipHref(query, { ...filterFor(dimension, group.key), page: 1 }),
  }));
  const headingId = `chart-${dimension}-heading`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={headingId} className="text-base font-semibold">
        {title}
      </h2>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
        {NOTES[dimension] ?? "Click a bar or a name to filter the dashboard."}
        {breakdown.totalGroups > groups.length && ` The ${groups.length} largest of ${breakdown.totalGroups}.`}
      </p>
      <BarChart title={title} unit="accounts" data={groups.map(({ label, count, href }) => ({ label, value: count, href }))} />
      {groups.length > 0 && (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {groups.map((group) => (
              <tr key={group.key ?? "none"}>
                <td className="py-1 pr-2">
                  <Link href={group.href} className="text-sky-700 hover:underline dark:text-sky-400">
                    {group.label}
                  </Link>
                </td>
                <td className="py-1 text-right tabular-nums">{group.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Charts people read at a glance, each with its figures in a small table; clicking a bar or a name filters. */
export function BreakdownCharts({ breakdown, query }: { breakdown: Record<OwnershipDimension, DimensionBreakdown>; query: OwnershipQuery }) {
  const dimensions: OwnershipDimension[] = ["owner", "team", "unit", "environment", "region"];
  return (
    <div className="mb-6 grid grid-cols-1 gap-4 lg:grid-cols-2 xl:grid-cols-3">
      {dimensions.map((dimension) => (
        <Breakdown key={dimension} dimension={dimension} breakdown={breakdown[dimension]} query={query} />
      ))}
    </div>
  );
}
