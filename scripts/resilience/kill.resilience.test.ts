// The real worker process killed with SIGKILL at random moments while it provisions accounts and activates and
// removes access grants, and started again each time: the first half of the kills at random after each start
// (provisioning, activation, the inventory sync), the second half around removals at expiry. Afterwards everything
// converges and nothing was done twice:
// one member account per request, created once; each grant activated once and removed once at its expiry, with no
// CIC assignment left; as the emulator saw it and as Lattice's audit history tells it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { waitFor } from "@/lib/core/testing/wait-for";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import { count, insertApprovedRequests, insertDueGrants, killAllWorkers, killWorker, runSeed, secondsSince, seededRandom, startWorker } from "./processes";
import { caseCount, FULL_RUN, report } from "./world";

const KILLS = caseCount(20, 4);
const REQUESTS = caseCount(12, 6);
const GRANTS = caseCount(10, 4);
/** The first half of the kills lands this long after the worker reported it started (uniformly at random). */
const KILL_AFTER_MS = { min: 250, max: 6_000 };
/** The second half waits for a removal coming due (an ACTIVE grant expiring within this long) … */
const DUE_WITHIN_MS = 2_000;
/** … and lands up to this long after (uniformly at random), i.e. around the removal. */
const KILL_AROUND_REMOVAL_MS = 3_000;
/** How long one of them waits for a removal coming due; then it kills anyway. */
const REMOVAL_WAIT_MS = 6 * 60_000;
// Provisioning resumes within seconds of a restart (lease reaper); a grant job killed mid-flight waits for pg-boss to
// expire it or for the sweep to find it stalled (5 minutes each, docs/access-grants.md), so the bound allows that.
const CONVERGE_MS = (FULL_RUN ? 14 : 11) * 60_000;
const SEED = runSeed();

const matrix = generateMatrix({ accounts: 12 });
const unit = matrix.units.find((candidate) => candidate.id === "unit_analytics")!;
const people = matrix.users.filter((user) => user.active);
const accounts = matrix.accounts.filter((account) => account.status === "ACTIVE" && account.memberUin).slice(0, 5);
const managementUin = () => String(context.emulator.state.organization.managementUin);

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let queue: JobQueue;

beforeAll(async () => {
  await writeMatrix(matrix);
  // Slow enough that kills land mid-operation: a member's role is ready 1.5 s after creation, CIC tasks take 0.75 s,
  // every call 20–100 ms.
  context = await startTestEmulator({
    accounts: 12,
    memberReadyDelayMs: 1_500,
    taskDelayMs: 750,
    faults: { latency: { distribution: "uniform", minMs: 20, maxMs: 100 } },
  });
  queue = await startQueue({ worker: false });
});

afterAll(async () => {
  await killAllWorkers();
  await queue?.stop(2_000);
  await context?.emulator.close();
});

/** The emulator's successful write calls of one action since `since` (its CloudAudit trail; refused calls are not in it). */
function writesSince(action: string, since: number): number {
  const events = context.emulator.state.accounts[managementUin()]?.auditEvents ?? [];
  return events.filter((event) => event.eventName === action && event.eventTime >= Math.floor(since / 1000)).length;
}

const JOB_KINDS = { "account-request.provision": "provisioning", "access.activate": "activation", "access.remove": "removal", "inventory.sync": "sync" } as const;

/** The jobs a worker spawned at `since` was running (fetched, not finished), by kind. */
async function runningJobs(since: Date): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ name: string; count: number }[]>`
    SELECT name, count(*)::int AS count FROM pgboss.job
    WHERE state = 'active' AND started_on >= ${since} AND name IN ('account-request.provision', 'access.activate', 'access.remove', 'inventory.sync')
    GROUP BY name`;
  return Object.fromEntries(rows.map((row) => [JOB_KINDS[row.name as keyof typeof JOB_KINDS], row.count]));
}

