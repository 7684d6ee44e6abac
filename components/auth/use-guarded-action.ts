"use client";

import type { StandardSchemaV1 } from "@standard-schema/spec";
import { useAction, type SingleInputActionFn } from "next-safe-action/hooks";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ActionError } from "@/lib/core/safe-action";

/**
 * useAction with Lattice's error handling: MFA_REQUIRED sends the person to confirm with MFA and back to this
 * page; UNAUTHENTICATED to sign-in. Other errors stay on `result.serverError` for the caller to show.
 */
export function useGuardedAction<Schema extends StandardSchemaV1 | undefined, ShapedErrors, Data>(
  action: SingleInputActionFn<ActionError, Schema, ShapedErrors, Data>,
) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return useAction(action, {
    onError: ({ error }) => {
      const serverError = error.serverError;
      const here = `${pathname}${searchParams.size ? `?${searchParams}` : ""}`;
      if (serverError?.code === "MFA_REQUIRED") router.push(`/signin/step-up?callbackUrl=${encodeURIComponent(here)}`);
      if (serverError?.code === "UNAUTHENTICATED") router.push(`/signin?callbackUrl=${encodeURIComponent(here)}`);
    },
  });
}
