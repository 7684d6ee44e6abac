import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";
import { loadBreakGlassReviews } from "@/lib/access/loaders";
import { accessReference } from "@/lib/access/utils";

export const metadata: Metadata = { title: "Break-glass reviews" };

export default async function BreakGlassReviewsPage() {
  const { reviews } = await loadBreakGlassReviews();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/access" className="hover:underline">
          Access
        </Link>{" "}
        / Break-glass reviews
      </nav>
      <PageHeader title="Break-glass reviews" description="Every break-glass activation opens a post-incident review; it stays open until a security reviewer closes it with findings." />
      {reviews.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">Nobody has used break-glass access.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Break-glass reviews</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
              <tr>
                <th scope="col" className="px-4 py-3">Request</th>
                <th scope="col" className="px-4 py-3">Who</th>
                <th scope="col" className="px-4 py-3">Accounts</th>
                <th scope="col" className="px-4 py-3">Emergency</th>
                <th scope="col" className="px-4 py-3">Review</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {reviews.map(({ request, ...review }) => (
                <tr key={request.id}>
                  <td className="px-4 py-3 whitespace-nowrap">
                    <Link href={`/access/${request.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {accessReference(request.number)}
                    </Link>
                    <div className="text-xs text-slate-500">{formatDateTime(review.createdAt)}</div>
                  </td>
                  <td className="px-4 py-3">{request.requester.name}<div className="text-xs text-slate-500">{request.roleVersion.name}</div></td>
                  <td className="px-4 py-3 font-mono text-xs">{request.grants.map((grant) => grant.account.name).join(", ")}</td>
                  <td className="max-w-md px-4 py-3">{request.justification}</td>
                  <td className="px-4 py-3">
                    <Badge tone={review.status === "OPEN" ? "danger" : "success"}>{review.status === "OPEN" ? "Open" : "Closed"}</Badge>
                    {review.closedBy && <div className="text-xs text-slate-500">by {review.closedBy.name}, {formatDateTime(review.closedAt)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
