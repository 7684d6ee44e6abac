import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { SYSTEM_STAMP } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import type { Actor, Role } from "@/lib/core/roles";

// The chain reads the signed-in person through getActor (next-auth + database); here the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "vitest" }) }));

const { publishApprovalPolicyVersion, publishNamingConventionVersion } = await import("./actions");
const { publishApprovalPolicy } = await import("./mutations");

const V1_RULES: ApprovalRule[] = [
  { environments: [], classifications: [], stages: ["PLATFORM"] },
  { environments: ["PROD"], classifications: [], stages: ["PLATFORM", "SECURITY"] },
  { environments: [], classifications: ["CONFIDENTIAL", "RESTRICTED"], stages: ["PLATFORM", "SECURITY"] },
];
const V2_RULES: ApprovalRule[] = [...V1_RULES, { environments: ["STAGING"], classifications: ["INTERNAL"], stages: ["SECURITY"] }];

function actorFor(userId: string, roles: Role[], mfa = true): Actor {
  return { userId, sessionId: "s", email: "priya@x", name: "Priya", roles, mfa };
}

const policyInput = (overrides: object = {}) => ({ baseVersion: 1, rules: V2_RULES, decisionHours: 48, description: "Security also reviews internal staging data", ...overrides });

async function counts() {
  return {
    policies: await db.approvalPolicy.count(),
    naming: await db.namingConvention.count(),
    events: await db.auditEvent.count({ where: { action: { in: ["approvalPolicy.publish", "namingConvention.publish"] } } }),
  };
}

