import "server-only";
import { appendAuditEvent, SYSTEM_STAMP } from "./audit";
import { db } from "./db";
import { env } from "./env";
import type { SignInProblem, VerifiedProfile } from "./profile";
import { rolesForGroups, satisfiesMfa, type Actor } from "./roles";

/**
 * Finds the person for a verified profile without writing: by subject, else a not-yet-claimed row with the same
 * email (people seeded or invited before their first sign-in). Refuses inactive people and email clashes.
 */
export async function checkSignInAllowed(profile: VerifiedProfile): Promise<SignInProblem | null> {
  const bySubject = await db.user.findUnique({ where: { subject: profile.subject }, select: { active: true } });
  if (bySubject) return bySubject.active ? null : "Inactive";
  const byEmail = await db.user.findUnique({ where: { email: profile.email }, select: { subject: true, active: true } });
  if (!byEmail) return null;
  if (byEmail.subject !== null) return "AccountConflict";
  return byEmail.active ? null : "Inactive";
}

/**
 * A known person signed in at the IdP but no longer holds any Lattice group: they were removed from Lattice at the
 * IdP. Mark them inactive and end their open sessions (which still carry the groups of their last sign-in).
 */
export async function deactivateAfterLostAccess(subject: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { subject }, select: { id: true, active: true } });
    if (!user?.active) return false;
    const { count } = await tx.user.updateMany({ where: { id: user.id, active: true }, data: { active: false } });
    if (count === 0) return false;
    const { count: sessionsEnded } = await tx.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await appendAuditEvent(tx, SYSTEM_STAMP, {
      action: "user.deactivate",
      target: { type: "user", id: user.id },
      payload: { reason: "signed in without any Lattice group", before: { active: true }, after: { active: false }, sessionsEnded },
    });
    return true;
  });
}

/** Records a successful sign-in: creates or updates the person and opens a database session. Returns its id. */
export async function recordSignIn(
  profile: VerifiedProfile,
  client: { clientIp: string | null; userAgent: string | null },
): Promise<string> {
  const now = new Date();
  const mfa = satisfiesMfa(profile, { amrValues: env.AUTH_MFA_AMR, acrValues: env.AUTH_MFA_ACR });
  return db.$transaction(async (tx) => {
    const fields = { email: profile.email, name: profile.name, groups: profile.groups, lastLoginAt: now };
    const existing =
      (await tx.user.findUnique({ where: { subject: profile.subject }, select: { id: true } })) ??
      (await tx.user.findFirst({ where: { email: profile.email, subject: null }, select: { id: true } }));
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { ...fields, subject: profile.subject }, select: { id: true } })
      : await tx.user.create({ data: { ...fields, subject: profile.subject }, select: { id: true } });
    const session = await tx.session.create({
      data: {
        userId: user.id,
        amr: profile.amr,
        acr: profile.acr,
        mfa,
        ipAddress: client.clientIp,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
        expiresAt: new Date(now.getTime() + env.AUTH_SESSION_MAX_AGE * 1000),
      },
      select: { id: true },
    });
    await appendAuditEvent(
      tx,
      { actor: { type: "USER", id: user.id, label: profile.email }, ...client },
      { action: "user.signIn", target: { type: "session", id: session.id }, payload: { mfa, amr: profile.amr, acr: profile.acr, firstSignIn: !existing } },
    );
    return session.id;
  });
}

/** How stale `lastSeenAt` may get before a request refreshes it; keeps writes to one a minute per session. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The actor behind a session id, checked against the database on every request: the session must exist, not be
 * revoked, expired or idle too long, and the person must be active and still hold a known IdP group.
 */
export async function loadActorForSession(sessionId: string, now = new Date()): Promise<Actor | null> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      mfa: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, name: true, groups: true, active: true } },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= now || !session.user.active) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > env.AUTH_SESSION_IDLE_TIMEOUT * 1000) return null;
  const roles = rolesForGroups(session.user.groups, env.AUTH_GROUP_ROLES);
  if (!roles) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    userId: session.user.id,
    sessionId: session.id,
    email: session.user.email,
    name: session.user.name,
    roles,
    mfa: session.mfa,
  };
}

/** Signs a session out (revokes its row) and records it. */
export async function revokeSession(sessionId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) return;
    const { user } = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { user: { select: { id: true, email: true } } } });
    await appendAuditEvent(tx, { actor: { type: "USER", id: user.id, label: user.email } }, { action: "user.signOut", target: { type: "session", id: sessionId } });
  });
}
