import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import type { AccountDetail } from "@/lib/accounts/types";
import { CLASSIFICATION_LABEL, ENVIRONMENT_LABEL, ENVIRONMENT_TONE, STATUS_LABEL, STATUS_TONE, formatDate, regionLabel } from "./labels";

/** A card of the account page, a landmark named by its heading. */
export function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const headingId = `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-heading`;
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

export function AccountOverview({ account }: { account: AccountDetail }) {
  return (
    <Section title="Overview">
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2">
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
  );
}

export function AccountTags({ tags }: { tags: AccountDetail["tags"] }) {
  return (
    <Section title="Tags">
      {tags.length === 0 ? (
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
            {tags.map((tag) => (
              <tr key={tag.key}>
                <td className="py-1.5 pr-4 font-mono">{tag.key}</td>
                <td className="py-1.5 font-mono">{tag.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

/** Owners, primary first; people inactive in the identity provider are marked (they no longer count as owners). */
export function AccountOwners({ owners }: { owners: AccountDetail["owners"] }) {
  return (
    <Section title="Owners">
      {owners.length === 0 ? (
        <p className="text-sm">
          <Badge tone="warning">No owner</Badge> Nobody is accountable for this account yet.
        </p>
      ) : (
        <ul className="space-y-3">
          {owners.map((owner) => (
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
  );
}
