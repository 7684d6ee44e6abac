"use client";

import Link from "next/link";
import { GRANT_STATUS_TONE } from "@/components/access/labels";
import { ENVIRONMENT_LABEL } from "@/components/accounts/labels";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import { GRANT_STATUS_LABEL } from "@/lib/access/constants";
import type { GrantView } from "@/lib/grants/types";
import { CredentialsButton } from "./credentials-button";
import { RevokeGrantButton } from "./revoke-grant-button";
import { timeLeftLabel } from "./time-left";
import { useNow } from "./use-now";

export interface GrantTableProps {
  grants: GrantView[];
  /** Names the table for screen readers, e.g. "Accounts of JIT-42" or "Your active access". */
  caption: string;
  /** Show the request and role of each grant (a person's access across requests). */
  showRequest?: boolean;
  /** Show who holds each grant (owners' and security's views). */
  showRequester?: boolean;
}

function When({ grant, now }: { grant: GrantView; now: number | null }) {
  if (grant.status === "SCHEDULED") return <>from {formatDateTime(grant.startsAt)}</>;
  if (!grant.activatedAt) return <span className="text-slate-500">—</span>;
  const live = grant.status === "ACTIVE" && grant.expiresAt;
  return (
    <>
      <span className="block">activated {formatDateTime(grant.activatedAt)}</span>
      <span className="block">
        {grant.endedAt ? `ended ${formatDateTime(grant.endedAt)}` : `expires ${formatDateTime(grant.expiresAt)}`}
        {live && now !== null && <span className="ml-1 font-medium text-emerald-800 dark:text-emerald-300">({timeLeftLabel(grant.expiresAt!, now)})</span>}
      </span>
    </>
  );
}

/**
 * Grants with their account, status, times (a live countdown while active) and, while activation failed or removal
 * keeps failing, the last error. The actions per row come from what the server computed this person may do.
 */
export function GrantTable({ grants, caption, showRequest = false, showRequester = false }: GrantTableProps) {
  const now = useNow();
  if (grants.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No access here.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th className="px-4 py-2">Account</th>
            {showRequest && <th className="px-4 py-2">Request</th>}
            {showRequester && <th className="px-4 py-2">Holder</th>}
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">When</th>
            <th className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {grants.map((grant) => (
            <tr key={grant.id} className="align-top">
              <td className="px-4 py-2">
                <span className="font-mono">{grant.account.name}</span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  {ENVIRONMENT_LABEL[grant.account.environment]} · UIN <span className="font-mono">{grant.account.memberUin ?? "—"}</span>
                </span>
              </td>
              {showRequest && (
                <td className="px-4 py-2">
                  <Link href={`/access/${grant.requestId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                    {grant.requestReference}
                  </Link>
                  <span className="block text-xs text-slate-500 dark:text-slate-400">{grant.roleName}</span>
                </td>
              )}
              {showRequester && (
                <td className="px-4 py-2">
                  {grant.requester.name}
                  <span className="block text-xs text-slate-500 dark:text-slate-400">{grant.requester.email}</span>
                </td>
              )}
              <td className="px-4 py-2">
                <Badge tone={GRANT_STATUS_TONE[grant.status]}>{GRANT_STATUS_LABEL[grant.status]}</Badge>
                {grant.revokedBy && (
                  <span className="mt-1 block text-xs text-slate-500 dark:text-slate-400">
                    by {grant.revokedBy.name}
                    {grant.revokeReason && <>: “{grant.revokeReason}”</>}
                  </span>
                )}
                {grant.lastError && (
                  <span role="note" className="mt-1 block max-w-xs text-xs text-rose-700 dark:text-rose-300">
                    {grant.lastError.code}: {grant.lastError.message}
                    <span className="block text-slate-500 dark:text-slate-400">
                      {grant.lastError.attempts} attempt{grant.lastError.attempts === 1 ? "" : "s"}
                      {grant.lastError.tencentRequestId && (
                        <>
                          {" "}
                          · RequestId <span className="font-mono">{grant.lastError.tencentRequestId}</span>
                        </>
                      )}
                    </span>
                  </span>
                )}
              </td>
              <td className="px-4 py-2 text-xs text-slate-600 dark:text-slate-300">
                <When grant={grant} now={now} />
                {grant.credentialsIssued > 0 && (
                  <span className="block text-slate-500 dark:text-slate-400">
                    CLI credentials issued {grant.credentialsIssued} time{grant.credentialsIssued === 1 ? "" : "s"}
                  </span>
                )}
              </td>
              <td className="px-4 py-2">
                <div className="flex flex-wrap justify-end gap-2">
                  {grant.can.issueCredentials && <CredentialsButton grantId={grant.id} />}
                  {grant.credentialsTooLate && <span className="max-w-40 text-xs text-slate-500 dark:text-slate-400">CLI credentials need 15 minutes of access left.</span>}
                  {grant.can.revoke && <RevokeGrantButton grantId={grant.id} accountName={grant.account.name} credentialsIssued={grant.credentialsIssued} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
