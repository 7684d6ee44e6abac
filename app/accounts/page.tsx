import type { Metadata } from "next";
import { AccountFilters } from "@/components/accounts/account-filters";
import { AccountsTable } from "@/components/accounts/accounts-table";
import { Pagination } from "@/components/accounts/pagination";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadAccountsPage } from "@/lib/accounts/loaders";
import { accountsHref } from "@/lib/accounts/utils";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage({ searchParams }: PageProps<"/accounts">) {
  const { page, options, ignored } = await loadAccountsPage(await searchParams);
  return (
    <>
      <PageHeader title="Accounts" description="Every member account of the organization, with its unit, owners and environment." />
      {ignored.length > 0 && (
        <Notice tone="warning" title="Some filters in the address were not understood and were ignored">
          <code className="break-all">{ignored.join(", ")}</code>
        </Notice>
      )}
      <AccountFilters query={page.query} options={options} />
      <AccountsTable rows={page.rows} query={page.query} />
      <Pagination
        page={page.query.page}
        pageSize={page.query.pageSize}
        total={page.total}
        pageCount={page.pageCount}
        href={(changes) => accountsHref(page.query, changes)}
      />
    </>
  );
}
