import type { Metadata } from "next";
import Link from "next/link";
import { AccessRequestsTable } from "@/components/access/access-requests-table";
import { GrantTable } from "@/components/grants/grant-table";
import { PageHeader } from "@/components/ui/page-header";
import { loadAccessList } from "@/lib/access/loaders";
import { hasRole } from "@/lib/core/roles";
import { loadEveryonesLiveAccess, loadMyActiveAccess } from "@/lib/grants/loaders";
import { OVERSIGHT_ROLES } from "@/lib/access/constants";

export const metadata: Metadata = { title: "Access" };

export default async function AccessPage({ searchParams }: PageProps<"/access">) {
  const { actor, scope, requests } = await loadAccessList((await searchParams).scope === "all" ? "all" : "mine");
  const showAll = scope === "all";
  const [myAccess, everyonesAccess] = await Promise.all([loadMyActiveAccess(), showAll ? loadEveryonesLiveAccess() : null]);
  const mayListAll = hasRole(actor, ...OVERSIGHT_ROLES);
  const tabClass = (active: boolean) =>
    active ? "border-b-2 border-sky-700 px-3 py-2 font-medium" : "px-3 py-2 text-slate-600 hover:text-slate-900 dark:text-slate-400";
  return (
    <>
      <PageHeader title="Access" description="Time-bound access to member accounts through catalog roles: asked for, reviewed by someone else, removed at expiry.">
        <div className="flex gap-2">
          {hasRole(actor, "security", "platform-admin", "auditor") && (
            <>
              <Link href="/access/reviews" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">
                Break-glass reviews
              </Link>
              <Link href="/access/reconciliation" className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">
                Reconciliation
              </Link>
            </>
          )}
          <Link href="/access/new" className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800">
            Request access
          </Link>
        </div>
      </PageHeader>
      <section aria-labelledby="my-access-heading" className="mb-8">
        <h2 id="my-access-heading" className="mb-2 text-lg font-semibold">Your access</h2>
        {myAccess.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            You hold no access right now.
          </p>
        ) : (
          <GrantTable grants={myAccess} caption="Your access" showRequest />
        )}
      </section>
      <h2 className="mb-2 text-lg font-semibold">Requests</h2>
      {mayListAll && (
        <nav aria-label="Which access requests" className="mb-4 flex gap-2 border-b border-slate-200 text-sm dark:border-slate-800">
          <Link href="/access" aria-current={showAll ? undefined : "page"} className={tabClass(!showAll)}>
            Mine
          </Link>
          <Link href="/access?scope=all" aria-current={showAll ? "page" : undefined} className={tabClass(showAll)}>
            Everyone&apos;s
          </Link>
        </nav>
      )}
      {everyonesAccess && (
        <section aria-labelledby="everyones-access-heading" className="mb-6">
          <h3 id="everyones-access-heading" className="mb-2 text-base font-semibold">Live access across the organization</h3>
          {everyonesAccess.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nobody holds access through Lattice right now.</p>
          ) : (
            <GrantTable grants={everyonesAccess} caption="Live access across the organization" showRequest showRequester />
          )}
        </section>
      )}
      {requests.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No access requests yet: use <em>Request access</em> above.
        </p>
      ) : (
        <AccessRequestsTable rows={requests} caption={showAll ? "Everyone's access requests" : "Your access requests"} />
      )}
    </>
  );
}
