import clsx from "clsx";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { diffChanges } from "@/lib/audit/utils";
import { auditActionLabel } from "@/lib/core/audit-actions";
import { formatDateTime } from "@/components/ui/date-time";

export interface EventDetailData {
  seq: string;
  occurredAt: string;
  source: "PORTAL" | "CLOUDAUDIT";
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  accountId: string | null;
  accountUin: string | null;
  unitId: string | null;
  requestRef: string | null;
  grantRef: string | null;
  tencentRequestIds: string[];
  clientIp: string | null;
  userAgent: string | null;
  externalId: string | null;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export function EventDetail({ event }: { event: EventDetailData }) {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const changes = "before" in payload || "after" in payload ? diffChanges(payload.before, payload.after) : [];
  const { before: _before, after: _after, ...details } = payload;
  return (
    <div className="space-y-4">
      <section className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Field label="What">
            <span className="flex flex-wrap items-center gap-1">
              {auditActionLabel(event.action)} <code className="text-xs">{event.action}</code>
              {event.source === "CLOUDAUDIT" && <Badge tone="info">CloudAudit</Badge>}
            </span>
          </Field>
          <Field label="When">{formatDateTime(event.occurredAt)}</Field>
          <Field label="Who">
            {event.actorLabel} <span className="text-xs text-slate-500">({event.actorType.toLowerCase()})</span>
          </Field>
          <Field label="Target">
            <code>
              {event.targetType}
              {event.targetId ? `:${event.targetId}` : ""}
            </code>
          </Field>
          <Field label="Account">
            {event.accountId ? (
              <Link href={`/accounts/${event.accountId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                {event.accountUin ?? event.accountId}
              </Link>
            ) : (
              event.accountUin
            )}
          </Field>
          <Field label="Request / grant">{[event.requestRef, event.grantRef].filter(Boolean).join(" · ") || null}</Field>
          <Field label="Tencent RequestIds">{event.tencentRequestIds.join(", ") || null}</Field>
          <Field label="Client">{[event.clientIp, event.userAgent].filter(Boolean).join(" · ") || null}</Field>
          <Field label="Source id">{event.externalId}</Field>
        </dl>
      </section>

      {changes.length > 0 && (
        <section aria-labelledby="changes-heading" className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="changes-heading" className="mb-3 font-semibold">
            Before and after
          </h2>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Changes</caption>
            <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">Field</th>
                <th scope="col" className="py-1 pr-4 font-medium">Before</th>
                <th scope="col" className="py-1 font-medium">After</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono text-xs dark:divide-slate-800">
              {changes.map((change) => (
                <tr key={change.path} className={clsx(change.changed && "bg-amber-50 dark:bg-amber-950/40")}>
                  <td className="py-1.5 pr-4">
                    {change.path}
                    {change.changed && <span className="sr-only"> (changed)</span>}
                  </td>
                  <td className={clsx("py-1.5 pr-4", change.changed && "text-rose-700 line-through dark:text-rose-300")}>{change.before}</td>
                  <td className={clsx("py-1.5", change.changed && "text-emerald-700 dark:text-emerald-300")}>{change.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {Object.keys(details).length > 0 && (
        <section aria-labelledby="details-heading" className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="details-heading" className="mb-3 font-semibold">
            Details
          </h2>
          <pre className="overflow-x-auto text-xs">{JSON.stringify(details, null, 2)}</pre>
        </section>
      )}

      <section aria-labelledby="integrity-heading" className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="integrity-heading" className="mb-3 font-semibold">
          Integrity
        </h2>
        <dl className="grid gap-3">
          <Field label="Hash">
            <code className="text-xs">{event.hash}</code>
          </Field>
          <Field label="Previous hash">
            <code className="text-xs">{event.prevHash}</code>
          </Field>
        </dl>
      </section>
    </div>
  );
}
