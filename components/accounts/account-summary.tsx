import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import type { AccountDetail } from "@/lib/accounts/types";
import { CLASSIFICATION_LABEL, ENVIRONMENT_LABEL, ENVIRONMENT_TONE, STATUS_LABEL, STATUS_TONE, formatDate, regionLabel } from "./labels";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${title}-heading`} className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={`${title}-heading`} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function AccountSummary({ account }: { account: AccountDetail }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <Section title="Overview">
          <dl className="grid gap-4 sm:grid-cols-2">
            <Field label="Status">
              <Badge tone={STATUS_TONE[account.status]}>{STATUS_LABEL[account.status]}</Badge>
            </Field>
            <Field label="Environment">
              <Badge tone={ENVIRONMENT_TONE[account.environment]}>{ENVIRONMENT_LABEL[account.environment]}</Badge>
            </Field>
            <Field label="Unit">
              <ol aria-label="Unit path" className="flex flex-wrap items-center gap-1">
                {account.unitPath.map((unit, index) => (
                  <li key={unit.id} className="flex items-center gap-1">
                    {index > 0 && <span aria-hidden>›</span>}
                    <Link href={`/accounts?unit=${unit.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {unit.name}
                    </Link>
                  </li>
                ))}
              </ol>
            </Field>
            <Field label="Regions">{account.regions.map(regionLabel).join(", ") || "—"}</Field>
            <Field label="Team">{account.team?.name ?? "—"}</Field>
            <Field label="Cost center">{account.costCenter ?? "—"}</Field>
            <Field label="Data classification">{CLASSIFICATION_LABEL[account.dataClassification]}</Field>
            <Field label="Business unit">{account.businessUnit ?? "—"}</Field>
            <Field label="Created">{formatDate(account.createdAt)}</Field>
            <Field label="Last activity">{formatDate(account.lastActivityAt)}</Field>
          </dl>
          {account.description && <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">{account.description}</p>}
        </Section>
        <Section title="Tags">
          {account.tags.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">This account has no tags.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Account tags</caption>
              <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-1 pr-4 font-medium">Key</th>
                  <th scope="col" className="py-1 font-medium">Value</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {account.tags.map((tag) => (
                  <tr key={tag.key}>
                    <td className="py-1.5 pr-4 font-mono">{tag.key}</td>
                    <td className="py-1.5 font-mono">{tag.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
      <Section title="Owners">
        {account.owners.length === 0 ? (
          <p className="text-sm">
            <Badge tone="warning">No owner</Badge> Nobody is accountable for this account yet.
          </p>
        ) : (
          <ul className="space-y-3">
            {account.owners.map((owner) => (
              <li key={owner.userId} className="text-sm">
                <div className="flex flex-wrap items-center gap-2 font-medium">
                  {owner.name}
                  <Badge tone={owner.role === "PRIMARY" ? "info" : "neutral"}>{owner.role === "PRIMARY" ? "Primary" : "Secondary"}</Badge>
                  {!owner.active && <Badge tone="danger">Inactive</Badge>}
                </div>
                <div className="text-slate-600 dark:text-slate-400">{owner.email}</div>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
