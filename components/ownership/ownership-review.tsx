import Link from "next/link";
import { formatDate } from "@/components/accounts/labels";
import { Section } from "@/components/accounts/account-summary";
import { Badge } from "@/components/ui/badge";
import type { AccountPage } from "@/lib/accounts/loaders";
import { ClaimAccountForm } from "./claim-account-form";
import { ConfirmOwnershipButton } from "./confirm-ownership-button";

/**
 * Where the account stands on the ownership rules, when its owners last confirmed it, and what this person may do:
 * an active owner confirms; a platform admin claims an unmanaged account.
 */
export function OwnershipReview({ page }: { page: AccountPage }) {
  const { account, ownership, can, claimOptions } = page;
  const flags = [
    ownership.orphaned && <Badge key="orphaned" tone="danger">Orphaned</Badge>,
    ownership.dormant && <Badge key="dormant" tone="warning">Dormant</Badge>,
    ownership.unmanaged && <Badge key="unmanaged" tone="warning">Unmanaged</Badge>,
    ownership.reviewDue && <Badge key="review" tone="warning">Review due</Badge>,
  ].filter(Boolean);
  return (
    <Section title="Ownership review">
      {flags.length > 0 && <p className="mb-3 flex flex-wrap gap-1">{flags}</p>}
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Last confirmed</dt>
          <dd>
            {account.ownershipConfirmedAt ? `${formatDate(account.ownershipConfirmedAt)}${account.ownershipConfirmedBy ? ` by ${account.ownershipConfirmedBy}` : ""}` : "Never"}
          </dd>
        </div>
        {account.status === "ACTIVE" && (
          <div>
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Next review due</dt>
            <dd>
              {formatDate(ownership.reviewDueAt)}
              {ownership.reviewDue && " (overdue)"}
            </dd>
          </div>
        )}
      </dl>
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        Owners re-confirm every {ownership.config.reviewEveryDays} days; an account is dormant after {ownership.config.dormantAfterDays} days without activity.{" "}
        <Link href="/dashboards/ownership" className="text-sky-700 hover:underline dark:text-sky-400">
          Ownership dashboard
        </Link>
      </p>
      {can.confirm && <ConfirmOwnershipButton accountId={account.id} confirmedAt={account.ownershipConfirmedAt} />}
      {can.claim && claimOptions && (
        <>
          <p className="mt-4 text-sm">Nobody has claimed this account. Name its primary owner to bring it under Lattice; owners review access to it.</p>
          <ClaimAccountForm accountId={account.id} environment={account.environment} people={claimOptions.people} teams={claimOptions.teams} />
        </>
      )}
    </Section>
  );
}
