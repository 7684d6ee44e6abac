import type { Metadata } from "next";
import Link from "next/link";
import { RequestsTable } from "@/components/account-requests/requests-table";
import { PageHeader } from "@/components/ui/page-header";
import { loadRequestsList } from "@/lib/account-requests/loaders";

export const metadata: Metadata = { title: "Requests" };

export default async function RequestsPage({ searchParams }: PageProps<"/requests">) {
  const scope = (await searchParams).scope === "all" ? "all" : "mine";
  const { mayListAll, showAll, requests } = await loadRequestsList(scope);
  const tabClass = (active: boolean) =>
    active ? "border-b-2 border-sky-700 px-3 py-2 font-medium" : "px-3 py-2 text-slate-600 hover:text-slate-900 dark:text-slate-400";
  return (
    <>
      <PageHeader title="Requests" description="New member accounts you asked for or own, from draft to active.">
        <Link href="/requests/new" className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800">
          Request a new account
        </Link>
      </PageHeader>
      {mayListAll && (
        <nav aria-label="Which requests" className="mb-4 flex gap-2 border-b border-slate-200 text-sm dark:border-slate-800">
          <Link href="/requests" aria-current={showAll ? undefined : "page"} className={tabClass(!showAll)}>
            Mine
          </Link>
          <Link href="/requests?scope=all" aria-current={showAll ? "page" : undefined} className={tabClass(showAll)}>
            All submitted
          </Link>
        </nav>
      )}
      {requests.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No requests yet: use <em>Request a new account</em> above.
        </p>
      ) : (
        <RequestsTable rows={requests} caption={showAll ? "All submitted account requests" : "Your account requests"} />
      )}
    </>
  );
}
