import { beforeEach, describe, expect, it } from "vitest";
import { db } from "./db";
import { checkSignInAllowed, deactivateAfterLostAccess, loadActorForSession, recordSignIn, revokeSession } from "./identity";
import type { VerifiedProfile } from "./profile";

const client = { clientIp: "127.0.0.1", userAgent: "vitest" };
const dana: VerifiedProfile = {
  subject: "sub-dana",
  email: "dana@lattice.example",
  name: "Dana Wright",
  groups: ["engineering"],
  amr: ["pwd"],
  acr: "pwd",
};

describe("sign-in records", () => {
  beforeEach(async () => {
    await db.session.deleteMany();
    await db.user.deleteMany();
  });

  it("creates the person and a session on first sign-in, and updates them later", async () => {
    const first = await recordSignIn(dana, client);
    const user = await db.user.findUniqueOrThrow({ where: { subject: "sub-dana" } });
    expect(user).toMatchObject({ email: "dana@lattice.example", name: "Dana Wright", groups: ["engineering"], active: true });
    expect(user.lastLoginAt).not.toBeNull();

    const second = await recordSignIn({ ...dana, name: "Dana W.", groups: ["engineering", "lattice-approvers"] }, client);
    expect(second).not.toBe(first);
    expect(await db.user.count()).toBe(1);
    expect(await db.user.findUniqueOrThrow({ where: { subject: "sub-dana" } })).toMatchObject({
      name: "Dana W.",
      groups: ["engineering", "lattice-approvers"],
    });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2);
    const signIns = await db.auditEvent.findMany({ where: { actorId: user.id, action: "user.signIn" }, orderBy: { seq: "asc" } });
    expect(signIns.map((event) => (event.payload as { firstSignIn: boolean }).firstSignIn)).toEqual([true, false]);
    expect(signIns[0]).toMatchObject({ targetId: first, clientIp: "127.0.0.1" });
  });

  it("claims a person seeded before their first sign-in, by email", async () => {
    const seeded = await db.user.create({ data: { email: "dana@lattice.example", name: "Dana", groups: [] } });
    await recordSignIn(dana, client);
    expect(await db.user.findUniqueOrThrow({ where: { id: seeded.id } })).toMatchObject({ subject: "sub-dana" });
  });

  it("refuses inactive people and email clashes before writing anything", async () => {
    await db.user.create({ data: { subject: "sub-dana", email: "dana@lattice.example", name: "Dana", groups: [], active: false } });
    expect(await checkSignInAllowed(dana)).toBe("Inactive");
    expect(await checkSignInAllowed({ ...dana, subject: "someone-else" })).toBe("AccountConflict");
    expect(await checkSignInAllowed({ ...dana, subject: "new", email: "new@lattice.example" })).toBeNull();
    expect(await db.session.count()).toBe(0);
  });

  it("deactivates a known person who signs in without any Lattice group, ending their sessions", async () => {
    const open = await recordSignIn(dana, client);
    expect(await deactivateAfterLostAccess("sub-dana")).toBe(true);
    expect(await loadActorForSession(open)).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { subject: "sub-dana" } })).active).toBe(false);
    const [event] = await db.auditEvent.findMany({ where: { action: "user.deactivate", actorType: "SYSTEM" }, orderBy: { seq: "desc" }, take: 1 });
    expect(event?.payload).toMatchObject({ reason: "signed in without any Lattice group", sessionsEnded: 1 });
    // Nothing to do for someone already inactive, or unknown: nothing is written for strangers.
    expect(await deactivateAfterLostAccess("sub-dana")).toBe(false);
    expect(await deactivateAfterLostAccess("sub-stranger")).toBe(false);
    expect(await db.user.count({ where: { subject: "sub-stranger" } })).toBe(0);
  });

  it("records whether the sign-in used MFA", async () => {
    const withMfa = await recordSignIn({ ...dana, amr: ["pwd", "otp"], acr: "mfa" }, client);
    const without = await recordSignIn(dana, client);
    expect((await loadActorForSession(withMfa))?.mfa).toBe(true);
    expect((await loadActorForSession(without))?.mfa).toBe(false);
  });
});

describe("loadActorForSession", () => {
  let sessionId: string;
  beforeEach(async () => {
    await db.session.deleteMany();
    await db.user.deleteMany();
    sessionId = await recordSignIn(dana, client);
  });

  it("returns the person with roles from their groups", async () => {
    expect(await loadActorForSession(sessionId)).toMatchObject({ email: "dana@lattice.example", roles: ["requester"], mfa: false });
  });

  it("stops working once the session is revoked, and records the sign-out once", async () => {
    await revokeSession(sessionId);
    await revokeSession(sessionId);
    expect(await loadActorForSession(sessionId)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "user.signOut", targetId: sessionId } })).toBe(1);
  });

  it("stops working once the person is deactivated", async () => {
    await db.user.update({ where: { subject: "sub-dana" }, data: { active: false } });
    expect(await loadActorForSession(sessionId)).toBeNull();
  });

  it("stops working when the person no longer has a known group", async () => {
    await db.user.update({ where: { subject: "sub-dana" }, data: { groups: ["contractors"] } });
    expect(await loadActorForSession(sessionId)).toBeNull();
  });

  it("expires after the idle timeout and after the absolute lifetime", async () => {
    const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
    // Defaults: 30 minutes idle, 8 hours absolute.
    expect(await loadActorForSession(sessionId, later(29 * 60))).not.toBeNull();
    expect(await loadActorForSession(sessionId, later(2 * 3600))).toBeNull();
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: later(8 * 3600) } });
    expect(await loadActorForSession(sessionId, later(8 * 3600 + 1))).toBeNull();
  });

  it("refreshes lastSeenAt at most once a minute", async () => {
    const before = (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt;
    await loadActorForSession(sessionId, new Date(before.getTime() + 30_000));
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt).toEqual(before);
    const inTwoMinutes = new Date(before.getTime() + 120_000);
    await loadActorForSession(sessionId, inTwoMinutes);
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt).toEqual(inTwoMinutes);
  });

  it("returns null for an unknown session id", async () => {
    expect(await loadActorForSession("no-such-session")).toBeNull();
  });
});
