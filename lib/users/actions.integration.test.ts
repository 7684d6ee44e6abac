import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";

// The chain reads the signed-in person through getActor (next-auth + database); here the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" }) }));

const { deactivateUser, reactivateUser, signOutEverywhere } = await import("./actions");

async function seedPeople() {
  await db.session.deleteMany();
  await db.user.deleteMany();
  const admin = await db.user.create({ data: { email: "priya@x", name: "Priya", groups: ["lattice-platform-admins"] } });
  const target = await db.user.create({ data: { email: "tom@x", name: "Tom", groups: ["engineering"] } });
  await db.session.createMany({
    data: [1, 2].map(() => ({ userId: target.id, expiresAt: new Date(Date.now() + 3_600_000) })),
  });
  return { admin, target };
}

function actorFor(userId: string, roles: Actor["roles"], mfa: boolean): Actor {
  return { userId, sessionId: "s", email: "x", name: "x", roles, mfa };
}

describe("user actions through the authorization chain", () => {
  let ids: { admin: string; target: string };
  beforeEach(async () => {
    const { admin, target } = await seedPeople();
    ids = { admin: admin.id, target: target.id };
  });

  it("refuses an anonymous caller", async () => {
    session.actor = null;
    expect((await deactivateUser({ userId: ids.target })).serverError?.code).toBe("UNAUTHENTICATED");
    expect((await signOutEverywhere({})).serverError?.code).toBe("UNAUTHENTICATED");
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.target } })).active).toBe(true);
  });

  it("refuses a caller without the role, before looking at the input", async () => {
    for (const role of ["approver", "security", "auditor"] as const) {
      session.actor = actorFor(ids.admin, ["requester", role], true);
      expect((await deactivateUser({ userId: ids.target })).serverError?.code).toBe("FORBIDDEN");
      expect((await deactivateUser({ userId: "" })).serverError?.code).toBe("FORBIDDEN");
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.target } })).active).toBe(true);
  });

  it("asks an admin without MFA to step up", async () => {
    session.actor = actorFor(ids.admin, ["requester", "platform-admin"], false);
    expect((await deactivateUser({ userId: ids.target })).serverError?.code).toBe("MFA_REQUIRED");
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.target } })).active).toBe(true);
  });

  it("rejects bad input with field errors and writes nothing", async () => {
    session.actor = actorFor(ids.admin, ["requester", "platform-admin"], true);
    const result = await deactivateUser({ userId: "<script>alert(1)</script>" });
    expect(result.validationErrors?.userId?._errors).toEqual(["Unknown person."]);
    expect(await db.user.count({ where: { active: false } })).toBe(0);
  });

  it("never lets an admin deactivate themselves", async () => {
    session.actor = actorFor(ids.admin, ["requester", "platform-admin"], true);
    expect((await deactivateUser({ userId: ids.admin })).serverError?.code).toBe("FORBIDDEN");
  });

  it("deactivates a person and ends their sessions, then reactivates them", async () => {
    session.actor = actorFor(ids.admin, ["requester", "platform-admin"], true);
    expect((await deactivateUser({ userId: ids.target })).serverError).toBeUndefined();
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.target } })).active).toBe(false);
    expect(await db.session.count({ where: { userId: ids.target, revokedAt: null } })).toBe(0);
    expect((await deactivateUser({ userId: ids.target })).serverError?.code).toBe("CONFLICT");
    expect((await reactivateUser({ userId: ids.target })).serverError).toBeUndefined();
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.target } })).active).toBe(true);

    // Each transition wrote exactly one audit event, with who, from where, and before/after; the conflict none.
    const events = await db.auditEvent.findMany({ where: { targetId: ids.target }, orderBy: { seq: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["user.deactivate", "user.reactivate"]);
    expect(events[0]).toMatchObject({ actorId: ids.admin, clientIp: "203.0.113.7", userAgent: "vitest" });
    expect(events[0]?.payload).toEqual({ before: { active: true }, after: { active: false }, sessionsEnded: 2 });
  });

  it("makes exactly one transition when many admins click at once", async () => {
    session.actor = actorFor(ids.admin, ["requester", "platform-admin"], true);
    const results = await Promise.all(Array.from({ length: 50 }, () => deactivateUser({ userId: ids.target })));
    expect(results.filter((result) => result.serverError === undefined)).toHaveLength(1);
    expect(results.filter((result) => result.serverError?.code === "CONFLICT")).toHaveLength(49);
    expect(await db.auditEvent.count({ where: { targetId: ids.target, action: "user.deactivate" } })).toBe(1);
  });

  it("reports an unknown person as not found", async () => {
    session.actor = actorFor(ids.admin, ["requester", "platform-admin"], true);
    expect((await deactivateUser({ userId: "user_missing" })).serverError?.code).toBe("NOT_FOUND");
  });

  it("lets any signed-in person sign out of all their own sessions", async () => {
    session.actor = actorFor(ids.target, ["requester"], false);
    expect((await signOutEverywhere({})).data).toEqual({ revoked: 2 });
    expect(await db.session.count({ where: { userId: ids.target, revokedAt: null } })).toBe(0);
  });
});
