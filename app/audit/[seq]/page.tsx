import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventDetail } from "@/components/audit/event-detail";
import { PageHeader } from "@/components/ui/page-header";
import { loadEvent } from "@/lib/audit/loaders";

export async function generateMetadata({ params }: PageProps<"/audit/[seq]">): Promise<Metadata> {
  return { title: `Event ${(await params).seq}` };
}

export default async function AuditEventPage({ params }: PageProps<"/audit/[seq]">) {
  const event = await loadEvent((await params).seq);
  // An event the person may not see looks the same as one that does not exist.
  if (!event) notFound();
  const seq = BigInt(event.seq);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600 dark:text-slate-400">
        <span>
          <Link href="/audit" className="hover:underline">
            Audit
          </Link>{" "}
          / Event {event.seq}
        </span>
        <span className="flex gap-3">
          {seq > 1n && (
            <Link href={`/audit/${seq - 1n}`} className="hover:underline">
              ← Event {String(seq - 1n)}
            </Link>
          )}
          <Link href={`/audit/${seq + 1n}`} className="hover:underline">
            Event {String(seq + 1n)} →
          </Link>
        </span>
      </nav>
      <PageHeader title={`Event ${event.seq}`} />
      <EventDetail event={event} />
    </>
  );
}
