import type { Metadata } from "next";
import { Pagination } from "@/components/accounts/pagination";
import { BreakdownCharts } from "@/components/ownership/breakdown-charts";
import { HeadlineCards } from "@/components/ownership/headline-cards";
import { OwnershipFilters } from "@/components/ownership/ownership-filters";
import { OwnershipTable } from "@/components/ownership/ownership-table";
import { formatDateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadOwnershipDashboard } from "@/lib/ownership/loaders";
import { ownershipExportHref, ownershipHref } from "@/lib/ownership/utils";

export const metadata: Metadata = { title: "Ownership" };

export default async function OwnershipDashboardPage({ searchParams }: PageProps<"/dashboards/ownership">) {
  const { query, ignored, config, generatedAt, headline, breakdown, table, options } = await loadOwnershipDashboard(await searchParams);
  return (
    <>
      <PageHeader title="Ownership" description="Who owns which accounts, by team, unit, environment and region, and which accounts need attention.">
        <a
          href={ownershipExportHref(query)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Export CSV
        </a>
      </PageHeader>
      {ignored.length > 0 && (
        <Notice tone="warning" title="Some filters in the address were not understood and were ignored">
          <code className="break-all">{ignored.join(", ")}</code>
        </Notice>
      )}
      <OwnershipFilters query={query} options={options} />
      <p className="-mt-4 mb-4 text-xs text-slate-500 dark:text-slate-400">Counted {formatDateTime(generatedAt)}.</p>
      <HeadlineCards headline={headline} query={query} config={config} />
      <BreakdownCharts breakdown={breakdown} query={query} />
      <h2 className="mb-3 text-lg font-semibold">{query.list ? `Accounts: ${query.list.replace("-", " ")}` : "Accounts"}</h2>
      <OwnershipTable rows={table.rows} query={query} />
      <Pagination
        page={query.page}
        pageSize={query.pageSize}
        total={table.total}
        pageCount={table.pageCount}
        href={(changes) => ownershipHref(query, changes)}
      />
    </>
  );
}
