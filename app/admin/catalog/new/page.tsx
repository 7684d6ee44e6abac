import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { CARD_CLASS } from "@/components/policies/labels";
import { RoleForm } from "@/components/role-catalog/role-form";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadCatalog } from "@/lib/role-catalog/loaders";

export const metadata: Metadata = { title: "New catalog role" };

export default async function NewCatalogRolePage() {
  const { canEdit, mfa } = await loadCatalog();
  if (!canEdit) forbidden();
  return (
    <>
      <PageHeader title="New catalog role" description="Version 1 of a role people may request. Its slug names the Cloud Identity Center role configuration and never changes." />
      {!mfa && (
        <Notice title="Creating a role needs MFA">
          Confirm with MFA <Link href="/signin/step-up?callbackUrl=%2Fadmin%2Fcatalog%2Fnew" className="font-medium underline">before you edit</Link>, so your changes are not lost
          on the way.
        </Notice>
      )}
      <section className={CARD_CLASS}>
        <RoleForm mode="create" />
      </section>
    </>
  );
}