it(`SIGKILL ${KILLS}× at random points of provisioning and expiry: after restart everything converges, nothing is done twice`, async () => {
  const started = Date.now();
  const clock = performance.now();
  const random = seededRandom(SEED);
  const names = Array.from({ length: REQUESTS }, (_, index) => `data-dev-sg-kill${String(index).padStart(2, "0")}`);
  const requestIds = await insertApprovedRequests(queue, { names, unitId: unit.id, people });
  // Grants due now, lasting 10 s, 16 s, 22 s …: their removals come due one after another, during both halves.
  const { roleId, grantIds } = await insertDueGrants(queue, { roleSlug: "resilience-kill", people, accounts, count: GRANTS, durationSeconds: (index) => 10 + index * 6 });

  // Kills: the first half at random moments after each start (provisioning and activation are under way); the second
  // half around removals at expiry (each waits for an ACTIVE grant about to expire, then kills within 3 s).
  const delays: number[] = [];
  const caught: Record<string, number> = { provisioning: 0, activation: 0, removal: 0, sync: 0 };
  let killsNearRemoval = 0;
  for (let kill = 0; kill < KILLS; kill += 1) {
    // pg-boss fetches jobs as soon as each handler is registered, before "worker started".
    const spawned = new Date();
    const worker = startWorker({ emulator: context.emulator });
    await worker.started;
    const startedAt = Date.now();
    let delay: number;
    if (kill < Math.ceil(KILLS / 2)) {
      delay = Math.round(KILL_AFTER_MS.min + random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
    } else {
      const due = await waitFor(
        "a removal coming due",
        async () => {
          const [soon, live] = await Promise.all([
            db.accessGrant.count({ where: { id: { in: grantIds }, status: "ACTIVE", expiresAt: { lte: new Date(Date.now() + DUE_WITHIN_MS) } } }),
            db.accessGrant.count({ where: { id: { in: grantIds }, status: { in: ["SCHEDULED", "ACTIVATING", "ACTIVE"] } } }),
          ]);
          return soon > 0 ? "due" : live === 0 ? "none left" : null;
        },
        REMOVAL_WAIT_MS,
      ).catch(() => "none came");
      if (due === "due") killsNearRemoval += 1;
      delay = Math.round(random() * KILL_AROUND_REMOVAL_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delays.push(Date.now() - startedAt);
    const running = await runningJobs(spawned);
    await killWorker(worker);
    for (const [kind, jobs] of Object.entries(running)) caught[kind] = (caught[kind] ?? 0) + jobs;
  }
  const killPhase = secondsSince(clock);
  const lastKill = performance.now();

  // The last start: it runs until everything converged.
  startWorker({ emulator: context.emulator });
  await waitFor(
    "every request, grant and sync to converge",
    async () => {
      const [open, live, syncing] = await Promise.all([
        db.accountRequest.count({ where: { id: { in: requestIds }, status: { notIn: ["COMPLETED", "FAILED"] } } }),
        db.accessGrant.count({ where: { id: { in: grantIds }, status: { notIn: ["EXPIRED", "REVOKED", "FAILED", "NOT_GRANTED"] } } }),
        db.inventoryRun.count({ where: { status: "RUNNING" } }),
      ]);
      return open === 0 && live === 0 && syncing === 0;
    },
    CONVERGE_MS,
  ).catch(async (error: Error) => {
    const [requests, grants] = await Promise.all([
      db.accountRequest.groupBy({ by: ["status"], where: { id: { in: requestIds } }, _count: true }),
      db.accessGrant.groupBy({ by: ["status"], where: { id: { in: grantIds } }, _count: true }),
    ]);
    throw new Error(`${error.message} (seed ${SEED}): ${JSON.stringify({ requests, grants })}`);
  });
  const convergedAfterLastKill = secondsSince(lastKill);

  // ── provisioning: every request COMPLETED with exactly one member, created once ──
  const requests = await db.accountRequest.findMany({ where: { id: { in: requestIds } }, orderBy: { name: "asc" }, select: { id: true, name: true, status: true, memberUin: true, steps: { select: { attempts: true } } } });
  expect(requests.map((request) => `${request.name} ${request.status}`)).toEqual(names.map((name) => `${name} COMPLETED`));
  const ownersConfiguration = context.emulator.state.cic.roleConfigurations.find((configuration) => configuration.name === "LatticeAccountOwner");
  for (const request of requests) {
    expect(context.emulator.state.members.filter((member) => member.name === request.name).map((member) => String(member.uin)), request.name).toEqual([request.memberUin]);
    expect(context.emulator.state.creations.filter((creation) => creation.name === request.name).map((creation) => creation.status), `${request.name} creations`).toEqual(["Succeeded"]);
    // Both owners assigned, each once.
    const owners = context.emulator.state.cic.assignments.filter((entry) => entry.targetUin === Number(request.memberUin) && entry.roleConfigurationId === ownersConfiguration?.roleConfigurationId);
    expect(owners, `${request.name} owner assignments`).toHaveLength(2);
  }
  const completions = await db.auditEvent.groupBy({ by: ["requestRef"], where: { requestRef: { in: requestIds }, action: "accountRequest.complete" }, _count: true });
  expect(completions.map((row) => row._count), "completion events per request").toEqual(requestIds.map(() => 1));
  const memberCreations = writesSince("CreateOrganizationMember", started);
  expect(memberCreations, "CreateOrganizationMember calls that created a member").toBe(REQUESTS);
  const resumedSteps = requests.flatMap((request) => request.steps).filter((step) => step.attempts > 1).length;

  // ── grants: each activated once, removed once at expiry, no assignment left ──
  const grants = await db.accessGrant.findMany({ where: { id: { in: grantIds } }, select: { id: true, status: true, expiresAt: true, endedAt: true } });
  expect(grants.map((grant) => grant.status)).toEqual(grantIds.map(() => "EXPIRED"));
  const events = await db.auditEvent.groupBy({ by: ["grantRef", "action"], where: { grantRef: { in: grantIds }, action: { in: ["accessGrant.activated", "accessGrant.expired"] } }, _count: true });
  for (const grantId of grantIds) {
    for (const action of ["accessGrant.activated", "accessGrant.expired"]) {
      expect(events.find((row) => row.grantRef === grantId && row.action === action)?._count ?? 0, `${grantId} ${action} events`).toBe(1);
    }
  }
  const roleConfigurationId = (await db.catalogRole.findUniqueOrThrow({ where: { id: roleId }, select: { roleConfigurationId: true } })).roleConfigurationId;
  const leftInPlace = context.emulator.state.cic.assignments.filter((entry) => entry.roleConfigurationId === roleConfigurationId);
  expect(leftInPlace, "grant assignments left in place").toEqual([]);
  const created = writesSince("CreateRoleAssignment", started);
  const deleted = writesSince("DeleteRoleAssignment", started);
  // Owners' assignments are created in shared calls, so only deletions count per grant: each grant's exactly once.
  expect(deleted, "DeleteRoleAssignment calls that deleted an assignment").toBe(GRANTS);
  const latestRemoval = Math.max(...grants.map((grant) => grant.endedAt!.getTime() - grant.expiresAt!.getTime()));

  const sync = await db.inventoryRun.findMany({ select: { status: true } });
  report(
    [
      `SIGKILL ${KILLS}× (seed ${SEED}): kills at ${delays.map(count).join(", ")} ms after each start (${killsNearRemoval} of them around a removal coming due); jobs running at the kills: ${Object.entries(caught).map(([kind, jobs]) => `${jobs} ${kind}`).join(", ")}`,
      `${REQUESTS} requests → ${requests.length} completed, ${context.emulator.state.members.filter((member) => names.includes(member.name)).length} members, 0 created twice (${memberCreations} creations), ${resumedSteps} steps resumed after a kill (each checks Tencent before acting again)`,
      `${GRANTS} grants → ${grants.length} removed after expiry (latest ${(latestRemoval / 1000).toFixed(0)} s after it), 0 activated or removed twice, ${leftInPlace.length} left in place (${created} CreateRoleAssignment incl. owners', ${deleted} DeleteRoleAssignment)`,
      `inventory sync: ${sync.map((run) => run.status).join(", ")}`,
      `kill phase ${killPhase} s, converged ${convergedAfterLastKill} s after the last kill`,
    ].join("; "),
  );
}, 30 * 60_000);
