// Injected API faults with the real worker process: the emulator refuses or loses the answer of 30 % of all calls
// (throttling, internal errors, 502s, connection resets, timeouts, split evenly) while the worker provisions a batch
// of approved account requests, activates access grants and removes them at expiry, and syncs the inventory.
// Everything must end COMPLETED/EXPIRED/SUCCEEDED or visibly FAILED with its cause, with no duplicate member account
// and no CIC assignment left in place after a grant expired.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { waitFor } from "@/lib/core/testing/wait-for";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import { count, countedFaults, FAULT_KINDS, insertApprovedRequests, insertDueGrants, killAllWorkers, runSeed, secondsSince, startWorker } from "./processes";
import { caseCount, FULL_RUN, report } from "./world";

const FAULT_RATE = 0.3;
const REQUESTS = caseCount(30, 8);
const GRANTS = caseCount(20, 6);
// Everything settles in a minute or two; the bound leaves room for a busy machine and a few queue retry delays.
const SETTLE_MS = (FULL_RUN ? 12 : 8) * 60_000;
const SEED = runSeed();

const matrix = generateMatrix({ accounts: 12 });
const unit = matrix.units.find((candidate) => candidate.id === "unit_analytics")!;
const people = matrix.users.filter((user) => user.active);
const accounts = matrix.accounts.filter((account) => account.status === "ACTIVE" && account.memberUin).slice(0, 5);
const { faults, counts } = countedFaults(FAULT_RATE, { seed: SEED, timeoutMs: 2_000 });

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let queue: JobQueue;

beforeAll(async () => {
  await writeMatrix(matrix);
  // Members ready after 1 s, CIC tasks done after 0.5 s; a "Timeout" holds the answer 2 s and drops the connection
  // (the gateway's own 30 s timeout is covered by lib/tencentcloud/service.timing.test.ts).
  context = await startTestEmulator({ accounts: 12, memberReadyDelayMs: 1_000, taskDelayMs: 500, faults });
  queue = await startQueue({ worker: false });
});

afterAll(async () => {
  await killAllWorkers();
  await queue?.stop(2_000);
  await context?.emulator.close();
});

const TERMINAL_GRANT = ["EXPIRED", "REVOKED", "FAILED", "NOT_GRANTED"] as const;

/** What is still moving, for the timeout message. */
async function unsettled(requestIds: string[], grantIds: string[]) {
  const [requests, grants, runs] = await Promise.all([
    db.accountRequest.groupBy({ by: ["status"], where: { id: { in: requestIds } }, _count: true }),
    db.accessGrant.groupBy({ by: ["status"], where: { id: { in: grantIds } }, _count: true }),
    db.inventoryRun.findMany({ select: { status: true, accountsDone: true, accountsTotal: true } }),
  ]);
  return JSON.stringify({ requests, grants, runs });
}

