/** Only same-site paths may be returned to after sign-in (no open redirects). */
export function safeReturnPath(path: string | null | undefined): string {
  return path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/accounts";
}
