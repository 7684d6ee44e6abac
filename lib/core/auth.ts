import "server-only";
import NextAuth from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { env } from "./env";
import { checkSignInAllowed, loadActorForSession, recordSignIn, revokeSession } from "./identity";
import { logger } from "./logger";
import { verifyProfile } from "./profile";
import type { Actor } from "./roles";

const profilePolicy = { groupsClaim: env.AUTH_GROUPS_CLAIM, groupRoles: env.AUTH_GROUP_ROLES };

/**
 * The only module that imports next-auth on the server. Auth.js runs the OpenID Connect flow and keeps a signed,
 * encrypted cookie that names a row of our `session` table; who the person is and what they may do is always read
 * from the database (loadActorForSession), never trusted from the cookie.
 */
const nextAuth = NextAuth({
  secret: env.AUTH_SECRET,
  // Behind a reverse proxy the public URL comes from AUTH_URL or the forwarded headers.
  trustHost: true,
  session: { strategy: "jwt", maxAge: env.AUTH_SESSION_MAX_AGE },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    {
      id: "sso",
      name: "SSO",
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: env.AUTH_OIDC_SCOPE } },
      checks: ["pkce", "state", "nonce"],
    },
  ],
  callbacks: {
    // Runs before anything is written: a refused sign-in leaves no user and no session behind.
    async signIn({ profile }) {
      const verified = verifyProfile((profile ?? {}) as Record<string, unknown>, profilePolicy);
      const problem = typeof verified === "string" ? verified : await checkSignInAllowed(verified);
      if (problem) {
        logger.warn("sign-in refused", { reason: problem, subject: typeof profile?.sub === "string" ? profile.sub : null });
        return `/signin?error=${problem}`;
      }
      return true;
    },
    async jwt({ token, profile, trigger }) {
      if (trigger === "signIn" && profile) {
        const verified = verifyProfile(profile as Record<string, unknown>, profilePolicy);
        if (typeof verified === "string") throw new Error(`sign-in profile rejected: ${verified}`);
        const requestHeaders = await headers();
        const sessionId = await recordSignIn(verified, {
          ipAddress: requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
          userAgent: requestHeaders.get("user-agent"),
        });
        // The cookie carries only the session id: no name, email or groups to go stale or leak.
        return { sid: sessionId };
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSession(sid);
    },
  },
});

export const { handlers } = nextAuth;

/** The signed-in person for this request, or null; checked against the database once per request. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = (await nextAuth.auth()) as { sid?: string } | null;
  if (!session?.sid) return null;
  return loadActorForSession(session.sid);
});
