import Link from "next/link";
import type { ReactNode } from "react";
import { BarChart } from "@/components/ui/bar-chart";
import { VIOLATION_KIND_LABEL } from "@/lib/compliance/constants";
import type { AccountBreakdownRow, BreakdownRow, KeyBreakdownRow, NameViolationRow, ViolationRow } from "@/lib/compliance/types";
import { formatPercent } from "@/lib/compliance/utils";
import { ENVIRONMENTS } from "@/lib/matrix/constants";

const TABLE = "min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800";
const TH = "px-3 py-2 text-left font-medium text-slate-600 dark:text-slate-400";
const TD = "px-3 py-2 align-top";
const NUM = "px-3 py-2 text-right tabular-nums align-top";
const LINK = "text-sky-700 hover:underline dark:text-sky-400";

function environmentLabel(value: string): string {
  return ENVIRONMENTS.find((environment) => environment.value === value)?.label ?? value;
}

/** A titled card with an "Export CSV" link for its table. */
export function Section({ title, id, exportHref, children }: { title: string; id: string; exportHref?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {exportHref && (
          <a href={exportHref} className={`text-sm ${LINK}`} download>
            Export CSV
          </a>
        )}
      </div>
      {children}
    </section>
  );
}

/** Bars of compliance % (0–100) with the figures in a table beside them. Rows link to the dashboard filtered to the group. */
export function BreakdownSection({ title, id, rows, hrefFor, exportHref, groupLabel }: { title: string; id: string; rows: BreakdownRow[]; hrefFor?: (row: BreakdownRow) => string; exportHref: string; groupLabel: string }) {
  return (
    <Section title={title} id={id} exportHref={exportHref}>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <BarChart title={`${title}, % compliant`} unit="%" maxValue={100} data={rows.slice(0, 15).map((row) => ({ label: row.label, value: row.percent ?? 0, href: hrefFor?.(row) }))} />
        <div className="max-h-96 overflow-auto">
          <table className={TABLE}>
            <thead>
              <tr>
                <th scope="col" className={TH}>{groupLabel}</th>
                <th scope="col" className={`${TH} text-right`}>Resources</th>
                <th scope="col" className={`${TH} text-right`}>Compliant</th>
                <th scope="col" className={`${TH} text-right`}>%</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((row) => (
                <tr key={row.value}>
                  <td className={TD}>{hrefFor ? <Link href={hrefFor(row)} className={LINK}>{row.label}</Link> : row.label}</td>
                  <td className={NUM}>{row.resources.toLocaleString("en")}</td>
                  <td className={NUM}>{row.compliant.toLocaleString("en")}</td>
                  <td className={NUM}>{formatPercent(row.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Section>
  );
}

export function AccountTable({ rows, hrefFor }: { rows: AccountBreakdownRow[]; hrefFor: (row: AccountBreakdownRow) => string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No account has resources matching these filters.</p>;
  return (
    <div className="overflow-x-auto">
      <table className={TABLE} aria-label="Compliance by account, least compliant first">
        <thead>
          <tr>
            <th scope="col" className={TH}>Account</th>
            <th scope="col" className={TH}>Environment</th>
            <th scope="col" className={TH}>Unit</th>
            <th scope="col" className={TH}>Primary owner</th>
            <th scope="col" className={`${TH} text-right`}>Resources</th>
            <th scope="col" className={`${TH} text-right`}>Compliant</th>
            <th scope="col" className={`${TH} text-right`}>%</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.value}>
              <td className={TD}>
                <Link href={hrefFor(row)} className={LINK}>{row.label}</Link>{" "}
                <Link href={`/accounts/${row.value}`} className="text-xs text-slate-500 hover:underline">(account page)</Link>
              </td>
              <td className={TD}>{environmentLabel(row.environment)}</td>
              <td className={TD}>{row.unitName}</td>
              <td className={TD}>{row.ownerName ?? <span className="text-amber-700 dark:text-amber-400">No primary owner</span>}</td>
              <td className={NUM}>{row.resources.toLocaleString("en")}</td>
              <td className={NUM}>{row.compliant.toLocaleString("en")}</td>
              <td className={NUM}>{formatPercent(row.percent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function KeyTable({ rows, hrefFor }: { rows: KeyBreakdownRow[]; hrefFor: (row: KeyBreakdownRow) => string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No tag policy key applies to these resources.</p>;
  return (
    <div className="overflow-x-auto">
      <table className={TABLE} aria-label="Compliance by tag key">
        <thead>
          <tr>
            <th scope="col" className={TH}>Tag key</th>
            <th scope="col" className={`${TH} text-right`}>Applies to</th>
            <th scope="col" className={`${TH} text-right`}>Missing</th>
            <th scope="col" className={`${TH} text-right`}>Value not allowed</th>
            <th scope="col" className={`${TH} text-right`}>%</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.key}>
              <td className={TD}><Link href={hrefFor(row)} className={LINK}>{row.key}</Link></td>
              <td className={NUM}>{row.applicable.toLocaleString("en")}</td>
              <td className={NUM}>{row.missing.toLocaleString("en")}</td>
              <td className={NUM}>{row.valueNotAllowed.toLocaleString("en")}</td>
              <td className={NUM}>{formatPercent(row.percent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Owner({ name, email }: { name: string | null; email: string | null }) {
  if (!name) return <span className="text-amber-700 dark:text-amber-400">No primary owner</span>;
  return (
    <>
      {name}
      {email && <span className="block text-xs text-slate-500">{email}</span>}
    </>
  );
}

export function ViolationsTable({ rows, sortHeader }: { rows: ViolationRow[]; sortHeader: { account: ReactNode; found: ReactNode } }) {
  return (
    <div className="overflow-x-auto">
      <table className={TABLE} aria-label="Violations" data-testid="violations-table">
        <thead>
          <tr>
            <th scope="col" className={TH}>{sortHeader.account}</th>
            <th scope="col" className={TH}>Resource</th>
            <th scope="col" className={TH}>Violation</th>
            <th scope="col" className={TH}>Accountable owner</th>
            <th scope="col" className={TH}>{sortHeader.found}</th>
            <th scope="col" className={TH}><span className="sr-only">Fix</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.id} data-resource={row.resourceName}>
              <td className={TD}>
                {row.accountName}
                <span className="block text-xs text-slate-500">{environmentLabel(row.environment)}</span>
              </td>
              <td className={`${TD} break-all font-mono text-xs`}>
                {row.resourceName}
                <span className="block font-sans text-slate-500">{row.resourceType}{row.region ? ` · ${row.region}` : ""}</span>
              </td>
              <td className={TD}>
                {VIOLATION_KIND_LABEL[row.kind]}
                {row.key && <span className="block text-xs"><code>{row.key}</code>{row.value !== null && <> = <code>{row.value}</code></>}</span>}
              </td>
              <td className={TD}><Owner name={row.ownerName} email={row.ownerEmail} /></td>
              <td className={`${TD} whitespace-nowrap`}>{row.since.slice(0, 10)}</td>
              <td className={TD}><Link href={row.fixHref} className={LINK}>Fix</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NamesTable({ rows }: { rows: NameViolationRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className={TABLE} aria-label="Account names breaking the naming convention" data-testid="names-table">
        <thead>
          <tr>
            <th scope="col" className={TH}>Account</th>
            <th scope="col" className={TH}>Environment</th>
            <th scope="col" className={TH}>Expected shape</th>
            <th scope="col" className={TH}>Accountable owner</th>
            <th scope="col" className={TH}><span className="sr-only">Fix</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.accountId}>
              <td className={TD}><code>{row.accountName}</code></td>
              <td className={TD}>{environmentLabel(row.environment)}</td>
              <td className={TD}><code>{row.expected}</code></td>
              <td className={TD}><Owner name={row.ownerName} email={row.ownerEmail} /></td>
              <td className={TD}><Link href={row.fixHref} className={LINK}>Fix</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PAGER_LINK = "rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
const PAGER_OFF = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-400 dark:border-slate-800 dark:text-slate-600";

/** Previous / Next for a list paged in SQL; `status` says where the reader is. */
export function Pager({ label, status, previousHref, nextHref }: { label: string; status: string; previousHref: string | null; nextHref: string | null }) {
  return (
    <nav aria-label={label} className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400" aria-live="polite">{status}</p>
      <div className="flex gap-2">
        {previousHref ? <Link href={previousHref} className={PAGER_LINK} rel="prev">Previous</Link> : <span className={PAGER_OFF} aria-disabled="true">Previous</span>}
        {nextHref ? <Link href={nextHref} className={PAGER_LINK} rel="next">Next</Link> : <span className={PAGER_OFF} aria-disabled="true">Next</span>}
      </div>
    </nav>
  );
}
