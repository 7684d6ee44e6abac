import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import { getQueue } from "@/lib/core/queue";
import type { Actor, Role } from "@/lib/core/roles";
import type { RoleContentFields } from "./schema";

// The chain reads the signed-in person through getActor; the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" }) }));

const { createRole, publishRoleVersion, rollbackRole, setRoleStatus } = await import("./actions");

const POLICY = { version: "2.0", statement: [{ effect: "allow", action: ["cdb:Describe*"], resource: "*" }] };
const CONTENT: RoleContentFields = {
  name: "Database read-only",
  description: "Read the databases of an account during an incident.",
  policyDocuments: [JSON.stringify(POLICY, null, 2)],
  environments: ["DEV", "PROD"],
  maxDurationSeconds: 3600,
  approvalsRequired: 2,
  reviewers: ["ACCOUNT_OWNER", "SECURITY"],
  securityForProd: true,
  breakGlassAllowed: false,
};

let adminId: string;
function as(roles: Role[], mfa = true) {
  session.actor = { userId: adminId, sessionId: "s", email: "priya@lattice.example", name: "Priya", roles: ["requester", ...roles], mfa };
}

async function counts() {
  return {
    roles: await db.catalogRole.count(),
    versions: await db.catalogRoleVersion.count(),
    events: await db.auditEvent.count({ where: { action: { startsWith: "catalogRole." } } }),
    jobs: Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'role-catalog.provision'`)[0]?.n ?? 0),
  };
}

async function waitingJobs(roleId: string) {
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'role-catalog.provision' AND state = 'created' AND data->>'roleId' = ${roleId}`;
  return Number(rows[0]?.n ?? 0);
}

async function create(slug: string) {
  as(["platform-admin"]);
  const result = await createRole({ slug, content: CONTENT, changeNote: "First version" });
  if (!result.data) throw new Error(`create failed: ${JSON.stringify(result.serverError ?? result.validationErrors)}`);
  return result.data;
}

beforeAll(async () => {
  await getQueue();
  adminId = (await db.user.create({ data: { email: "priya@lattice.example", name: "Priya Nair", groups: ["lattice-platform-admins"] } })).id;
});

beforeEach(() => {
  session.actor = null;
});

describe("creating a catalog role", () => {
  it("stores version 1 with its content, an audit event and a provisioning job, in one transaction", async () => {
    const before = await counts();
    const { roleId, version } = await create("db-read-only");
    expect(version).toBe(1);
    const role = await db.catalogRole.findUniqueOrThrow({ where: { id: roleId }, include: { versions: true } });
    expect(role).toMatchObject({ slug: "db-read-only", status: "ACTIVE", currentVersion: 1, createdById: adminId });
    expect(role.versions).toHaveLength(1);
    expect(role.versions[0]).toMatchObject({
      version: 1,
      name: "Database read-only",
      // Stored compact, lists in a fixed order.
      policyDocuments: [JSON.stringify(POLICY)],
      environments: ["PROD", "DEV"],
      reviewers: ["ACCOUNT_OWNER", "SECURITY"],
      maxDurationSeconds: 3600,
      approvalsRequired: 2,
      cicStatus: "PENDING",
      changeNote: "First version",
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "catalogRole.create", targetId: roleId } });
    expect(event).toMatchObject({ actorId: adminId, targetType: "catalogRole", clientIp: "203.0.113.7" });
    expect(event.payload).toMatchObject({ slug: "db-read-only", version: 1, before: null, after: { name: "Database read-only", maxDurationSeconds: 3600 } });
    const jobs = await db.$queryRaw<{ data: { roleId: string } }[]>`SELECT data FROM pgboss.job WHERE name = 'role-catalog.provision' AND data->>'roleId' = ${roleId}`;
    expect(jobs).toEqual([{ data: { roleId } }]);
    expect(await counts()).toEqual({ roles: before.roles + 1, versions: before.versions + 1, events: before.events + 1, jobs: before.jobs + 1 });
  });

  it("refuses a taken slug with CONFLICT and writes nothing", async () => {
    await create("taken-slug");
    const before = await counts();
    const again = await createRole({ slug: "taken-slug", content: CONTENT, changeNote: "Second try" });
    expect(again.serverError).toMatchObject({ code: "CONFLICT", fieldErrors: { slug: ["This slug is taken."] } });
    expect(await counts()).toEqual(before);
  });

  it("refuses a policy that breaks CAM's grammar with VALIDATION naming the statement, and writes nothing", async () => {
    as(["platform-admin"]);
    const before = await counts();
    const bad = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: "cdb:*", resource: "*" }, { effect: "permit", action: "cdb:*", resource: "*" }] });
    const result = await createRole({ slug: "bad-policy", content: { ...CONTENT, policyDocuments: [bad] }, changeNote: "First version" });
    expect(result.data).toBeUndefined();
    const errors = result.validationErrors as { content?: { policyDocuments?: Record<string, { statement?: Record<string, { effect?: { _errors?: string[] } }> }> } };
    expect(errors.content?.policyDocuments?.["0"]?.statement?.["1"]?.effect?._errors).toEqual(['Statement 2: "effect" must be "allow" or "deny".']);
    const badDuration = await createRole({ slug: "bad-duration", content: { ...CONTENT, maxDurationSeconds: 50_000 }, changeNote: "First version" });
    expect(badDuration.data).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it("refuses everyone but platform admins with MFA, writing nothing", async () => {
    const before = await counts();
    for (const role of ["approver", "security", "auditor"] as const) {
      as([role]);
      expect((await createRole({ slug: "forbidden", content: CONTENT, changeNote: "Not allowed" })).serverError?.code, role).toBe("FORBIDDEN");
    }
    as(["platform-admin"], false);
    expect((await createRole({ slug: "no-mfa", content: CONTENT, changeNote: "Not allowed" })).serverError?.code).toBe("MFA_REQUIRED");
    session.actor = null;
    expect((await createRole({ slug: "anonymous", content: CONTENT, changeNote: "Not allowed" })).serverError?.code).toBe("UNAUTHENTICATED");
    expect(await counts()).toEqual(before);
  });
});

