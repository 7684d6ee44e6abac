import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInButton } from "@/components/auth/sign-in-button";
import { Notice } from "@/components/ui/notice";
import { getActor } from "@/lib/core/auth";
import { safeReturnPath } from "@/lib/core/return-path";
import { signInMessage } from "@/lib/core/sign-in-messages";

export const metadata: Metadata = { title: "Sign in" };

function first(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const params = await searchParams;
  const returnTo = safeReturnPath(first(params.callbackUrl));
  const error = signInMessage(first(params.error));
  const actor = await getActor();
  // Someone already signed in who lands here without an error goes straight on.
  if (!error && actor) redirect(returnTo);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">Sign in to Lattice</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600 dark:text-slate-400">Use your organization&apos;s single sign-on.</p>
      {error && (
        // A refused confirmation (step-up) leaves the earlier sign-in in place: say so, and offer the way back.
        <Notice tone="error" title={actor ? "Not confirmed" : "You are not signed in"}>
          {error}
          {actor && (
            <p className="mt-2">
              <Link href={returnTo} className="font-medium underline">
                Back to where you were
              </Link>
            </p>
          )}
        </Notice>
      )}
      {first(params.signedOut) && !error && <Notice title="You are signed out." />}
      <SignInButton returnTo={returnTo} />
    </div>
  );
}
