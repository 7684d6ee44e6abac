import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { HistoryFilters } from "@/components/audit/history-filters";
import { HistoryTable } from "@/components/audit/history-table";
import { ImportButton } from "@/components/audit/import-button";
import { VerifyPanel } from "@/components/audit/verify-panel";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadHistory } from "@/lib/audit/loaders";
import { historyHref } from "@/lib/audit/utils";

export const metadata: Metadata = { title: "Audit" };

const pagerClass = "rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

export default async function AuditPage({ searchParams }: PageProps<"/audit">) {
  const { filters, ignored, page, scope, canVerifyAndExport, options, signing } = await loadHistory(await searchParams);
  const newest = page.rows[0]?.seq;
  const oldest = page.rows.at(-1)?.seq;
  return (
    <>
      <PageHeader
        title="Audit"
        description={
          scope === "all"
            ? "Every decision and every Tencent Cloud call, hash-chained so that any later change shows."
            : "What you did, and what happened to the accounts you own."
        }
      >
        {canVerifyAndExport && (
          <a href={historyHref("/api/audit/export", filters)} className={`inline-flex items-center gap-2 text-sm font-medium ${pagerClass}`}>
            <Download aria-hidden className="size-4" />
            Export evidence
          </a>
        )}
      </PageHeader>
      {canVerifyAndExport && (
        <div className="mb-4 grid gap-4 lg:grid-cols-[1fr_auto]">
          <div className="space-y-3">
            <VerifyPanel />
            <ImportButton />
          </div>
          <p className="text-xs text-slate-500 lg:max-w-sm dark:text-slate-400">
            {signing
              ? `Checkpoints are signed with Ed25519 key ${signing.keyId}${signing.latestCheckpoint ? `; the latest covers event ${signing.latestCheckpoint.seq}` : ""}. Compare this fingerprint with the public key you hold.`
              : "No signing key is configured (AUDIT_SIGNING_KEY): the chain is verified, but no checkpoints are signed."}
          </p>
        </div>
      )}
      {ignored.length > 0 && (
        <Notice tone="warning" title="Some filters in the address were not understood and were ignored">
          <code className="break-all">{ignored.join(", ")}</code>
        </Notice>
      )}
      <HistoryFilters filters={filters} options={options} />
      <HistoryTable rows={page.rows} />
      <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2 text-sm">
        {page.hasNewer && newest && (
          <Link href={historyHref("/audit", filters, { after: newest })} className={pagerClass} rel="prev">
            Newer
          </Link>
        )}
        {page.hasOlder && oldest && (
          <Link href={historyHref("/audit", filters, { before: oldest })} className={pagerClass} rel="next">
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
