import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountSummary } from "@/components/accounts/account-summary";
import { PageHeader } from "@/components/ui/page-header";
import { loadAccountDetail } from "@/lib/accounts/loaders";
import { AppError } from "@/lib/core/errors";

async function loadOrNotFound(id: string) {
  try {
    return await loadAccountDetail(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: PageProps<"/accounts/[id]">): Promise<Metadata> {
  const account = await loadOrNotFound((await params).id);
  return { title: account.name };
}

export default async function AccountPage({ params }: PageProps<"/accounts/[id]">) {
  const account = await loadOrNotFound((await params).id);
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
      <AccountSummary account={account} />
    </>
  );
}
