import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RequestForm } from "@/components/account-requests/request-form";
import { PageHeader } from "@/components/ui/page-header";
import { loadRequestForm } from "@/lib/account-requests/loaders";
import { draftFormValues } from "@/lib/account-requests/utils";
import { AppError } from "@/lib/core/errors";
import { idSchema } from "@/lib/core/validation";

export const metadata: Metadata = { title: "Request a new account" };

export default async function NewRequestPage({ searchParams }: PageProps<"/requests/new">) {
  const draftParam = (await searchParams).draft;
  const draftId = typeof draftParam === "string" && idSchema.safeParse(draftParam).success ? draftParam : undefined;
  if (draftParam !== undefined && !draftId) notFound();
  let form;
  try {
    form = await loadRequestForm(draftId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        <Link href="/requests" className="hover:underline">
          Requests
        </Link>{" "}
        / {draftId ? "Draft" : "New account"}
      </nav>
      <PageHeader
        title={draftId ? "Resume your draft" : "Request a new account"}
        description="A new member account of the organization, created and secured by Lattice once it is approved."
      />
      <RequestForm
        guardrails={form.guardrails}
        freeParts={form.freeParts}
        options={form.options}
        draftId={draftId}
        initial={draftFormValues(form.draft, form.freeParts, form.actor.userId)}
      />
    </>
  );
}
