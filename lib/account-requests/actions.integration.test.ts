import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import { getQueue } from "@/lib/core/queue";
import type { Actor, Role } from "@/lib/core/roles";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import type { AccountRequestFields } from "./schema";

// The chain reads the signed-in person through getActor; the test decides who that is.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/core/auth", () => ({ getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));

const actions = await import("./actions");
const { expireOverdueRequests } = await import("./jobs");

const PEOPLE = {
  dana: { id: "user_dana", roles: [] as Role[] },
  alex: { id: "user_alex", roles: ["approver"] as Role[] },
  sam: { id: "user_sam", roles: ["approver"] as Role[] },
  mei: { id: "user_mei", roles: ["security"] as Role[] },
  priya: { id: "user_priya", roles: ["platform-admin"] as Role[] },
  tom: { id: "user_tom", roles: [] as Role[] },
};

function as(person: keyof typeof PEOPLE, extra: { roles?: Role[]; mfa?: boolean } = {}) {
  const { id, roles } = PEOPLE[person];
  session.actor = { userId: id, sessionId: "s", email: `${person}@lattice.example`, name: person, roles: ["requester", ...roles, ...(extra.roles ?? [])], mfa: extra.mfa ?? true };
}

function form(overrides: Partial<AccountRequestFields> = {}): AccountRequestFields {
  return {
    nameParts: { product: "pay", descriptor: "newledger" },
    unitId: "unit_cards",
    environment: "DEV",
    regions: ["ap-singapore"],
    primaryOwnerId: PEOPLE.dana.id,
    secondaryOwnerIds: [PEOPLE.tom.id],
    teamId: "team_payments-cards",
    costCenter: "CC-1042",
    dataClassification: "INTERNAL",
    justification: "A ledger service for the new card programme in Singapore.",
    ticketUrl: "https://tickets.example.com/OPS-1",
    tags: { owner: "dana@lattice.example", "cost-center": "CC-1042", environment: "dev" },
    ...overrides,
  };
}

async function submit(overrides: Partial<AccountRequestFields> = {}) {
  as("dana");
  const result = await actions.submitAccountRequest(form(overrides));
  if (!result.data) throw new Error(`submit failed: ${JSON.stringify(result.serverError ?? result.validationErrors)}`);
  return result.data;
}

async function state(id: string) {
  return db.accountRequest.findUniqueOrThrow({ where: { id }, include: { approvals: true, owners: true } });
}

