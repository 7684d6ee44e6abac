import Link from "next/link";
import type { AccountResourceCounts } from "@/lib/accounts/types";
import { Section } from "./account-summary";
import { regionLabel } from "./labels";

function CountTable({ caption, heading, rows, label }: { caption: string; heading: string; rows: AccountResourceCounts["byService"]; label: (key: string) => string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">Resources</th>
          <th scope="col">Compliant</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((row) => (
          <tr key={row.key}>
            <td className="py-1 pr-2 font-mono">{label(row.key)}</td>
            <td className="py-1 text-right tabular-nums">{row.count}</td>
            <td className="py-1 pl-2 text-right text-xs text-slate-500 tabular-nums">{compliancePercent(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Whole percent, rounded down so 100 % means every one. */
function compliancePercent({ count, compliant }: { count: number; compliant: number }): string {
  return `${count === 0 ? 100 : Math.floor((compliant / count) * 100)} % compliant`;
}

/** Live tagged resources the last inventory sync found, by service and by region, and how many meet the tag policy. */
export function AccountResources({ accountId, resources, syncedAt }: { accountId: string; resources: AccountResourceCounts; syncedAt: string | null }) {
  return (
    <Section title="Resources">
      {resources.total === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {syncedAt ? "The last inventory sync found no tagged resources in this account." : "No inventory sync has read this account yet."}
        </p>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            {resources.total} live {resources.total === 1 ? "resource" : "resources"} in the inventory; {resources.compliant} meet the tag policy (
            {compliancePercent({ count: resources.total, compliant: resources.compliant })}).{" "}
            {resources.compliant < resources.total && (
              <Link href={`/dashboards/tags?account=${accountId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                Violations to fix
              </Link>
            )}
          </p>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <CountTable caption="By service" heading="Service" rows={resources.byService} label={(key) => key} />
            <CountTable caption="By region" heading="Region" rows={resources.byRegion} label={(key) => (key === "" ? "global" : `${regionLabel(key)} (${key})`)} />
          </div>
        </>
      )}
    </Section>
  );
}
