import type { Metadata } from "next";
import { DirectoryTable } from "@/components/admin/directory-table";
import { PageHeader } from "@/components/ui/page-header";
import { loadDirectory } from "@/lib/users/loaders";

export const metadata: Metadata = { title: "People" };

export default async function UsersPage() {
  const { users } = await loadDirectory();
  return (
    <>
      <PageHeader
        title="People"
        description="Everyone who has signed in or owns an account. Deactivating someone ends their sessions at once and blocks sign-in."
      />
      <DirectoryTable users={users} />
    </>
  );
}
