import type { Metadata } from "next";
import Link from "next/link";
import { ReconciliationRuns } from "@/components/grants/reconciliation-runs";
import { PageHeader } from "@/components/ui/page-header";
import { loadReconciliationRuns } from "@/lib/grants/loaders";

export const metadata: Metadata = { title: "Access reconciliation" };

export default async function AccessReconciliationPage() {
  const runs = await loadReconciliationRuns();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/access" className="hover:underline">
          Access
        </Link>{" "}
        / Reconciliation
      </nav>
      <PageHeader
        title="Access reconciliation"
        description="Every run compares the Cloud Identity Center assignments of catalog roles with the grants that explain them, and removes the rest: access given outside Lattice. Newest first."
      />
      <ReconciliationRuns runs={runs} />
    </>
  );
}
