"use client";

import { LogIn, ShieldCheck, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { startSignIn, startStepUp } from "@/lib/core/auth-client";

function AuthButton({ icon: Icon, label, start }: { icon: LucideIcon; label: string; start: () => Promise<unknown> }) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      className="inline-flex w-full items-center justify-center gap-2 rounded-md bg-sky-600 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-700 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:opacity-60"
      disabled={!hydrated || pending}
      onClick={() => {
        setPending(true);
        void start();
      }}
    >
      <Icon aria-hidden className="size-4" />
      {label}
    </button>
  );
}

export function SignInButton({ returnTo }: { returnTo: string }) {
  return <AuthButton icon={LogIn} label="Sign in with SSO" start={() => startSignIn(returnTo)} />;
}

export function StepUpButton({ returnTo, acrValues, loginHint }: { returnTo: string; acrValues: string; loginHint: string }) {
  return <AuthButton icon={ShieldCheck} label="Confirm with MFA" start={() => startStepUp(returnTo, acrValues, loginHint)} />;
}