describe("publishing policy versions through the authorization chain", () => {
  let adminId: string;
  beforeEach(async () => {
    await db.approvalPolicy.deleteMany({ where: { version: { gt: 1 } } });
    await db.namingConvention.deleteMany();
    await db.session.deleteMany();
    await db.user.deleteMany();
    adminId = (await db.user.create({ data: { email: "priya@x", name: "Priya Nair", groups: ["lattice-platform-admins"] } })).id;
    await db.namingConvention.create({ data: { id: "naming_v1", version: 1, template: "{product}-{env}-{region}-{descriptor}", description: "Initial convention" } });
    session.actor = actorFor(adminId, ["requester", "platform-admin"]);
  });

  it("starts from the version 1 the migration ships", async () => {
    const v1 = await db.approvalPolicy.findUniqueOrThrow({ where: { version: 1 } });
    expect(v1.rules).toEqual(V1_RULES);
    expect(v1.decisionHours).toBe(72);
  });

  it("publishes approval policy version 2 with an audit event holding the rules before and after", async () => {
    const result = await publishApprovalPolicyVersion(policyInput());
    expect(result.serverError).toBeUndefined();
    expect(result.data).toEqual({ version: 2 });
    const v2 = await db.approvalPolicy.findUniqueOrThrow({ where: { version: 2 } });
    expect(v2).toMatchObject({ rules: V2_RULES, decisionHours: 48, description: "Security also reviews internal staging data", createdById: adminId });

    // The audit history is append-only, so events of earlier tests stay: look at this version's own events.
    const events = await db.auditEvent.findMany({ where: { action: "approvalPolicy.publish", targetId: v2.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: adminId, targetType: "approvalPolicy", targetId: v2.id, clientIp: "203.0.113.7", userAgent: "vitest" });
    expect(events[0]?.payload).toEqual({
      version: 2,
      description: "Security also reviews internal staging data",
      before: { version: 1, rules: V1_RULES, decisionHours: 72 },
      after: { version: 2, rules: V2_RULES, decisionHours: 48 },
    });
  });

  it("stores rules in a fixed order, whatever order the form sent", async () => {
    const rules: ApprovalRule[] = [{ environments: ["DEV", "PROD"], classifications: [], stages: ["SECURITY", "PLATFORM"] }, V1_RULES[0]!];
    expect((await publishApprovalPolicyVersion(policyInput({ rules }))).data).toEqual({ version: 2 });
    expect((await db.approvalPolicy.findUniqueOrThrow({ where: { version: 2 } })).rules).toEqual([
      { environments: ["PROD", "DEV"], classifications: [], stages: ["PLATFORM", "SECURITY"] },
      V1_RULES[0],
    ]);
  });

  it("refuses a publish based on a stale version with CONFLICT and writes nothing", async () => {
    expect((await publishApprovalPolicyVersion(policyInput())).data).toEqual({ version: 2 });
    const before = await counts();
    const stale = await publishApprovalPolicyVersion(policyInput({ decisionHours: 24, description: "Someone else's edit" }));
    expect(stale.serverError?.code).toBe("CONFLICT");
    expect(stale.serverError?.message).toMatch(/published version 2 .*Reload/);
    const ahead = await publishApprovalPolicyVersion(policyInput({ baseVersion: 7 }));
    expect(ahead.serverError?.code).toBe("CONFLICT");
    expect(await counts()).toEqual(before);
  });

  it("publishes exactly one version when two admins publish on the same base at once", async () => {
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => publishApprovalPolicyVersion(policyInput({ decisionHours: 10 + index, description: `Concurrent edit ${index}` }))),
    );
    expect(results.filter((result) => result.data)).toHaveLength(1);
    expect(results.filter((result) => result.serverError?.code === "CONFLICT")).toHaveLength(7);
    expect(await counts()).toEqual({ ...before, policies: 2, events: before.events + 1 });
  });

  it("refuses rules that leave a combination without approval, through the action and the mutation, writing nothing", async () => {
    const before = await counts();
    const gap: ApprovalRule[] = [{ environments: ["PROD"], classifications: [], stages: ["PLATFORM"] }];
    // Through the action the shared schema refuses it before the mutation runs, with the message on the rules.
    const viaAction = await publishApprovalPolicyVersion(policyInput({ rules: gap }));
    expect(viaAction.data).toBeUndefined();
    expect((viaAction.validationErrors?.rules as { _errors?: string[] } | undefined)?._errors?.[0]).toMatch(/No rule requires an approval for Staging × Public/);
    // Any other caller of the mutation gets a VALIDATION error with the same message keyed by field.
    const viaMutation = await publishApprovalPolicy(session.actor!, policyInput({ rules: gap }), SYSTEM_STAMP).catch((error: unknown) => error);
    expect(viaMutation).toMatchObject({ code: "VALIDATION", details: { fieldErrors: { rules: [expect.stringMatching(/Staging × Public/)] } } });
    expect(await counts()).toEqual(before);
  });

  it("refuses a decision time out of range and a version identical to the one in force", async () => {
    const before = await counts();
    expect((await publishApprovalPolicyVersion(policyInput({ decisionHours: 721 }))).validationErrors?.decisionHours?._errors).toEqual(["At most 720 hours (30 days)."]);
    const same = await publishApprovalPolicyVersion(policyInput({ rules: V1_RULES, decisionHours: 72 }));
    expect(same.serverError).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("already in force") });
    expect(await counts()).toEqual(before);
  });

  it("refuses everyone but platform admins, and admins without MFA, writing nothing", async () => {
    const before = await counts();
    for (const role of ["approver", "security", "auditor"] as const) {
      session.actor = actorFor(adminId, ["requester", role]);
      expect((await publishApprovalPolicyVersion(policyInput())).serverError?.code, role).toBe("FORBIDDEN");
      expect((await publishNamingConventionVersion({ baseVersion: 1, template: "{app}-{env}", description: "Shorter names" })).serverError?.code, role).toBe("FORBIDDEN");
    }
    session.actor = actorFor(adminId, ["requester"]);
    expect((await publishApprovalPolicyVersion(policyInput())).serverError?.code).toBe("FORBIDDEN");
    session.actor = actorFor(adminId, ["requester", "platform-admin"], false);
    expect((await publishApprovalPolicyVersion(policyInput())).serverError?.code).toBe("MFA_REQUIRED");
    session.actor = null;
    expect((await publishNamingConventionVersion({ baseVersion: 1, template: "{app}-{env}", description: "Shorter names" })).serverError?.code).toBe("UNAUTHENTICATED");
    expect(await counts()).toEqual(before);
  });

  it("publishes naming convention version 2 with an audit event, and refuses a stale base or a bad template", async () => {
    const input = { baseVersion: 1, template: "{team}-{product}-{env}-{descriptor}", description: "Team first, region dropped" };
    const result = await publishNamingConventionVersion(input);
    expect(result.data).toEqual({ version: 2 });
    const v2 = await db.namingConvention.findUniqueOrThrow({ where: { version: 2 } });
    expect(v2).toMatchObject({ template: "{team}-{product}-{env}-{descriptor}", createdById: adminId });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "namingConvention.publish", targetId: v2.id } });
    expect(event).toMatchObject({ actorId: adminId, targetType: "namingConvention", targetId: v2.id });
    expect(event.payload).toEqual({
      version: 2,
      description: "Team first, region dropped",
      before: { version: 1, template: "{product}-{env}-{region}-{descriptor}" },
      after: { version: 2, template: "{team}-{product}-{env}-{descriptor}" },
      addedPlaceholders: ["team"],
      removedPlaceholders: ["region"],
    });

    const before = await counts();
    expect((await publishNamingConventionVersion({ ...input, template: "{app}-{env}" })).serverError?.code).toBe("CONFLICT");
    const bad = await publishNamingConventionVersion({ ...input, baseVersion: 2, template: "{product}-{region}" });
    expect(bad.validationErrors?.template?._errors).toEqual(["The template must contain {env}, so every name shows its environment."]);
    expect(await counts()).toEqual(before);
  });

  it("publishes the first naming convention when none exists yet", async () => {
    await db.namingConvention.deleteMany();
    expect((await publishNamingConventionVersion({ baseVersion: 0, template: "{product}-{env}", description: "First convention" })).data).toEqual({ version: 1 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "namingConvention.publish" }, orderBy: { seq: "desc" } });
    expect(event.payload).toMatchObject({ before: null, after: { version: 1, template: "{product}-{env}" } });
  });
});
