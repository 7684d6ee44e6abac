import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { CatalogReviewer, Environment } from "@/lib/core/generated/prisma/enums";
import { getQueue } from "@/lib/core/queue";
import type { Actor, Role } from "@/lib/core/roles";
import { actingAs, createPeople } from "@/lib/core/testing/acting-as";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import type { AccessRequestFields } from "./schema";

// The chain reads the signed-in person through getActor; the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
// Inside actingAs() (concurrent calls) that call's person, otherwise session.actor.
vi.mock("@/lib/core/auth", async () => {
  const { currentActor } = await import("@/lib/core/testing/acting-as");
  return { getActor: async () => currentActor() ?? session.actor };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const actions = await import("./actions");
const { expireOverdueAccessRequests } = await import("./jobs");

const ROLES: Record<string, Role[]> = { dana: [], kenji: [], tom: [], luis: [], alex: ["approver"], sam: ["approver"], mei: ["security"], priya: ["platform-admin"] };

function as(person: string, extra: { roles?: Role[]; mfa?: boolean } = {}) {
  session.actor = { userId: `user_${person}`, sessionId: "s", email: `${person}@lattice.example`, name: person, roles: ["requester", ...(ROLES[person] ?? []), ...(extra.roles ?? [])], mfa: extra.mfa ?? true };
}

/** Two dev accounts owned by tom, one prod account owned by tom, one dev account owned by luis. */
const ACCOUNTS = { devA: "acct_jit_dev_a", devB: "acct_jit_dev_b", prod: "acct_jit_prod", luisDev: "acct_jit_luis", retired: "acct_jit_closed" };

async function createRole(slug: string, rules: { reviewers?: CatalogReviewer[]; approvalsRequired?: number; environments?: Environment[]; breakGlassAllowed?: boolean; securityForProd?: boolean } = {}) {
  const role = await db.catalogRole.create({ data: { slug, currentVersion: 1 } });
  await db.catalogRoleVersion.create({
    data: {
      roleId: role.id,
      version: 1,
      name: `Role ${slug}`,
      description: "Reads things in the account for investigations.",
      policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'],
      environments: rules.environments ?? ["DEV", "PROD"],
      maxDurationSeconds: 7200,
      approvalsRequired: rules.approvalsRequired ?? 1,
      reviewers: rules.reviewers ?? ["APPROVER"],
      securityForProd: rules.securityForProd ?? true,
      breakGlassAllowed: rules.breakGlassAllowed ?? false,
      changeNote: "First version",
    },
  });
  return role.id;
}

let readOnly: string;
let twoPeople: string;
let ownerReviewed: string;
let breakGlassRole: string;

type RequestForm = Omit<AccessRequestFields, "breakGlass">;

function form(overrides: Partial<RequestForm> = {}): RequestForm {
  return {
    roleId: readOnly,
    accountIds: [ACCOUNTS.devA, ACCOUNTS.devB],
    durationSeconds: 3600,
    startAt: null,
    justification: "Investigate the payment latency incident INC-2211.",
    ticketUrl: "https://tickets.example.com/INC-2211",
    ...overrides,
  };
}

let requesters = 0;

/** A new engineer each time unless named: a pending request of one person would refuse the next identical one. */
async function submit(overrides: Partial<RequestForm> = {}, person?: string) {
  if (person) as(person);
  else {
    requesters += 1;
    const user = await db.user.create({ data: { id: `user_eng${requesters}`, email: `eng${requesters}@lattice.example`, name: `Engineer ${requesters}`, groups: ["engineering"] } });
    session.actor = { userId: user.id, sessionId: "s", email: user.email, name: user.name, roles: ["requester"], mfa: true };
  }
  const result = await actions.requestAccess(form(overrides));
  if (!result.data) throw new Error(`submit failed: ${JSON.stringify(result.serverError ?? result.validationErrors)}`);
  return result.data;
}

async function state(id: string) {
  return db.accessRequest.findUniqueOrThrow({ where: { id }, include: { approvals: true, grants: { orderBy: { accountId: "asc" } }, review: true } });
}

async function jobs(name: string, field: string, ids: string[]) {
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${name} AND data->>${field} = ANY(${ids})`;
  return Number(rows[0]?.n ?? 0);
}

async function written() {
  return { requests: await db.accessRequest.count(), grants: await db.accessGrant.count(), events: await db.auditEvent.count({ where: { action: { startsWith: "accessRequest." } } }) };
}

beforeAll(async () => {
  await writeMatrix(generateMatrix({ accounts: 5 }));
  const [org, unit] = await Promise.all([db.organization.findFirstOrThrow(), db.unit.findFirstOrThrow({ where: { parentId: { not: null } } })]);
  const account = (id: string, uin: number, environment: Environment, owner: string, status: "ACTIVE" | "CLOSED" = "ACTIVE") => ({
    id,
    organizationId: org.id,
    unitId: unit.id,
    memberUin: String(uin),
    name: id,
    environment,
    status,
    owners: { create: [{ userId: `user_${owner}`, role: "PRIMARY" as const }] },
  });
  for (const data of [
    account(ACCOUNTS.devA, 300_000_000_001, "DEV", "tom"),
    account(ACCOUNTS.devB, 300_000_000_002, "DEV", "tom"),
    account(ACCOUNTS.prod, 300_000_000_003, "PROD", "tom"),
    account(ACCOUNTS.luisDev, 300_000_000_004, "DEV", "luis"),
    account(ACCOUNTS.retired, 300_000_000_005, "DEV", "tom", "CLOSED"),
  ]) {
    await db.account.create({ data });
  }
  readOnly = await createRole("read-only");
  twoPeople = await createRole("two-people", { approvalsRequired: 2 });
  ownerReviewed = await createRole("owner-reviewed", { reviewers: ["ACCOUNT_OWNER"] });
  breakGlassRole = await createRole("break-glass", { breakGlassAllowed: true, environments: ["PROD"] });
  await getQueue();
});

beforeEach(() => {
  session.actor = null;
});

describe("requesting access", () => {
  it("stores a pending request with one grant per account, the role's rules, a deadline, an audit event and a notification", async () => {
    const { requestId, reference } = await submit();
    expect(reference).toMatch(/^JIT-\d+$/);
    const request = await state(requestId);
    expect(request).toMatchObject({ status: "PENDING", approvalsRequired: 1, reviewers: ["APPROVER"], securityRequired: false, breakGlass: false, durationSeconds: 3600 });
    expect(request.grants.map((grant) => [grant.accountId, grant.status])).toEqual([
      [ACCOUNTS.devA, "REQUESTED"],
      [ACCOUNTS.devB, "REQUESTED"],
    ]);
    expect(request.reviewDeadline!.getTime() - request.createdAt.getTime()).toBeGreaterThan(23 * 3600_000);
    expect(await db.auditEvent.count({ where: { requestRef: requestId, action: "accessRequest.submit" } })).toBe(1);
    expect(await jobs("notification.access", "requestId", [requestId])).toBe(1);
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const before = await written();
    as("dana");
    const over = await actions.requestAccess(form({ durationSeconds: 10_800 }));
    expect(over.serverError).toMatchObject({ code: "VALIDATION", fieldErrors: { durationSeconds: ["This role allows at most 2 h."] } });
    const environment = await actions.requestAccess(form({ roleId: breakGlassRole }));
    expect(environment.serverError?.fieldErrors?.accountIds?.[0]).toMatch(/cannot be requested on acct_jit_dev_a \(dev\); it is allowed in prod/);
    const closed = await actions.requestAccess(form({ accountIds: [ACCOUNTS.retired] }));
    expect(closed.serverError?.fieldErrors?.accountIds).toEqual(["acct_jit_closed is not an active member account."]);
    const missing = await actions.requestAccess(form({ accountIds: ["acct_nope"] }));
    expect(missing.serverError?.fieldErrors?.accountIds).toEqual(["An account you chose does not exist."]);
    const past = await actions.requestAccess(form({ startAt: new Date(Date.now() - 3600_000).toISOString() }));
    expect(past.serverError?.fieldErrors?.startAt).toEqual(["The start time is in the past."]);
    const role = await actions.requestAccess(form({ roleId: "role_missing" }));
    expect(role.serverError?.fieldErrors?.roleId?.[0]).toMatch(/not in the catalog/);
    const empty = await actions.requestAccess(form({ accountIds: [], justification: "short" }));
    expect(empty.validationErrors).toBeDefined();
    expect(await written()).toEqual(before);
  });

  it("refuses a request from a person who is no longer active", async () => {
    const before = await written();
    await db.user.update({ where: { id: "user_victor" }, data: { active: false } });
    as("victor");
    const result = await actions.requestAccess(form());
    expect(result.serverError?.code).toBe("FORBIDDEN");
    expect(await written()).toEqual(before);
  });

  it("refuses asking again for what is already pending, and refuses a request nobody could approve", async () => {
    await submit({ accountIds: [ACCOUNTS.luisDev] }, "tom");
    as("tom");
    const again = await actions.requestAccess(form({ accountIds: [ACCOUNTS.luisDev] }));
    expect(again.serverError?.fieldErrors?.accountIds?.[0]).toMatch(/already asks for Role read-only on acct_jit_luis/);
    // Owners approve only accounts they own: nobody owns both, and the owner of one is the requester.
    as("dana");
    const nobody = await actions.requestAccess(form({ roleId: ownerReviewed, accountIds: [ACCOUNTS.devA, ACCOUNTS.luisDev] }));
    expect(nobody.serverError).toMatchObject({ code: "VALIDATION" });
    expect(nobody.serverError?.message).toMatch(/Nobody can approve this request/);
  });
});

describe("reviewing", () => {
  it("never lets the requester approve their own request, whatever roles they hold or owning the accounts", async () => {
    const { requestId } = await submit({ roleId: ownerReviewed, accountIds: [ACCOUNTS.luisDev] }, "dana");
    const { version } = await state(requestId);
    // Luis owns the account: he may review. Had he asked himself, he could not.
    as("dana", { roles: ["approver", "security", "platform-admin"] });
    expect((await actions.approveAccessRequest({ requestId, version })).serverError?.code).toBe("FORBIDDEN");
    const own = await submit({ roleId: readOnly, accountIds: [ACCOUNTS.luisDev] }, "luis");
    as("luis", { roles: ["approver"] });
    expect((await actions.approveAccessRequest({ requestId: own.requestId, version: 0 })).serverError?.code).toBe("FORBIDDEN");
    expect((await state(own.requestId)).approvals).toHaveLength(0);
    as("luis");
    expect((await actions.approveAccessRequest({ requestId, version })).data?.status).toBe("APPROVED");
  });

  it("needs MFA and eligibility", async () => {
    const { requestId } = await submit();
    as("alex", { mfa: false });
    expect((await actions.approveAccessRequest({ requestId, version: 0 })).serverError?.code).toBe("MFA_REQUIRED");
    as("tom"); // owns both accounts, but the role is reviewed by the approver group only
    expect((await actions.approveAccessRequest({ requestId, version: 0 })).serverError?.code).toBe("FORBIDDEN");
    as("priya");
    expect((await actions.denyAccessRequest({ requestId, version: 0, reason: "Not needed for this." })).serverError?.code).toBe("FORBIDDEN");
  });

  it("a threshold of two needs two different people; approval schedules every grant with an activation job", async () => {
    const { requestId } = await submit({ roleId: twoPeople });
    as("alex");
    expect((await actions.approveAccessRequest({ requestId, version: 0, comment: "Fine by me." })).data).toEqual({ status: "PENDING", outstanding: "1 more approval" });
    const again = await actions.approveAccessRequest({ requestId, version: 1 });
    expect(again.serverError).toMatchObject({ code: "CONFLICT" });
    expect(again.serverError?.message).toMatch(/already reviewed/);
    as("sam");
    expect((await actions.approveAccessRequest({ requestId, version: 1 })).data?.status).toBe("APPROVED");
    const request = await state(requestId);
    expect(request.grants.map((grant) => grant.status)).toEqual(["SCHEDULED", "SCHEDULED"]);
    expect(request.grants.every((grant) => grant.startsAt !== null)).toBe(true);
    expect(await jobs("access.activate", "grantId", request.grants.map((grant) => grant.id))).toBe(2);
  });

  it("a production request needs a security reviewer among the approvals", async () => {
    const { requestId } = await submit({ accountIds: [ACCOUNTS.prod] });
    expect((await state(requestId)).securityRequired).toBe(true);
    as("alex");
    expect((await actions.approveAccessRequest({ requestId, version: 0 })).data).toEqual({ status: "PENDING", outstanding: "1 more approval, one from a security reviewer" });
    as("sam");
    // Another approver cannot take the place of security.
    expect((await actions.approveAccessRequest({ requestId, version: 1 })).data?.status).toBe("PENDING");
    as("mei");
    expect((await actions.approveAccessRequest({ requestId, version: 2 })).data?.status).toBe("APPROVED");
  });

  it("keeps a scheduled start: grants activate then, not at approval", async () => {
    const startAt = new Date(Date.now() + 2 * 3600_000);
    const { requestId } = await submit({ accountIds: [ACCOUNTS.devA], startAt: startAt.toISOString() });
    as("alex");
    await actions.approveAccessRequest({ requestId, version: 0 });
    const [grant] = (await state(requestId)).grants;
    expect(grant?.startsAt?.toISOString()).toBe(startAt.toISOString());
  });

  it("makes exactly one transition out of 100 concurrent approvals by different reviewers", async () => {
    const { requestId } = await submit();
    const approvers = await createPeople(100, { prefix: "rev", roles: ["approver"], groups: ["lattice-approvers"] });
    // Each call keeps its own reviewer (a shared session variable would make them all the last one).
    const results = await Promise.all(approvers.map((approver) => actingAs(approver, () => actions.approveAccessRequest({ requestId, version: 0 }))));
    expect(new Set(results.filter((result) => result.serverError).map((result) => result.serverError!.message))).not.toContain("You already reviewed this request; it needs someone else now.");
    expect(results.filter((result) => result.data)).toHaveLength(1);
    expect(results.filter((result) => result.serverError).every((result) => result.serverError!.code === "CONFLICT")).toBe(true);
    const request = await state(requestId);
    expect(request).toMatchObject({ status: "APPROVED", version: 1 });
    expect(request.approvals).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { requestRef: requestId, action: "accessRequest.approve" } })).toBe(1);
    expect(await jobs("access.activate", "grantId", request.grants.map((grant) => grant.id))).toBe(2);
  }, 60_000);

  it("denies with a required reason and closes the grants", async () => {
    const { requestId } = await submit();
    as("alex");
    expect((await actions.denyAccessRequest({ requestId, version: 0, reason: "no" })).validationErrors).toBeDefined();
    expect((await actions.denyAccessRequest({ requestId, version: 0, reason: "Use the read-only reporting role instead." })).data?.status).toBe("REJECTED");
    const request = await state(requestId);
    expect(request).toMatchObject({ status: "REJECTED", closeReason: "Use the read-only reporting role instead." });
    expect(request.grants.map((grant) => grant.status)).toEqual(["NOT_GRANTED", "NOT_GRANTED"]);
    as("sam");
    expect((await actions.approveAccessRequest({ requestId, version: 1 })).serverError?.message).toMatch(/no longer waiting for review: it is now "Denied"/);
  });

  it("lets only the requester cancel, only while pending", async () => {
    const { requestId } = await submit({ accountIds: [ACCOUNTS.devB], justification: "Cancel me later, this is a test of cancelling." }, "kenji");
    as("alex");
    expect((await actions.cancelAccess({ requestId })).serverError?.code).toBe("FORBIDDEN");
    as("kenji");
    expect((await actions.cancelAccess({ requestId })).serverError).toBeUndefined();
    expect((await state(requestId)).grants[0]?.status).toBe("NOT_GRANTED");
    expect((await actions.cancelAccess({ requestId })).serverError?.code).toBe("CONFLICT");
  });

  it("expires requests nobody reviewed in time, once, with an audit event and a notification", async () => {
    const { requestId } = await submit({ accountIds: [ACCOUNTS.devA], justification: "This one nobody will review in time, sadly." });
    const later = new Date(Date.now() + 25 * 3600_000);
    expect(await expireOverdueAccessRequests(later)).toBeGreaterThanOrEqual(1);
    expect(await expireOverdueAccessRequests(later)).toBe(0);
    const request = await state(requestId);
    expect(request.status).toBe("EXPIRED");
    expect(request.grants[0]?.status).toBe("NOT_GRANTED");
    expect(await db.auditEvent.count({ where: { requestRef: requestId, action: "accessRequest.expire" } })).toBe(1);
  });
});

describe("break-glass", () => {
  const emergency = { accountIds: [ACCOUNTS.prod], breakGlass: true as const, justification: "Production payments are down (INC-3001); need to restart the gateway now." };

  it("needs MFA and a role that allows it", async () => {
    as("dana", { mfa: false });
    expect((await actions.requestBreakGlassAccess({ ...form(), ...emergency, roleId: breakGlassRole })).serverError?.code).toBe("MFA_REQUIRED");
    as("dana");
    const refused = await actions.requestBreakGlassAccess({ ...form(), ...emergency, roleId: readOnly });
    expect(refused.serverError?.fieldErrors?.breakGlass).toEqual(["This role does not allow break-glass access."]);
  });

  it("activates at once with every grant scheduled now, alerts, and opens a review only another security reviewer closes", async () => {
    as("dana");
    const result = await actions.requestBreakGlassAccess({ ...form(), ...emergency, roleId: breakGlassRole });
    const requestId = result.data!.requestId;
    const request = await state(requestId);
    expect(request).toMatchObject({ status: "APPROVED", breakGlass: true, review: { status: "OPEN" } });
    expect(request.grants[0]?.status).toBe("SCHEDULED");
    expect(await jobs("access.activate", "grantId", [request.grants[0]!.id])).toBe(1);
    expect(await db.auditEvent.count({ where: { requestRef: requestId, action: "accessRequest.breakGlass" } })).toBe(1);

    as("dana", { roles: ["security"] });
    expect((await actions.closeBreakGlass({ requestId, findings: "I reviewed myself and all is fine." })).serverError?.code).toBe("FORBIDDEN");
    as("mei");
    // Not while the access lasts: the review looks at what was done.
    const live = await actions.closeBreakGlass({ requestId, findings: "Restart was needed; actions match the incident timeline." });
    expect(live.serverError).toMatchObject({ code: "CONFLICT" });
    expect(live.serverError?.message).toMatch(/still live/);
    await db.accessGrant.updateMany({ where: { requestId }, data: { status: "REVOKED", endedAt: new Date() } });
    expect((await actions.closeBreakGlass({ requestId, findings: "short" })).validationErrors).toBeDefined();
    expect((await actions.closeBreakGlass({ requestId, findings: "Restart was needed; actions match the incident timeline." })).serverError).toBeUndefined();
    expect((await state(requestId)).review).toMatchObject({ status: "CLOSED", closedById: "user_mei" });
    expect((await actions.closeBreakGlass({ requestId, findings: "Closing it a second time should not work." })).serverError?.code).toBe("CONFLICT");
  });
});
