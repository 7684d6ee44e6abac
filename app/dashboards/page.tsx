import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";

export const metadata: Metadata = { title: "Dashboards" };

const DASHBOARDS = [
  {
    href: "/dashboards/ownership",
    title: "Ownership",
    description: "Accounts by owner, team, unit, environment and region; orphaned, dormant and unmanaged accounts; ownership reviews that are due.",
  },
  {
    href: "/dashboards/tags",
    title: "Tag compliance",
    description: "Compliance with the tag policy and naming convention across every resource, the violations to fix, and the trend over time.",
  },
  {
    href: "/dashboards/inventory",
    title: "Inventory sync",
    description: "The mirror of the organization these dashboards read: when it last ran, what it found, and a sync on demand.",
  },
] as const;

export default async function Page() {
  await requirePageActor(...AREA_ROLES.dashboards);
  return (
    <>
      <PageHeader title="Dashboards" description="Ownership and tag compliance across the matrix, from the latest complete inventory sync." />
      <ul className="grid gap-4 md:grid-cols-3">
        {DASHBOARDS.map((dashboard) => (
          <li key={dashboard.href}>
            <Link
              href={dashboard.href}
              className="block h-full rounded-lg border border-slate-200 bg-white p-5 hover:border-sky-400 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none dark:border-slate-800 dark:bg-slate-900"
            >
              <h2 className="text-base font-semibold text-sky-700 dark:text-sky-400">{dashboard.title}</h2>
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{dashboard.description}</p>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