async function provisionJobs(requestId: string) {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM pgboss.job WHERE name = 'account-request.provision' AND data->>'requestId' = ${requestId}`;
  return rows.length;
}

beforeAll(async () => {
  await writeMatrix(generateMatrix({ accounts: 5 }));
  await getQueue();
});

beforeEach(() => {
  session.actor = null;
});

describe("submitting an account request", () => {
  it("stores a pending request with the policy's stages, owners, a deadline and an audit event", async () => {
    const { id, number } = await submit();
    const request = await state(id);
    expect(request).toMatchObject({ status: "PENDING", name: "pay-dev-sg-newledger", requiredStages: ["PLATFORM"], approvalVersion: 1, namingVersion: 1 });
    expect(request.owners.map((owner) => [owner.userId, owner.role]).sort()).toEqual([["user_dana", "PRIMARY"], ["user_tom", "SECONDARY"]]);
    expect(request.expiresAt!.getTime() - request.submittedAt!.getTime()).toBe(72 * 3_600_000);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "accountRequest.submit", requestRef: id } });
    expect(event.payload).toMatchObject({ reference: `AR-${number}`, requiredStages: ["PLATFORM"] });
  });

  it("requires a security reviewer too for production or confidential data", async () => {
    const prod = await submit({ nameParts: { product: "pay", descriptor: "prodone" }, environment: "PROD", tags: { owner: "dana@lattice.example", "cost-center": "CC-1042", environment: "prod", "data-classification": "internal" } });
    expect((await state(prod.id)).requiredStages).toEqual(["PLATFORM", "SECURITY"]);
    const confidential = await submit({ nameParts: { product: "pay", descriptor: "conf" }, dataClassification: "CONFIDENTIAL" });
    expect((await state(confidential.id)).requiredStages).toEqual(["PLATFORM", "SECURITY"]);
  });

  it("refuses bad input with field errors and persists nothing", async () => {
    const before = await db.accountRequest.count();
    const auditBefore = await db.auditEvent.count();
    as("dana");
    const naming = await actions.submitAccountRequest(form({ nameParts: { product: "Pay", descriptor: "x y" } }));
    expect(naming.serverError).toMatchObject({ code: "VALIDATION", fieldErrors: { "nameParts.product": [expect.stringMatching(/lower-case/)], "nameParts.descriptor": [expect.any(String)] } });
    const tags = await actions.submitAccountRequest(form({ tags: { environment: "qa" } }));
    expect(tags.serverError?.fieldErrors).toMatchObject({ "tags.owner": [expect.any(String)], "tags.environment": [expect.stringMatching(/not allowed/)] });
    // A tag that repeats a field must agree with it, and a tag of another environment is refused.
    const mistagged = await actions.submitAccountRequest(form({ tags: { ...form().tags, environment: "prod", "data-classification": "internal", owner: "tom@lattice.example" } }));
    expect(mistagged.serverError?.fieldErrors).toMatchObject({
      "tags.environment": ['"environment" must be "dev" to match the request.'],
      "tags.owner": ['"owner" must be "dana@lattice.example" to match the request.'],
      "tags.data-classification": [expect.stringMatching(/does not use "data-classification" in this environment/)],
    });
    const unknownUnit = await actions.submitAccountRequest(form({ unitId: "unit_nope" }));
    expect(unknownUnit.serverError?.fieldErrors).toMatchObject({ unitId: ["This unit does not exist."] });
    const root = await actions.submitAccountRequest(form({ unitId: "unit_root" }));
    expect(root.serverError?.fieldErrors).toMatchObject({ unitId: [expect.stringMatching(/below the organization root/)] });
    const inactiveOwner = await actions.submitAccountRequest(form({ secondaryOwnerIds: ["user_victor"] }));
    expect(inactiveOwner.serverError?.fieldErrors).toMatchObject({ secondaryOwnerIds: [expect.stringMatching(/inactive/)] });
    const ghostOwner = await actions.submitAccountRequest(form({ primaryOwnerId: "user_ghost" }));
    expect(ghostOwner.serverError?.fieldErrors).toMatchObject({ primaryOwnerId: [expect.stringMatching(/not in the directory/)] });
    const script = await actions.submitAccountRequest(form({ justification: "<img src=x onerror=alert(1)> please approve this now" }));
    expect(script.validationErrors).toBeDefined();
    const oversized = await actions.submitAccountRequest(form({ justification: "x".repeat(5_000) }));
    expect(oversized.validationErrors).toBeDefined();
    expect(await db.accountRequest.count()).toBe(before);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it("refuses a name an account or another open request already has", async () => {
    const existing = await db.account.findFirstOrThrow({ select: { organizationId: true, unitId: true } });
    await db.account.create({ data: { name: "pay-dev-sg-taken", environment: "DEV", status: "ACTIVE", organizationId: existing.organizationId, unitId: existing.unitId } });
    as("dana");
    const taken = await actions.submitAccountRequest(form({ nameParts: { product: "pay", descriptor: "taken" } }));
    expect(taken.serverError?.fieldErrors?.name?.[0]).toMatch(/already used by an account or another open request/);

    await submit({ nameParts: { product: "pay", descriptor: "twice" } });
    as("dana");
    const twice = await actions.submitAccountRequest(form({ nameParts: { product: "pay", descriptor: "twice" } }));
    expect(twice.serverError?.fieldErrors?.name?.[0]).toMatch(/already used/);
  });

  it("lets the database settle a race for the same name: one of two simultaneous submissions wins", async () => {
    as("dana");
    const results = await Promise.all([1, 2].map(() => actions.submitAccountRequest(form({ nameParts: { product: "pay", descriptor: "racename" } }))));
    expect(results.filter((result) => result.data)).toHaveLength(1);
    expect(results.find((result) => result.serverError)?.serverError?.code).toBe("VALIDATION");
    expect(await db.accountRequest.count({ where: { name: "pay-dev-sg-racename" } })).toBe(1);
  });
});

describe("drafts", () => {
  it("saves, resumes and submits a draft; nobody else can touch it", async () => {
    as("dana");
    const saved = await actions.saveAccountRequestDraft({ unitId: "unit_wallet", environment: "SANDBOX", nameParts: { product: "wal" } });
    expect(saved.data?.id).toBeDefined();
    const id = saved.data!.id;
    expect(await state(id)).toMatchObject({ status: "DRAFT", name: "wal-sbx-{region}-{descriptor}" });

    as("alex");
    expect((await actions.saveAccountRequestDraft({ requestId: id, unitId: "unit_wallet", environment: "DEV" })).serverError?.code).toBe("FORBIDDEN");
    expect((await actions.submitAccountRequest({ ...form(), requestId: id })).serverError?.code).toBe("FORBIDDEN");

    as("dana");
    const submitted = await actions.submitAccountRequest({ ...form({ unitId: "unit_wallet", nameParts: { product: "wal", descriptor: "fromdraft" } }), requestId: id });
    expect(submitted.data?.id).toBe(id);
    expect(await state(id)).toMatchObject({ status: "PENDING", name: "wal-dev-sg-fromdraft" });
    expect((await actions.saveAccountRequestDraft({ requestId: id, unitId: "unit_wallet", environment: "DEV" })).serverError?.code).toBe("FORBIDDEN");
  });
});

describe("approving", () => {
  it("never lets the requester approve their own request, whatever roles they hold", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "selfie" } });
    const { version } = await state(id);
    as("dana", { roles: ["approver", "security", "platform-admin"] });
    expect((await actions.approveAccountRequest({ requestId: id, version })).serverError?.code).toBe("FORBIDDEN");
    expect((await actions.approveAccountRequest({ requestId: id, version, stage: "PLATFORM" })).serverError?.code).toBe("FORBIDDEN");
    expect((await actions.rejectAccountRequest({ requestId: id, version, reason: "rejecting my own one" })).serverError?.code).toBe("FORBIDDEN");
    expect(await state(id)).toMatchObject({ status: "PENDING", approvals: [] });
  });

  it("needs the approver role and MFA", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "mfa" } });
    const { version } = await state(id);
    as("tom");
    expect((await actions.approveAccountRequest({ requestId: id, version })).serverError?.code).toBe("FORBIDDEN");
    as("priya");
    expect((await actions.approveAccountRequest({ requestId: id, version })).serverError?.code).toBe("FORBIDDEN");
    as("alex", { mfa: false });
    expect((await actions.approveAccountRequest({ requestId: id, version })).serverError?.code).toBe("MFA_REQUIRED");
    expect((await state(id)).status).toBe("PENDING");
  });

  it("takes a platform approver and a different security reviewer for production; a person with both roles counts once", async () => {
    const { id } = await submit({
      nameParts: { product: "pay", descriptor: "prodtwo" },
      environment: "PROD",
      tags: { owner: "dana@lattice.example", "cost-center": "CC-1042", environment: "prod", "data-classification": "internal" },
    });
    as("sam", { roles: ["security"] });
    let { version } = await state(id);
    expect((await actions.approveAccountRequest({ requestId: id, version, stage: "PLATFORM", comment: "Looks right" })).data).toEqual({ status: "PENDING" });
    ({ version } = await state(id));
    expect((await actions.approveAccountRequest({ requestId: id, version, stage: "SECURITY" })).serverError).toMatchObject({
      code: "CONFLICT",
      message: "You already decided this request; another person decides its other stage.",
    });
    expect(await provisionJobs(id)).toBe(0);

    as("mei");
    expect((await actions.approveAccountRequest({ requestId: id, version })).data).toEqual({ status: "APPROVED" });
    const approved = await state(id);
    expect(approved.approvals.map((approval) => [approval.stage, approval.approverId]).sort()).toEqual([["PLATFORM", "user_sam"], ["SECURITY", "user_mei"]]);
    expect(approved.decidedAt).not.toBeNull();
    expect(await provisionJobs(id)).toBe(1);
    expect(await db.auditEvent.count({ where: { requestRef: id, action: "accountRequest.approve" } })).toBe(2);
  });

  it("never lets an owner the request names approve it", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "friend" }, secondaryOwnerIds: [PEOPLE.alex.id] });
    const { version } = await state(id);
    as("alex");
    expect((await actions.approveAccountRequest({ requestId: id, version })).serverError?.code).toBe("FORBIDDEN");
    as("sam");
    expect((await actions.approveAccountRequest({ requestId: id, version })).data).toEqual({ status: "APPROVED" });
  });

  it("tells a reviewer on a stale page that the request was decided meanwhile", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "stalepage" } });
    const { version } = await state(id);
    as("alex");
    await actions.approveAccountRequest({ requestId: id, version });
    as("sam");
    expect((await actions.approveAccountRequest({ requestId: id, version })).serverError).toMatchObject({
      code: "CONFLICT",
      message: 'This request is no longer waiting for a decision: it is now "Approved".',
    });
  });

  it("refuses a decision on a version the approver did not see", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "stale" } });
    const { version } = await state(id);
    as("alex");
    expect((await actions.approveAccountRequest({ requestId: id, version: version + 1 })).serverError?.code).toBe("CONFLICT");
    expect((await state(id)).status).toBe("PENDING");
  });

  it("makes exactly one transition out of 200 concurrent approvals", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "race" } });
    const { version } = await state(id);
    as("alex");
    const results = await Promise.all(Array.from({ length: 200 }, () => actions.approveAccountRequest({ requestId: id, version })));
    const succeeded = results.filter((result) => result.data);
    expect(succeeded).toHaveLength(1);
    expect(results.filter((result) => result.serverError).every((result) => ["CONFLICT", "FORBIDDEN"].includes(result.serverError!.code))).toBe(true);
    const request = await state(id);
    expect(request).toMatchObject({ status: "APPROVED", version: version + 1 });
    expect(request.approvals).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { requestRef: id, action: "accountRequest.approve" } })).toBe(1);
    expect(await provisionJobs(id)).toBe(1);
  }, 60_000);

  it("rejects with a required reason, and closes the request", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "nope" } });
    const { version } = await state(id);
    as("alex");
    const short = await actions.rejectAccountRequest({ requestId: id, version, reason: "no" });
    expect(short.validationErrors).toBeDefined();
    expect((await actions.rejectAccountRequest({ requestId: id, version, reason: "Use the shared ledger account instead." })).data).toEqual({ status: "REJECTED" });
    expect(await state(id)).toMatchObject({ status: "REJECTED", closeReason: "Use the shared ledger account instead." });
    // The name is free again once the request is closed.
    await submit({ nameParts: { product: "pay", descriptor: "nope" } });
  });
});

describe("cancelling, expiring, retrying", () => {
  it("lets the requester cancel before provisioning, and nobody else", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "cancel" } });
    as("alex");
    expect((await actions.cancelAccountRequest({ requestId: id })).serverError?.code).toBe("FORBIDDEN");
    as("dana");
    expect((await actions.cancelAccountRequest({ requestId: id, reason: "Not needed after all" })).data).toBeUndefined();
    expect(await state(id)).toMatchObject({ status: "CANCELLED", closeReason: "Not needed after all" });
    expect((await actions.cancelAccountRequest({ requestId: id })).serverError?.code).toBe("CONFLICT");
  });

  it("refuses cancelling once provisioning started", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "late" } });
    await db.accountRequest.update({ where: { id }, data: { status: "PROVISIONING" } });
    as("dana");
    expect((await actions.cancelAccountRequest({ requestId: id })).serverError?.code).toBe("CONFLICT");
    expect((await state(id)).status).toBe("PROVISIONING");
  });

  it("expires pending requests past their deadline, once, with an audit event", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "slow" } });
    const fresh = await submit({ nameParts: { product: "pay", descriptor: "fresh" } });
    await db.accountRequest.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await expireOverdueRequests()).toBe(1);
    expect(await expireOverdueRequests()).toBe(0);
    expect((await state(id)).status).toBe("EXPIRED");
    expect((await state(fresh.id)).status).toBe("PENDING");
    expect(await db.auditEvent.count({ where: { requestRef: id, action: "accountRequest.expire", actorType: "SYSTEM" } })).toBe(1);
  });

  it("lets a platform admin rename a request Tencent refused the name of, and retry it", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "clash" } });
    await db.accountRequest.update({ where: { id }, data: { status: "FAILED" } });
    as("priya");
    const bad = await actions.retryAccountProvisioning({ requestId: id, nameParts: { product: "pay", descriptor: "Bad Name" } });
    expect(bad.serverError?.fieldErrors).toMatchObject({ "nameParts.descriptor": [expect.stringMatching(/lower-case/)] });
    await submit({ nameParts: { product: "pay", descriptor: "othertaken" } });
    as("priya");
    const taken = await actions.retryAccountProvisioning({ requestId: id, nameParts: { product: "pay", descriptor: "othertaken" } });
    expect(taken.serverError?.fieldErrors?.name?.[0]).toMatch(/already used/);
    expect(await state(id)).toMatchObject({ status: "FAILED", name: "pay-dev-sg-clash" });

    expect((await actions.retryAccountProvisioning({ requestId: id, nameParts: { product: "pay", descriptor: "clash2" } })).serverError).toBeUndefined();
    expect(await state(id)).toMatchObject({ status: "APPROVED", name: "pay-dev-sg-clash2", nameParts: { product: "pay", descriptor: "clash2" } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { requestRef: id, action: "accountRequest.retry" } });
    expect(event.payload).toMatchObject({ before: { status: "FAILED", name: "pay-dev-sg-clash" }, after: { status: "APPROVED", name: "pay-dev-sg-clash2" } });
  });

  it("refuses a rename once the member account exists in Tencent Cloud", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "created" } });
    await db.accountRequest.update({ where: { id }, data: { status: "FAILED", memberUin: "300000000999" } });
    as("priya");
    expect((await actions.retryAccountProvisioning({ requestId: id, nameParts: { product: "pay", descriptor: "renamed" } })).serverError?.code).toBe("CONFLICT");
    expect((await state(id)).status).toBe("FAILED");
  });

  it("lets a platform admin send a failed provisioning back to the queue", async () => {
    const { id } = await submit({ nameParts: { product: "pay", descriptor: "retry" } });
    await db.accountRequest.update({ where: { id }, data: { status: "FAILED" } });
    const { version } = await state(id);
    as("alex");
    expect((await actions.retryAccountProvisioning({ requestId: id })).serverError?.code).toBe("FORBIDDEN");
    as("priya");
    expect((await actions.retryAccountProvisioning({ requestId: id })).serverError).toBeUndefined();
    expect(await state(id)).toMatchObject({ status: "APPROVED", version: version + 1 });
    expect(await provisionJobs(id)).toBe(1);
  });
});
