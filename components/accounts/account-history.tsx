import Link from "next/link";
import { HistoryTable } from "@/components/audit/history-table";
import type { AccountPage } from "@/lib/accounts/loaders";
import { Section } from "./account-summary";

/** The latest events of the account, under the same visibility rule as the audit history page. */
export function AccountHistory({ accountId, history }: { accountId: string; history: AccountPage["history"] }) {
  return (
    <Section
      title="History"
      action={
        <Link href={`/audit?account=${accountId}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          Full history of this account
        </Link>
      }
    >
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
        {history.scope === "all" ? "The latest events." : "The latest events you may see: your own actions, your accounts and your requests."}
      </p>
      {history.rows.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No events you may see.</p> : <HistoryTable rows={history.rows} />}
    </Section>
  );
}
