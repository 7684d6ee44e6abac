import "server-only";
import NextAuth from "next-auth";
import { cache } from "react";
import { requestClient } from "./audit";
import { env } from "./env";
import { isDatabaseUnavailable } from "./errors";
import { checkSignInAllowed, deactivateAfterLostAccess, loadActorForSession, recordSignIn, revokeSession } from "./identity";
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
      try {
        const verified = verifyProfile((profile ?? {}) as Record<string, unknown>, profilePolicy);
        const problem = typeof verified === "string" ? verified : await checkSignInAllowed(verified);
        if (problem || typeof verified === "string") {
          const subject = typeof profile?.sub === "string" ? profile.sub : null;
          logger.warn("sign-in refused", { reason: problem, subject });
          // Removed from every Lattice group at the IdP: a known person is deactivated, so their sessions end too.
          if (problem === "NoAccess" && subject) await deactivateAfterLostAccess(subject);
          return `/signin?error=${problem}`;
        }
        // A step-up (or any sign-in over a live session) must be the same person: never swap who is signed in.
        const current = await getActor();
        if (current && current.email !== verified.email) {
          logger.warn("sign-in refused", { reason: "DifferentPerson", signedIn: current.userId });
          return "/signin?error=DifferentPerson";
        }
        return true;
      } catch (error) {
        if (isDatabaseUnavailable(error)) return "/signin?error=Unavailable";
        throw error;
      }
    },
    async jwt({ token, profile, trigger }) {
      if (trigger === "signIn" && profile) {
        const verified = verifyProfile(profile as Record<string, unknown>, profilePolicy);
        if (typeof verified === "string") throw new Error(`sign-in profile rejected: ${verified}`);
        const sessionId = await recordSignIn(verified, await requestClient());
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

/**
 * The session behind this request, checked against the database once per request: the actor, or null, and
 * whether the browser presented a session that is no longer valid (so sign-in can say why).
 */
export const getSessionState = cache(async (): Promise<{ actor: Actor | null; ended: boolean }> => {
  const session = (await nextAuth.auth()) as { sid?: string } | null;
  if (!session?.sid) return { actor: null, ended: false };
  const actor = await loadActorForSession(session.sid);
  return { actor, ended: actor === null };
});

/** The signed-in person for this request, or null. */
export async function getActor(): Promise<Actor | null> {
  return (await getSessionState()).actor;
}
