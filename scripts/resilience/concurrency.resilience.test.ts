// Concurrent approvals through the real action chain, each call as its own reviewer (actingAs): 200 reviewers on one
// request → exactly one transition and one audit event; one reviewer each on 200 requests → 200 transitions, none
// lost. For access requests (one approval needed) and account requests (one stage: platform).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";
import { actingAs, createPeople } from "@/lib/core/testing/acting-as";
import { ACCOUNTS, buildWorld, caseCount, report, submitAccessRequestAs, submitAccountRequestAs, type World } from "./world";

vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.20", "user-agent": "concurrency" }) }));

const { approveAccessRequest } = await import("@/lib/access/actions");
const { approveAccountRequest } = await import("@/lib/account-requests/actions");

// The issue asks for 200; the quick run (CI) keeps the race with fewer people.
const CONCURRENT = caseCount(200, 50);

let world: World;
let reviewers: Actor[];
let requesters: Actor[];

/** Runs `count` items at most `width` at a time (submitting the requests under test, not the race itself). */
async function inBatches<T>(count: number, width: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += width) made.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, offset) => make(start + offset)))));
  return made;
}

function tallyCodes(results: { data?: unknown; serverError?: { code: string } }[]) {
  const codes: Record<string, number> = {};
  for (const result of results) {
    const code = result.serverError?.code ?? (result.data !== undefined ? "ok" : "VALIDATION");
    codes[code] = (codes[code] ?? 0) + 1;
  }
  return codes;
}

const seconds = (started: number) => ((performance.now() - started) / 1000).toFixed(1);

beforeAll(async () => {
  world = await buildWorld();
  // Approvers: eligible for both kinds of request (access: the APPROVER reviewer group; account: the platform stage).
  reviewers = await createPeople(CONCURRENT, { prefix: "racer", roles: ["approver"], groups: ["lattice-approvers"] });
  requesters = await createPeople(CONCURRENT, { prefix: "asker", groups: ["engineering"] });
}, 300_000);

describe("concurrent approvals of access requests", () => {
  it(`${CONCURRENT} reviewers approving one request at once: exactly one transition, one approval, one audit event`, async () => {
    const requestId = await submitAccessRequestAs(requesters[0]!, world.roleId, [ACCOUNTS.tom]);
    const started = performance.now();
    const results = await Promise.all(reviewers.map((reviewer) => actingAs(reviewer, () => approveAccessRequest({ requestId, version: 0 }))));
    const codes = tallyCodes(results);
    expect(codes).toEqual({ ok: 1, CONFLICT: CONCURRENT - 1 });
    const request = await db.accessRequest.findUniqueOrThrow({ where: { id: requestId }, include: { approvals: true } });
    expect(request).toMatchObject({ status: "APPROVED", version: 1 });
    expect(request.approvals).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { requestRef: requestId, action: "accessRequest.approve" } })).toBe(1);
    report(`concurrency access request, ${CONCURRENT} reviewers on one request: 1 transition, 1 approval, 1 audit event; ${CONCURRENT - 1} CONFLICT (${seconds(started)} s)`);
  });

  it(`${CONCURRENT} reviewers approving ${CONCURRENT} requests at once: ${CONCURRENT} transitions, none lost`, async () => {
    const requestIds = await inBatches(CONCURRENT, 10, (index) => submitAccessRequestAs(requesters[index]!, world.roleId, [ACCOUNTS.dana]));
    const started = performance.now();
    const results = await Promise.all(requestIds.map((requestId, index) => actingAs(reviewers[index]!, () => approveAccessRequest({ requestId, version: 0 }))));
    expect(tallyCodes(results)).toEqual({ ok: CONCURRENT });
    expect(await db.accessRequest.count({ where: { id: { in: requestIds }, status: "APPROVED", version: 1 } })).toBe(CONCURRENT);
    expect(await db.accessApproval.count({ where: { requestId: { in: requestIds } } })).toBe(CONCURRENT);
    expect(await db.auditEvent.count({ where: { requestRef: { in: requestIds }, action: "accessRequest.approve" } })).toBe(CONCURRENT);
    report(`concurrency access requests, ${CONCURRENT} reviewers on ${CONCURRENT} requests: ${CONCURRENT} transitions, 0 lost, ${CONCURRENT} audit events (${seconds(started)} s)`);
  });
});

describe("concurrent approvals of account requests (one stage)", () => {
  it(`${CONCURRENT} approvers approving one request at once: exactly one transition, one approval, one audit event`, async () => {
    const id = await submitAccountRequestAs(requesters[0]!);
    const { version, requiredStages } = await db.accountRequest.findUniqueOrThrow({ where: { id } });
    expect(requiredStages).toEqual(["PLATFORM"]);
    const started = performance.now();
    const results = await Promise.all(reviewers.map((reviewer) => actingAs(reviewer, () => approveAccountRequest({ requestId: id, version }))));
    expect(tallyCodes(results)).toEqual({ ok: 1, CONFLICT: CONCURRENT - 1 });
    const request = await db.accountRequest.findUniqueOrThrow({ where: { id }, include: { approvals: true } });
    expect(request.status).toBe("APPROVED");
    expect(request.version).toBe(version + 1);
    expect(request.approvals).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { requestRef: id, action: "accountRequest.approve" } })).toBe(1);
    const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'account-request.provision' AND data->>'requestId' = ${id}`;
    expect(Number(jobs[0]?.n)).toBe(1);
    report(`concurrency account request, ${CONCURRENT} approvers on one request: 1 transition, 1 approval, 1 audit event, 1 provisioning job; ${CONCURRENT - 1} CONFLICT (${seconds(started)} s)`);
  });

  it(`${CONCURRENT} approvers approving ${CONCURRENT} requests at once: ${CONCURRENT} transitions, none lost`, async () => {
    const ids = await inBatches(CONCURRENT, 10, (index) => submitAccountRequestAs(requesters[index]!));
    const versions = new Map((await db.accountRequest.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } })).map((row) => [row.id, row.version]));
    const started = performance.now();
    const results = await Promise.all(ids.map((id, index) => actingAs(reviewers[index]!, () => approveAccountRequest({ requestId: id, version: versions.get(id)! }))));
    expect(tallyCodes(results)).toEqual({ ok: CONCURRENT });
    expect(await db.accountRequest.count({ where: { id: { in: ids }, status: "APPROVED" } })).toBe(CONCURRENT);
    expect(await db.accountRequestApproval.count({ where: { requestId: { in: ids } } })).toBe(CONCURRENT);
    expect(await db.auditEvent.count({ where: { requestRef: { in: ids }, action: "accountRequest.approve" } })).toBe(CONCURRENT);
    report(`concurrency account requests, ${CONCURRENT} approvers on ${CONCURRENT} requests: ${CONCURRENT} transitions, 0 lost, ${CONCURRENT} audit events (${seconds(started)} s)`);
  });
});
