import type { Metadata } from "next";
import { RoleMapping } from "@/components/admin/role-mapping";
import { PageHeader } from "@/components/ui/page-header";
import { loadRoleMapping } from "@/lib/users/loaders";

export const metadata: Metadata = { title: "Who can do what" };

export default async function RolesPage() {
  const { mapping, mfa } = await loadRoleMapping();
  return (
    <>
      <PageHeader title="Who can do what" description="Roles come from identity-provider groups (AUTH_GROUP_ROLES); ownership of accounts comes from Lattice." />
      <RoleMapping mapping={mapping} mfa={mfa} />
    </>
  );
}
