import type { Metadata } from "next";
import Link from "next/link";
import { AccountTable, BreakdownSection, KeyTable, NamesTable, Pager, Section, ViolationsTable } from "@/components/compliance/compliance-tables";
import { TagFilters } from "@/components/compliance/tag-filters";
import { TrendChart } from "@/components/compliance/trend-chart";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { EXPORT_MAX_ROWS } from "@/lib/compliance/constants";
import { loadTagDashboardPage } from "@/lib/compliance/loaders";
import { GLOBAL_REGION } from "@/lib/compliance/schema";
import { formatPercent, tagDashboardHref, tagExportHref } from "@/lib/compliance/utils";
import type { SearchParams } from "@/lib/core/validation";
import { ENVIRONMENTS } from "@/lib/matrix/constants";

export const metadata: Metadata = { title: "Tag compliance" };

const LINK = "text-sky-700 hover:underline dark:text-sky-400";

// PageProps<"/dashboards/tags"> once `next typegen` has seen this route; the same shape written out.
export default async function TagCompliancePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { dashboard: d, ignored } = await loadTagDashboardPage(await searchParams);
  const q = d.query;
  const filter = (changes: Parameters<typeof tagDashboardHref>[1]) => tagDashboardHref(q, { ...changes, page: 1, accountsPage: 1 });
  const sortHref = (sort: "newest" | "account") => tagDashboardHref(q, { sort, page: 1 });
  const namesOnly = q.kind === "name";
  const nonCompliant = d.overall.resources - d.overall.compliant;

  return (
    <>
      <PageHeader title="Tag compliance" description="Resources against the tag policy in force, and account names against the naming convention.">
        <a href={tagExportHref(q)} className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700" download>
          Export CSV
        </a>
      </PageHeader>
      {ignored.length > 0 && (
        <Notice tone="warning" title="Some filters in the address were not understood and were ignored">
          <code className="break-all">{ignored.join(", ")}</code>
        </Notice>
      )}
      {!d.hasInventory ? (
        <Notice title="No inventory yet — run a sync">
          Compliance is measured on the resources the inventory sync reads from Tencent Cloud. Start one from the{" "}
          <Link href="/dashboards/inventory" className="underline">inventory dashboard</Link>.
        </Notice>
      ) : (
        <>
          <TagFilters query={q} options={d.options} accountName={d.accountName} />
          <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
            <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <p className="text-sm text-slate-600 dark:text-slate-400">Compliant resources</p>
              <p className="text-3xl font-semibold tabular-nums" data-testid="overall-percent">{formatPercent(d.overall.percent)}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {d.overall.compliant.toLocaleString("en")} of {d.overall.resources.toLocaleString("en")} resources
              </p>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <p className="text-sm text-slate-600 dark:text-slate-400">Non-compliant resources</p>
              <p className="text-3xl font-semibold tabular-nums">{nonCompliant.toLocaleString("en")}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">with at least one violation</p>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <p className="text-sm text-slate-600 dark:text-slate-400">Account names breaking the convention</p>
              <p className="text-3xl font-semibold tabular-nums">{d.names.total.toLocaleString("en")}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                convention <code>{d.names.template}</code>
              </p>
            </div>
          </div>

          <Section title="Trend (last 90 days)" id="trend">
            <TrendChart points={d.trend} />
            {q.environment === undefined && (q.unit || q.account || q.region || q.type) && (
              <p className="mt-2 text-xs text-slate-500">The trend comes from daily snapshots per environment; only the environment filter narrows it.</p>
            )}
          </Section>

          <Section title={namesOnly ? "Account names breaking the convention" : "Violations"} id="violations" exportHref={tagExportHref(q)}>
            {namesOnly ? (
              d.names.rows.length === 0 ? (
                <p className="text-sm text-slate-600 dark:text-slate-400">Every account name follows the convention.</p>
              ) : (
                <NamesTable rows={d.names.rows} />
              )
            ) : d.violations.rows.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No violation matches these filters.</p>
            ) : (
              <ViolationsTable
                rows={d.violations.rows}
                sortHeader={{
                  account: q.sort === "account" ? "Account ↓" : <Link href={sortHref("account")} className={LINK} aria-label="Sort by account">Account</Link>,
                  found: q.sort === "newest" ? "Found ↓" : <Link href={sortHref("newest")} className={LINK} aria-label="Sort by newest">Found</Link>,
                }}
              />
            )}
            <Pager
              label="Violations pages"
              status={
                namesOnly
                  ? `${d.names.total.toLocaleString("en")} accounts · page ${q.page}`
                  : `Page ${q.page} · ${q.pageSize} per page`
              }
              previousHref={q.page > 1 ? tagDashboardHref(q, { page: q.page - 1 }) : null}
              nextHref={(namesOnly ? q.page * q.pageSize < d.names.total : d.violations.hasNext) ? tagDashboardHref(q, { page: q.page + 1 }) : null}
            />
            <p className="mt-2 text-xs text-slate-500">The CSV export holds up to {EXPORT_MAX_ROWS.toLocaleString("en")} rows of this list, in this order, for these filters.</p>
          </Section>

          {!namesOnly && d.names.total > 0 && (
            <Section title="Account names breaking the convention" id="names" exportHref={tagExportHref(q, "names")}>
              <NamesTable rows={d.names.rows} />
              {d.names.total > d.names.rows.length && (
                <p className="mt-2 text-sm">
                  <Link href={filter({ kind: "name" })} className={LINK}>All {d.names.total.toLocaleString("en")} accounts</Link>
                </p>
              )}
            </Section>
          )}

          <Section title="By account (least compliant first)" id="by-account" exportHref={tagExportHref(q, "account")}>
            <AccountTable rows={d.byAccount.rows} hrefFor={(row) => filter({ account: row.value })} />
            <Pager
              label="Accounts pages"
              status={`${d.byAccount.total.toLocaleString("en")} accounts · page ${d.byAccount.page} of ${d.byAccount.pageCount}`}
              previousHref={d.byAccount.page > 1 ? tagDashboardHref(q, { accountsPage: d.byAccount.page - 1 }) : null}
              nextHref={d.byAccount.page < d.byAccount.pageCount ? tagDashboardHref(q, { accountsPage: d.byAccount.page + 1 }) : null}
            />
          </Section>

          <Section title="By tag key" id="by-key" exportHref={tagExportHref(q, "key")}>
            <KeyTable rows={d.byKey} hrefFor={(row) => filter({ key: row.key })} />
            {(q.region || q.type) && <p className="mt-2 text-xs text-slate-500">Key figures are per account: the region and resource-type filters do not narrow them.</p>}
          </Section>

          <BreakdownSection
            title="By environment"
            id="by-environment"
            groupLabel="Environment"
            rows={d.byEnvironment}
            hrefFor={(row) => filter({ environment: ENVIRONMENTS.find((environment) => environment.value === row.value)?.slug })}
            exportHref={tagExportHref(q, "environment")}
          />
          <BreakdownSection title="By unit" id="by-unit" groupLabel="Unit" rows={d.byUnit} hrefFor={(row) => filter({ unit: row.value })} exportHref={tagExportHref(q, "unit")} />
          <BreakdownSection
            title="By region"
            id="by-region"
            groupLabel="Region"
            rows={d.byRegion}
            hrefFor={(row) => filter({ region: row.value || GLOBAL_REGION })}
            exportHref={tagExportHref(q, "region")}
          />
          <BreakdownSection title="By resource type" id="by-type" groupLabel="Resource type" rows={d.byResourceType} hrefFor={(row) => filter({ type: row.value })} exportHref={tagExportHref(q, "type")} />
        </>
      )}
    </>
  );
}
