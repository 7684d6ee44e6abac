import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";

export const metadata: Metadata = { title: "Admin" };

const SECTIONS = [
  { href: "/admin/users", title: "People", text: "Everyone known from single sign-on, their roles, sessions, and (de)activation." },
  { href: "/admin/roles", title: "Who can do what", text: "How identity-provider groups map to Lattice roles, and what each role may do." },
];

const LATER = [
  "Naming convention and required-tag policy, versioned.",
  "Approval policies per environment and data classification.",
  "Role catalog for just-in-time access, and the connection to Tencent Cloud.",
];

export default async function AdminPage() {
  await requirePageActor(...AREA_ROLES.admin);
  return (
    <>
      <PageHeader title="Admin" description="People, roles and, soon, guardrail policies and the connection to Tencent Cloud." />
      <div className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <Link
            key={section.href}
            href={section.href}
            className="rounded-lg border border-slate-200 bg-white p-5 hover:border-sky-400 dark:border-slate-800 dark:bg-slate-900"
          >
            <h2 className="font-semibold">{section.title}</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{section.text}</p>
          </Link>
        ))}
      </div>
      <h2 className="mt-8 mb-2 text-sm font-semibold text-slate-600 dark:text-slate-400">Coming soon</h2>
      <ul className="list-disc pl-6 text-sm text-slate-600 dark:text-slate-400">
        {LATER.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}
