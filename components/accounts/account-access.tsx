import Link from "next/link";
import { GRANT_STATUS_TONE } from "@/components/access/labels";
import { REQUEST_STATUS_TONE } from "@/components/account-requests/labels";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import { GRANT_STATUS_LABEL } from "@/lib/access/constants";
import { accessReference } from "@/lib/access/utils";
import { STATUS_LABEL as REQUEST_STATUS_LABEL } from "@/lib/account-requests/constants";
import { requestReference } from "@/lib/account-requests/utils";
import type { AccountPage } from "@/lib/accounts/loaders";
import { Section } from "./account-summary";

/** The account request behind the account and access granted to it, as far as the viewer may see them. */
export function AccountAccess({ accountRequest, grants }: { accountRequest: AccountPage["accountRequest"]; grants: AccountPage["grants"] }) {
  return (
    <Section title="Requests and access">
      <h3 className="text-sm font-medium">Account request</h3>
      <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
        {!accountRequest ? (
          "Not created through Lattice (or created before it kept requests)."
        ) : accountRequest.visible ? (
          <>
            Provisioned from{" "}
            <Link href={`/requests/${accountRequest.visible.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
              {requestReference(accountRequest.visible.number)}
            </Link>{" "}
            <Badge tone={REQUEST_STATUS_TONE[accountRequest.visible.status]}>{REQUEST_STATUS_LABEL[accountRequest.visible.status]}</Badge>
          </>
        ) : (
          "Provisioned from an account request you may not see."
        )}
      </p>
      <h3 className="text-sm font-medium">Access grants</h3>
      {grants.rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{grants.total === 0 ? "Nobody has asked for access to this account." : "None you may see."}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Access grants on this account</caption>
            <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Request</th>
                <th scope="col" className="py-1 pr-3 font-medium">Who</th>
                <th scope="col" className="py-1 pr-3 font-medium">Role</th>
                <th scope="col" className="py-1 pr-3 font-medium">Status</th>
                <th scope="col" className="py-1 font-medium">Until</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {grants.rows.map((grant) => (
                <tr key={grant.id}>
                  <td className="py-1.5 pr-3">
                    <Link href={`/access/${grant.requestId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {accessReference(grant.requestNumber)}
                    </Link>
                    {grant.breakGlass && (
                      <>
                        {" "}
                        <Badge tone="danger">Break-glass</Badge>
                      </>
                    )}
                  </td>
                  <td className="py-1.5 pr-3">{grant.requester}</td>
                  <td className="py-1.5 pr-3">{grant.role}</td>
                  <td className="py-1.5 pr-3">
                    <Badge tone={GRANT_STATUS_TONE[grant.status]}>{GRANT_STATUS_LABEL[grant.status]}</Badge>
                  </td>
                  <td className="py-1.5 whitespace-nowrap">{formatDateTime(grant.endedAt ?? grant.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(grants.hidden > 0 || grants.total > grants.rows.length + grants.hidden) && (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          {grants.hidden > 0 && `${grants.hidden} more ${grants.hidden === 1 ? "grant belongs" : "grants belong"} to requests you may not see. `}
          {grants.total > grants.rows.length + grants.hidden && `The latest ${grants.rows.length + grants.hidden} of ${grants.total} are listed.`}
        </p>
      )}
    </Section>
  );
}
