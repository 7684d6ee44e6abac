"use client";

// The only client module that imports next-auth: sign-in (optionally a step-up to MFA) and sign-out.
import { signIn, signOut } from "next-auth/react";
import { safeReturnPath } from "./return-path";

export function startSignIn(returnTo: string) {
  return signIn("sso", { redirectTo: safeReturnPath(returnTo) });
}

/** Asks the IdP to authenticate the same person again with MFA, then returns to `returnTo`. */
export function startStepUp(returnTo: string, acrValues: string, loginHint: string) {
  return signIn("sso", { redirectTo: safeReturnPath(returnTo) }, { prompt: "login", acr_values: acrValues, login_hint: loginHint });
}

export function endSession() {
  return signOut({ redirectTo: "/signin?signedOut=1" });
}
