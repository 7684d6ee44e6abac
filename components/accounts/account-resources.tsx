import type { AccountResourceCounts } from "@/lib/accounts/types";
import { Section } from "./account-summary";
import { regionLabel } from "./labels";

function CountTable({ caption, heading, rows, label }: { caption: string; heading: string; rows: { key: string; count: number }[]; label: (key: string) => string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">Resources</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((row) => (
          <tr key={row.key}>
            <td className="py-1 pr-2 font-mono">{label(row.key)}</td>
            <td className="py-1 text-right tabular-nums">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Live tagged resources the last inventory sync found, by service and by region. */
export function AccountResources({ resources, syncedAt }: { resources: AccountResourceCounts; syncedAt: string | null }) {
  return (
    <Section title="Resources">
      {resources.total === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {syncedAt ? "The last inventory sync found no tagged resources in this account." : "No inventory sync has read this account yet."}
        </p>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            {resources.total} live {resources.total === 1 ? "resource" : "resources"} in the inventory.
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