describe("publishing, rolling back, retiring", () => {
  it("publishes version 2 on the version in force, with before/after and diff in the audit event and a job", async () => {
    const { roleId } = await create("publish-me");
    const before = await counts();
    const result = await publishRoleVersion({ roleId, baseVersion: 1, content: { ...CONTENT, maxDurationSeconds: 7200, breakGlassAllowed: true }, changeNote: "Longer sessions" });
    expect(result.data).toEqual({ version: 2 });
    expect(await db.catalogRole.findUniqueOrThrow({ where: { id: roleId } })).toMatchObject({ currentVersion: 2 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "catalogRole.publish", targetId: roleId } });
    expect(event.payload).toMatchObject({
      version: 2,
      before: { version: 1, maxDurationSeconds: 3600, breakGlassAllowed: false },
      after: { version: 2, maxDurationSeconds: 7200, breakGlassAllowed: true },
      diff: { fields: [{ field: "maxDurationSeconds", before: "1 h", after: "2 h" }, { field: "breakGlassAllowed", before: "No", after: "Yes" }], policies: [] },
    });
    // The job queued for version 1 has not run yet (no worker here): one waiting run per role, which provisions the
    // version in force when it runs, so the new version's job merges into it.
    expect(await counts()).toEqual({ ...before, versions: before.versions + 1, events: before.events + 1 });
    expect(await waitingJobs(roleId)).toBe(1);
  });

  it("refuses a stale base with CONFLICT, a same-content version with VALIDATION, and writes nothing", async () => {
    const { roleId } = await create("stale-base");
    expect((await publishRoleVersion({ roleId, baseVersion: 1, content: { ...CONTENT, approvalsRequired: 1 }, changeNote: "One approval" })).data).toEqual({ version: 2 });
    const before = await counts();
    const stale = await publishRoleVersion({ roleId, baseVersion: 1, content: { ...CONTENT, approvalsRequired: 3 }, changeNote: "Someone else's edit" });
    expect(stale.serverError?.code).toBe("CONFLICT");
    expect(stale.serverError?.message).toMatch(/published version 2 .*Reload/);
    expect((await rollbackRole({ roleId, baseVersion: 1, toVersion: 1, changeNote: "Stale rollback" })).serverError?.code).toBe("VALIDATION");
    expect((await rollbackRole({ roleId, baseVersion: 5, toVersion: 1, changeNote: "Stale rollback" })).serverError?.code).toBe("CONFLICT");
    const same = await publishRoleVersion({ roleId, baseVersion: 2, content: { ...CONTENT, approvalsRequired: 1 }, changeNote: "No change" });
    expect(same.serverError).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("already in force") });
    const missing = await publishRoleVersion({ roleId: "no_such_role", baseVersion: 1, content: CONTENT, changeNote: "Nobody" });
    expect(missing.serverError?.code).toBe("NOT_FOUND");
    expect(await counts()).toEqual(before);
  });

  it("publishes exactly one version when two admins publish on the same base at once", async () => {
    const { roleId } = await create("concurrent");
    const before = await counts();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((index) => publishRoleVersion({ roleId, baseVersion: 1, content: { ...CONTENT, name: `Concurrent ${index}` }, changeNote: `Edit ${index}` })),
    );
    expect(results.filter((result) => result.data)).toHaveLength(1);
    expect(results.filter((result) => result.serverError?.code === "CONFLICT")).toHaveLength(4);
    expect(await counts()).toEqual({ ...before, versions: before.versions + 1, events: before.events + 1 });
    expect(await waitingJobs(roleId)).toBe(1);
  });

  it("rolls back to version 1 as version 3, equal to version 1, audited with the diff", async () => {
    const { roleId } = await create("roll-me-back");
    await publishRoleVersion({ roleId, baseVersion: 1, content: { ...CONTENT, environments: ["DEV"], reviewers: ["APPROVER"] }, changeNote: "Dev only" });
    const result = await rollbackRole({ roleId, baseVersion: 2, toVersion: 1, changeNote: "Back to production too" });
    expect(result.data).toEqual({ version: 3 });
    const [v1, v3] = await Promise.all([1, 3].map((version) => db.catalogRoleVersion.findUniqueOrThrow({ where: { roleId_version: { roleId, version } } })));
    const content = (row: typeof v1) => ({ ...row, id: undefined, version: undefined, changeNote: undefined, restoredFrom: undefined, createdAt: undefined, updatedAt: undefined });
    expect(content(v3!)).toEqual(content(v1!));
    expect(v3).toMatchObject({ restoredFrom: 1, changeNote: "Back to production too", cicStatus: "PENDING" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "catalogRole.rollback", targetId: roleId } });
    expect(event.payload).toMatchObject({ version: 3, restoredFrom: 1, before: { version: 2, environments: ["DEV"] }, after: { version: 3, environments: ["PROD", "DEV"] } });
  });

  it("retires and reactivates with compare-and-set; a retired role takes no new version", async () => {
    const { roleId } = await create("retire-me");
    expect((await setRoleStatus({ roleId, baseVersion: 1, status: "RETIRED", changeNote: "No longer needed" })).data).toEqual({ status: "RETIRED" });
    const before = await counts();
    expect((await setRoleStatus({ roleId, baseVersion: 1, status: "RETIRED", changeNote: "Twice" })).serverError?.code).toBe("CONFLICT");
    const publish = await publishRoleVersion({ roleId, baseVersion: 1, content: { ...CONTENT, name: "Renamed" }, changeNote: "Edit a retired role" });
    expect(publish.serverError).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("retired") });
    expect(await counts()).toEqual(before);
    expect((await setRoleStatus({ roleId, baseVersion: 1, status: "ACTIVE", changeNote: "Needed again" })).data).toEqual({ status: "ACTIVE" });
    const events = await db.auditEvent.findMany({ where: { targetId: roleId, action: { in: ["catalogRole.retire", "catalogRole.reactivate"] } }, orderBy: { seq: "asc" } });
    expect(events.map((event) => [event.action, event.payload])).toEqual([
      ["catalogRole.retire", { version: 1, changeNote: "No longer needed", before: { status: "ACTIVE" }, after: { status: "RETIRED" } }],
      ["catalogRole.reactivate", { version: 1, changeNote: "Needed again", before: { status: "RETIRED" }, after: { status: "ACTIVE" } }],
    ]);
  });

  it("refuses writes from non-admins, writing nothing", async () => {
    const { roleId } = await create("admins-only");
    const before = await counts();
    as(["security"]);
    expect((await publishRoleVersion({ roleId, baseVersion: 1, content: CONTENT, changeNote: "Not allowed" })).serverError?.code).toBe("FORBIDDEN");
    expect((await rollbackRole({ roleId, baseVersion: 1, toVersion: 1, changeNote: "Not allowed" })).serverError?.code).toBe("FORBIDDEN");
    expect((await setRoleStatus({ roleId, baseVersion: 1, status: "RETIRED", changeNote: "Not allowed" })).serverError?.code).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);
  });
});
