import type { Metadata } from "next";
import Link from "next/link";
import { AccessRequestForm } from "@/components/access/access-request-form";
import { PageHeader } from "@/components/ui/page-header";
import { loadAccessForm } from "@/lib/access/loaders";

export const metadata: Metadata = { title: "Request access" };

export default async function NewAccessRequestPage() {
  const { roles, accounts, existing } = await loadAccessForm();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/access" className="hover:underline">
          Access
        </Link>{" "}
        / Request access
      </nav>
      <PageHeader title="Request access" description="A catalog role on one or several accounts, for a limited time, approved by someone other than you." />
      <AccessRequestForm
        roles={roles}
        accounts={accounts}
        existing={existing.map((grant) => ({
          accountId: grant.account.id,
          roleId: grant.request.roleId,
          roleName: grant.request.roleVersion.name,
          status: grant.status,
          until: grant.expiresAt?.toISOString() ?? null,
          requestId: grant.request.id,
          requestNumber: grant.request.number,
        }))}
      />
    </>
  );
}
