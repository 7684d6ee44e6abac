import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES, hasRole, type Role } from "@/lib/core/roles";
import { POLICY_VIEW_ROLES } from "@/lib/policies/constants";
import { CATALOG_VIEW_ROLES } from "@/lib/role-catalog/constants";
import { DIRECTORY_ROLES, ROLE_MAPPING_ROLES } from "@/lib/users/constants";

export const metadata: Metadata = { title: "Admin" };

/** Each section is shown only to the roles its page lets in. */
const SECTIONS: { href: string; title: string; text: string; roles: Role[] }[] = [
  {
    href: "/admin/users",
    title: "People",
    text: "Everyone known from single sign-on, their roles, sessions, and (de)activation.",
    roles: DIRECTORY_ROLES,
  },
  {
    href: "/admin/roles",
    title: "Who can do what",
    text: "How identity-provider groups map to Lattice roles, and what each role may do.",
    roles: ROLE_MAPPING_ROLES,
  },
  {
    href: "/admin/policies",
    title: "Policies",
    text: "The approval policy and the naming convention, versioned, with who changed what and when.",
    roles: POLICY_VIEW_ROLES,
  },
  {
    href: "/admin/catalog",
    title: "Role catalog",
    text: "Approved cross-account roles for just-in-time access, versioned, each a Cloud Identity Center role configuration.",
    roles: CATALOG_VIEW_ROLES,
  },
];

const LATER = [
  "Required-tag policy, versioned.",
  "The connection to Tencent Cloud.",
];

export default async function AdminPage() {
  const actor = await requirePageActor(...AREA_ROLES.admin);
  return (
    <>
      <PageHeader title="Admin" description="People, roles, approval and naming policies and, soon, the connection to Tencent Cloud." />
      <div className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.filter((section) => hasRole(actor, ...section.roles)).map((section) => (
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
