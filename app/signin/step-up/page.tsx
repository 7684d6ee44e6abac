import type { Metadata } from "next";
import { StepUpButton } from "@/components/auth/sign-in-button";
import { safeReturnPath } from "@/lib/core/return-path";
import { requirePageActor } from "@/lib/core/auth-gate";
import { env } from "@/lib/core/env";

export const metadata: Metadata = { title: "Confirm with MFA" };

export default async function StepUpPage({ searchParams }: PageProps<"/signin/step-up">) {
  const actor = await requirePageActor();
  const callbackUrl = (await searchParams).callbackUrl;
  const returnTo = safeReturnPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">Confirm with MFA</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600 dark:text-slate-400">
        This needs a sign-in with multi-factor authentication. You will sign in again at your identity provider as{" "}
        <strong>{actor.email}</strong>, then come back to where you were. Nothing has been changed yet.
      </p>
      <StepUpButton returnTo={returnTo} acrValues={env.AUTH_STEP_UP_ACR_VALUES} loginHint={actor.email} />
    </div>
  );
}
