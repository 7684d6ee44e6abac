import type { Metadata } from "next";
import Link from "next/link";
import { CatalogTable } from "@/components/role-catalog/catalog-table";
import { PRIMARY_BUTTON_CLASS } from "@/components/policies/labels";
import { PageHeader } from "@/components/ui/page-header";
import { loadCatalog } from "@/lib/role-catalog/loaders";

export const metadata: Metadata = { title: "Role catalog" };

export default async function CatalogPage() {
  const { canEdit, roles } = await loadCatalog();
  return (
    <>
      <PageHeader
        title="Role catalog"
        description="Approved cross-account roles people may request just in time. Each change is a new version; each role is provisioned into Cloud Identity Center as a role configuration."
      >
        {canEdit && (
          <Link href="/admin/catalog/new" className={PRIMARY_BUTTON_CLASS}>
            New role
          </Link>
        )}
      </PageHeader>
      <CatalogTable roles={roles} />
    </>
  );
}