it(`${FAULT_RATE * 100} % injected faults across provisioning, grants, expiry and sync: every job completes or visibly fails, no duplicate member, no access left after expiry`, async () => {
  const started = performance.now();
  const names = Array.from({ length: REQUESTS }, (_, index) => `data-dev-sg-fault${String(index).padStart(2, "0")}`);
  const requestIds = await insertApprovedRequests(queue, { names, unitId: unit.id, people });

  // Grants of different people on a few accounts, due now, lasting 20–50 s: activation and removal at expiry both
  // happen under the faults. Each (person, account) once, so no grant keeps another's assignment.
  const { roleId, grantIds } = await insertDueGrants(queue, { roleSlug: "resilience-faults", people, accounts, count: GRANTS, durationSeconds: (index) => 20 + (index % 4) * 10 });

  // The worker starts the inventory sync itself: no sync ever succeeded on this database.
  const worker = startWorker({ emulator: context.emulator });
  await worker.started;

  await waitFor(
    "requests, grants and the inventory sync to settle",
    async () => {
      const [open, live, runs] = await Promise.all([
        db.accountRequest.count({ where: { id: { in: requestIds }, status: { notIn: ["COMPLETED", "FAILED"] } } }),
        db.accessGrant.count({ where: { id: { in: grantIds }, status: { notIn: [...TERMINAL_GRANT] } } }),
        db.inventoryRun.findMany({ select: { status: true } }),
      ]);
      return open === 0 && live === 0 && runs.length > 0 && runs.every((run) => run.status !== "RUNNING");
    },
    SETTLE_MS,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}: ${await unsettled(requestIds, grantIds)}`);
  });
  const settledAfter = secondsSince(started);

  // ── account requests: COMPLETED, or FAILED with its cause recorded; one member per name ──
  const requests = await db.accountRequest.findMany({
    where: { id: { in: requestIds } },
    select: { id: true, name: true, status: true, memberUin: true, steps: { select: { step: true, status: true, errorCode: true, errorMessage: true, attempts: true } } },
  });
  const completions = await db.auditEvent.groupBy({ by: ["requestRef", "action"], where: { requestRef: { in: requestIds }, action: { in: ["accountRequest.complete", "accountRequest.provisionFailed"] } }, _count: true });
  const audited = (requestId: string, action: string) => completions.find((row) => row.requestRef === requestId && row.action === action)?._count ?? 0;
  const failedCauses: string[] = [];
  for (const request of requests) {
    const members = context.emulator.state.members.filter((member) => member.name === request.name);
    expect(members.length, `members named ${request.name}`).toBeLessThanOrEqual(1);
    if (request.status === "COMPLETED") {
      expect(members.map((member) => String(member.uin)), request.name).toEqual([request.memberUin]);
      expect(audited(request.id, "accountRequest.complete"), `${request.name} completion events`).toBe(1);
    } else {
      expect(request.status, request.name).toBe("FAILED");
      const failedStep = request.steps.find((step) => step.status === "FAILED");
      expect(failedStep?.errorCode, `${request.name}: the failed step's cause`).toBeTruthy();
      expect(audited(request.id, "accountRequest.provisionFailed"), `${request.name} failure events`).toBe(1);
      failedCauses.push(`${request.name}: ${failedStep!.step} ${failedStep!.errorCode}`);
    }
  }
  const completed = requests.filter((request) => request.status === "COMPLETED").length;
  const duplicates = names.filter((name) => context.emulator.state.members.filter((member) => member.name === name).length > 1).length;
  const stepRetries = requests.flatMap((request) => request.steps).reduce((sum, step) => sum + Math.max(0, step.attempts - 1), 0);

  // ── grants: every one ended; none left in place (the role's configuration has no assignment left) ──
  const grants = await db.accessGrant.findMany({
    where: { id: { in: grantIds } },
    select: { id: true, status: true, activatedAt: true, expiresAt: true, endedAt: true, errorCode: true, attempts: true },
  });
  const roleConfigurationId = (await db.catalogRole.findUniqueOrThrow({ where: { id: roleId }, select: { roleConfigurationId: true } })).roleConfigurationId;
  const leftInPlace = context.emulator.state.cic.assignments.filter((assignment) => assignment.roleConfigurationId === roleConfigurationId);
  expect(leftInPlace, "assignments of the grants' role left in place").toEqual([]);
  const grantEvents = await db.auditEvent.groupBy({ by: ["grantRef", "action"], where: { grantRef: { in: grantIds } }, _count: true });
  const grantAudited = (grantId: string, action: string) => grantEvents.find((row) => row.grantRef === grantId && row.action === action)?._count ?? 0;
  for (const grant of grants) {
    if (grant.status === "EXPIRED") {
      expect(grantAudited(grant.id, "accessGrant.activated"), `${grant.id} activation events`).toBe(1);
      expect(grantAudited(grant.id, "accessGrant.expired"), `${grant.id} expiry events`).toBe(1);
      expect(grant.endedAt!.getTime()).toBeGreaterThanOrEqual(grant.expiresAt!.getTime());
    } else {
      // Activation gave up (a permanent refusal, or its retries ran out): visible with its cause and alert.
      expect(grant.status, grant.id).toBe("FAILED");
      expect(grant.errorCode, `${grant.id}: the cause`).toBeTruthy();
      expect(grantAudited(grant.id, "accessGrant.activationFailed"), `${grant.id} failure events`).toBe(1);
    }
  }
  const activated = grants.filter((grant) => grant.activatedAt).length;
  const expired = grants.filter((grant) => grant.status === "EXPIRED");
  const removalFailures = grantEvents.filter((row) => row.action === "accessGrant.removalFailed").reduce((sum, row) => sum + row._count, 0);
  const latestRemoval = Math.max(0, ...expired.map((grant) => grant.endedAt!.getTime() - grant.expiresAt!.getTime()));

  // ── the inventory sync: SUCCEEDED (members that kept failing named) or FAILED with its cause; faults counted ──
  const runs = await db.inventoryRun.findMany({ orderBy: { startedAt: "asc" }, include: { accounts: { where: { status: "FAILED" }, select: { memberUin: true, failure: true } } } });
  for (const run of runs) {
    expect(["SUCCEEDED", "FAILED"]).toContain(run.status);
    if (run.status === "FAILED") expect(run.failure, "the failed run's cause").toBeTruthy();
    for (const member of run.accounts) expect(member.failure, `member ${member.memberUin}'s cause`).toBeTruthy();
  }
  const sync = runs.at(-1)!;
  if (sync.status === "SUCCEEDED") {
    // 30 % of ~10 calls per member: the run saw and counted them.
    expect(sync.errors).toBeGreaterThan(0);
    expect(sync.throttled).toBeGreaterThan(0);
  }

  // ── the emulator really injected them ──
  const injected = Object.values(counts.injected).reduce((sum, value) => sum + value, 0);
  expect(counts.calls).toBeGreaterThan(100);
  expect(injected / counts.calls).toBeGreaterThan(0.2);
  expect(injected / counts.calls).toBeLessThan(0.4);

  const retried = await db.$queryRaw<{ name: string; retries: number }[]>`
    SELECT name, sum(retry_count)::int AS retries FROM pgboss.job
    WHERE name IN ('account-request.provision', 'access.activate', 'access.remove', 'inventory.sync') GROUP BY name ORDER BY name`;
  report(
    [
      `faults ${FAULT_RATE * 100} % (seed ${SEED}): ${count(counts.calls)} calls, ${count(injected)} faults injected (${FAULT_KINDS.map((kind) => `${kind} ${counts.injected[kind]}`).join(", ")})`,
      `${REQUESTS} requests → ${completed} completed, ${REQUESTS - completed} failed with cause${failedCauses.length > 0 ? ` (${failedCauses.join("; ")})` : ""}, ${duplicates} duplicate members, ${stepRetries} step retries`,
      `${GRANTS} grants → ${activated} activated, ${expired.length} removed at expiry (latest ${(latestRemoval / 1000).toFixed(0)} s after it), ${grants.length - expired.length} failed with cause, ${leftInPlace.length} left in place, ${removalFailures} went REMOVAL_FAILED and were retried`,
      `sync ${sync.status} (${runs.length} run${runs.length === 1 ? "" : "s"}; ${sync.calls} calls, ${sync.errors} errors, ${sync.throttled} throttled; ${sync.accounts.length} of ${sync.accountsTotal} members failed with cause${sync.accounts.length > 0 ? ` (${sync.accounts.map((member) => `${member.memberUin}: ${member.failure!.slice(0, 80)}`).join("; ")})` : ""}${sync.failure ? `; run failure: ${sync.failure}` : ""})`,
      `queue retries: ${retried.map((row) => `${row.name} ${row.retries}`).join(", ")}`,
      `settled in ${settledAfter} s`,
    ].join("; "),
  );
}, 20 * 60_000);
