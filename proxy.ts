import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/core/env";

/**
 * Security headers for every page: a per-request nonce-based Content-Security-Policy (no 'unsafe-inline'
 * scripts), HSTS behind https, and the request path for sign-in redirects. Authorization is NOT done here:
 * every page and action checks the session itself.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const development = env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    // React's development build needs eval for stack traces; production never gets it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React, next/font) need this; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Sign-in submits a form that redirects to the identity provider, which Chromium checks against form-action.
    `form-action 'self' ${new URL(env.AUTH_OIDC_ISSUER).origin}`,
    "frame-ancestors 'none'",
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-lattice-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
