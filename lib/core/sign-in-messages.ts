/** What the sign-in page says for each refusal; unknown codes fall back to a generic message. */
export const SIGN_IN_MESSAGES: Record<string, string> = {
  MissingSubject: "Your identity provider did not say who you are (no subject). Ask an administrator to check the SSO configuration.",
  MissingEmail: "Your identity provider did not share your email address, which Lattice needs. Ask an administrator to release the email claim.",
  BadGroups: "Your identity provider sent your groups in a form Lattice cannot read. Ask an administrator to check the groups claim.",
  NoAccess: "None of your identity-provider groups gives access to Lattice. Ask an administrator to add you to a Lattice group.",
  Inactive: "Your Lattice account has been deactivated. Ask a platform administrator if you need access again.",
  AccountConflict: "Another identity already uses your email address in Lattice. Ask a platform administrator to resolve it.",
  DifferentPerson: "You confirmed as a different person from the one signed in here, which is not allowed, so nothing changed: the person signed in before still is. To act as someone else, sign out first.",
  Unavailable: "Lattice cannot reach its database right now, so nobody can sign in. Try again in a moment.",
  SessionEnded: "Your session has ended: it expired, you signed out elsewhere, or your access changed. Sign in again.",
  AccessDenied: "The sign-in was refused.",
  Configuration: "The sign-in could not be completed (the response from your identity provider was not valid, or it expired). Please try again.",
  Verification: "The sign-in link is no longer valid. Please try again.",
};

export function signInMessage(code: string | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_MESSAGES[code] ?? "The sign-in could not be completed. Please try again.";
}
