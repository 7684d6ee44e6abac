import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AccountAccess } from "@/components/accounts/account-access";
import { AccountHistory } from "@/components/accounts/account-history";
import { AccountResources } from "@/components/accounts/account-resources";
import { AccountOverview, AccountOwners, AccountTags } from "@/components/accounts/account-summary";
import { OwnershipReview } from "@/components/ownership/ownership-review";
import { PageHeader } from "@/components/ui/page-header";
import { loadAccountPage } from "@/lib/accounts/loaders";
import { AppError } from "@/lib/core/errors";
import { idSchema } from "@/lib/core/validation";

// Once per request: generateMetadata and the page both need it.
const loadOrNotFound = cache(async (id: string) => {
  if (!idSchema.safeParse(id).success) notFound();
  try {
    return await loadAccountPage(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: PageProps<"/accounts/[id]">): Promise<Metadata> {
  const { account } = await loadOrNotFound((await params).id);
  return { title: account.name };
}

export default async function AccountPage({ params }: PageProps<"/accounts/[id]">) {
  const page = await loadOrNotFound((await params).id);
  const { account } = page;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/accounts" className="hover:underline">
          Accounts
        </Link>{" "}
        / {account.name}
      </nav>
      <PageHeader title={account.name} description={account.memberUin ? `Member UIN ${account.memberUin}` : "Not provisioned yet"}>
        <Link href={`/audit?account=${account.id}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          History of this account
        </Link>
      </PageHeader>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <AccountOverview account={account} />
          <AccountTags tags={account.tags} />
          <AccountResources accountId={account.id} resources={page.resources} syncedAt={account.inventorySyncedAt} />
          <AccountAccess accountRequest={page.accountRequest} grants={page.grants} />
          <AccountHistory accountId={account.id} history={page.history} />
        </div>
        <div className="space-y-4">
          <AccountOwners owners={account.owners} />
          <OwnershipReview page={page} />
        </div>
      </div>
    </>
  );
}
