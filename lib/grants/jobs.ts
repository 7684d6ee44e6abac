import "server-only";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { cronEveryMinutes, sendJob, type JobQueue } from "@/lib/core/queue";
import { provisionCatalogRole } from "@/lib/role-catalog/jobs";
import { createRoleCatalogCloud, type RoleCatalogCloud } from "@/lib/role-catalog/service";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { REMOVAL_STATUSES, STUCK_REMOVAL_MINUTES, SWEEP_BATCH, SWEEP_CRON } from "./constants";
import {
  findAccountsByUin,
  findDueScheduledGrantIds,
  findExpiredActiveGrantIds,
  findExplainingGrants,
  findGrantForJob,
  findGrantIdsToWarn,
  findGrantStatus,
  findHoldingGrantIds,
  findReconciledRoles,
  findRoleConfigurationId,
  findStalledActivationGrantIds,
  findStalledRemovalGrantIds,
  type GrantForJob,
} from "./data";
import {
  beginExpiry,
  claimActivation,
  completeActivation,
  completeRemoval,
  failActivation,
  finishReconciliation,
  jobStamp,
  markExpiryWarned,
  markRemovalFailed,
  recordAssignmentKey,
  recordFailedAttempt,
  recordReconciliationFinding,
  startReconciliation,
  withAssignmentLock,
} from "./mutations";
import { createGrantsCloud, type GrantsCloud } from "./service";
import type { AssignmentKey, AssignmentRef, GrantsConfig, RemovalOutcome } from "./types";
import { classifyGrantFailure, reconciliationDiff } from "./utils";

const ACTIVATE_STAMP = jobStamp("access.activate");
const REMOVE_STAMP = jobStamp("access.remove");
const RECONCILE_STAMP = jobStamp("access.reconcile");

/** Activation and removal jobs run this many at once per worker: they mostly wait on Tencent. */
const GRANT_JOB_CONCURRENCY = 2;

export interface Attempt {
  /** 0 on the job's first attempt. */
  retryCount: number;
  retryLimit: number;
}
const SINGLE_ATTEMPT: Attempt = { retryCount: 0, retryLimit: 0 };

/** The clock jobs read; tests pass their own to move time. */
export type Clock = () => Date;
const systemClock: Clock = () => new Date();

export type GrantJobResult = { grantId: string; outcome: string; status?: string };

/** Sends a removal job for a grant whose activation was interrupted (revoked meanwhile): its own singleton key. */
async function queueRemoval(grantId: string, reason: string) {
  await sendJob("access.remove", { grantId }, { singletonKey: `${grantId}:${reason}` });
}

/**
 * After an activation step found the grant no longer ACTIVATING: nothing to do when another job activated it; when
 * it was revoked meanwhile, make sure its removal runs (it deletes whatever this activation created).
 */
async function settleInterrupted(grantId: string): Promise<GrantJobResult> {
  const status = await findGrantStatus(grantId);
  if (status && REMOVAL_STATUSES.includes(status)) await queueRemoval(grantId, "activation");
  return { grantId, outcome: "interrupted", status: status ?? "missing" };
}

/** The role's CIC configuration; provisioned now (the role catalog's own job, for its version in force) when missing. */
async function roleConfigurationFor(grant: GrantForJob, roleCloud: RoleCatalogCloud, attempt: Attempt): Promise<string> {
  if (grant.request.role.roleConfigurationId) return grant.request.role.roleConfigurationId;
  const result = await provisionCatalogRole(grant.request.roleId, roleCloud, attempt);
  const id = result.status === "PROVISIONED" ? await findRoleConfigurationId(grant.request.roleId) : null;
  if (!id) {
    const message = `The catalog role ${grant.request.role.slug} could not be provisioned in Cloud Identity Center (see the role catalog).`;
    throw new AppError("UPSTREAM", message, { tencentCode: "Lattice.RoleConfigurationNotProvisioned" }, { cause: new Error(message) });
  }
  return id;
}

/**
 * Activates one grant: SCHEDULED → ACTIVATING (only once its start has come; a grant not yet due is left to its
 * job's start or the sweep), then its CIC assignment (the zone, the grantee's CIC user found or created, the role's
 * configuration, CreateRoleAssignment on the member account: an existing assignment is adopted), waits for the CIC
 * task, and ACTIVATING → ACTIVE with the removal job due at expiry.
 *
 * Transient failures are recorded on the grant and thrown so the queue retries; a permanent one, or the last retry,
 * fails the grant (security alerted) and removes whatever this activation may have created. A grant revoked
 * meanwhile is not activated: its removal runs instead.
 */
export async function activateGrant(
  grantId: string,
  clouds: { grants: GrantsCloud; roleCatalog: RoleCatalogCloud },
  attempt: Attempt = SINGLE_ATTEMPT,
  clock: Clock = systemClock,
): Promise<GrantJobResult> {
  const grant = await findGrantForJob(grantId);
  if (!grant) return { grantId, outcome: "missing" };
  if (grant.status === "SCHEDULED") {
    if (!grant.startsAt || grant.startsAt > clock()) return { grantId, outcome: "not-due" };
    // Of two jobs for one grant only one claims it; the other leaves the work to it.
    if (!(await claimActivation(grant.id, clock()))) return { grantId, outcome: "claimed-elsewhere", status: (await findGrantStatus(grantId)) ?? "missing" };
  } else if (grant.status !== "ACTIVATING") {
    return { grantId, outcome: "skipped", status: grant.status };
  }
  // ACTIVATING: claimed just now, or a retry (of this job, or the sweep's) resuming an activation that stopped.

  const { grants: cloud, roleCatalog } = clouds;
  let key: AssignmentKey | null = null;
  try {
    const uin = grant.account.memberUin;
    if (!uin) {
      const message = `${grant.account.name} has no member UIN: it is not a provisioned account.`;
      throw new AppError("VALIDATION", message, { tencentCode: "Lattice.AccountNotProvisioned" }, { cause: new Error(message) });
    }
    // The role's CIC configuration holds its version in force: a grant gives what its reviewers approved, or nothing.
    const { role, roleVersion } = grant.request;
    if (role.status !== "ACTIVE" || role.currentVersion !== roleVersion.version) {
      const message =
        role.status !== "ACTIVE"
          ? `The catalog role ${role.slug} was retired after this request was approved: access was not granted.`
          : `The catalog role ${role.slug} changed after this request was approved (version ${roleVersion.version} approved, ${role.currentVersion} in force): access was not granted. Request it again.`;
      throw new AppError("VALIDATION", message, { tencentCode: "Lattice.RoleChangedSinceApproval" }, { cause: new Error(message) });
    }
    const zoneId = await cloud.zoneId();
    const roleConfigurationId = await roleConfigurationFor(grant, roleCatalog, attempt);
    const principalId = await cloud.principalFor(zoneId, grant.request.requester, { create: true });
    if (!principalId) throw new AppError("UPSTREAM", "No CIC user for the requester.");
    key = { zoneId, roleConfigurationId, targetUin: uin, principalId };
    if (!(await recordAssignmentKey(grant.id, key))) return await settleInterrupted(grantId);

    const assignmentKey = key;
    const created = await withAssignmentLock(uin, async (tx) =>
      (await findGrantStatus(grant.id, tx)) === "ACTIVATING" ? cloud.createAssignment(assignmentKey) : null,
    );
    if (!created) return await settleInterrupted(grantId);
    await cloud.waitForTasks(zoneId, created.taskIds);

    const activated = await completeActivation(grant, key, created, clock(), ACTIVATE_STAMP);
    if (!activated) return await settleInterrupted(grantId);
    logger.info("access grant activated", { grantId, account: uin, expiresAt: activated.expiresAt.toISOString(), adopted: created.adopted });
    return { grantId, outcome: "activated", status: "ACTIVE" };
  } catch (error) {
    const failure = classifyGrantFailure(error);
    logger.warn("access grant activation failed", { grantId, code: failure.code, requestId: failure.requestId, transient: failure.transient, attempt: attempt.retryCount });
    if (failure.transient && attempt.retryCount < attempt.retryLimit) {
      await recordFailedAttempt(grant.id, ["ACTIVATING"], failure);
      throw error;
    }
    const failed = await failActivation(grant, failure, clock(), ACTIVATE_STAMP);
    // The assignment may exist (created before the task failed or the wait ran out): take it away again, unless
    // another live grant of the person holds it. Reconciliation removes it later should this fail too.
    if (failed && key) {
      await releaseAssignment(grant, key, cloud, ["FAILED"]).catch((cleanupError: unknown) =>
        logger.warn("removing a failed grant's assignment failed; reconciliation will", { grantId, code: classifyGrantFailure(cleanupError).code }),
      );
    }
    return { grantId, outcome: failed ? "failed" : "skipped", status: failed ? "FAILED" : undefined };
  }
}

/**
 * Deletes a grant's CIC assignment unless another live grant of the same person, account and role configuration
 * holds it: decided and done under the account's assignment lock, while the grant is still in one of `statuses`.
 * Null when the grant left those statuses meanwhile.
 */
async function releaseAssignment(grant: GrantForJob, key: AssignmentKey, cloud: GrantsCloud, statuses: readonly string[]): Promise<RemovalOutcome | null> {
  type Decision = { kept: string[] } | { deleted: Awaited<ReturnType<GrantsCloud["deleteAssignment"]>> };
  const decided = await withAssignmentLock(key.targetUin, async (tx): Promise<Decision | null> => {
    const status = await findGrantStatus(grant.id, tx);
    if (!status || !statuses.includes(status)) return null;
    const holders = await findHoldingGrantIds(
      { grantId: grant.id, requesterId: grant.request.requesterId, accountId: grant.account.id, roleId: grant.request.roleId, roleConfigurationId: key.roleConfigurationId },
      tx,
    );
    if (holders.length > 0) return { kept: holders };
    return { deleted: await cloud.deleteAssignment(key) };
  });
  if (!decided) return null;
  if ("kept" in decided) return { assignment: "kept", keptFor: decided.kept };
  const { deleted } = decided;
  if (deleted.taskId) await cloud.waitForTasks(key.zoneId, [deleted.taskId]);
  return { assignment: deleted.alreadyGone ? "already-gone" : "deleted", requestIds: deleted.requestIds };
}

/** The assignment a grant holds, from what activation recorded (else looked up: the grant was revoked before that). */
async function assignmentOf(grant: GrantForJob, cloud: GrantsCloud): Promise<AssignmentKey | { none: string }> {
  const uin = grant.account.memberUin;
  const roleConfigurationId = grant.roleConfigurationId ?? grant.request.role.roleConfigurationId;
  if (!uin) return { none: "The account has no member UIN." };
  if (!roleConfigurationId) return { none: "The catalog role has no Cloud Identity Center configuration." };
  const zoneId = grant.cicZoneId ?? (await cloud.zoneId());
  const principalId = grant.cicPrincipalId ?? (await cloud.principalFor(zoneId, grant.request.requester, { create: false }));
  if (!principalId) return { none: "The requester has no Cloud Identity Center user." };
  return { zoneId, roleConfigurationId, targetUin: uin, principalId };
}

/**
 * Removes one grant's access, at expiry or after revocation: ACTIVE → REMOVING once expired (a REMOVING or
 * REMOVAL_FAILED grant continues), the CIC assignment deleted unless another live grant holds it, then EXPIRED or
 * REVOKED. Transient failures are retried by the queue; when the retries run out (or Tencent refuses for good) the
 * grant becomes REMOVAL_FAILED, security is alerted, and the sweep keeps retrying: access is never silently left.
 */
export async function removeGrant(grantId: string, cloud: GrantsCloud, attempt: Attempt = SINGLE_ATTEMPT, clock: Clock = systemClock): Promise<GrantJobResult> {
  let grant = await findGrantForJob(grantId);
  if (!grant) return { grantId, outcome: "missing" };
  if (grant.status === "ACTIVE") {
    if (!grant.expiresAt || grant.expiresAt > clock()) return { grantId, outcome: "not-due" };
    await beginExpiry(grant.id, clock(), { queueRemoval: false });
    grant = await findGrantForJob(grantId);
    if (!grant) return { grantId, outcome: "missing" };
  }
  if (!REMOVAL_STATUSES.includes(grant.status)) return { grantId, outcome: "skipped", status: grant.status };

  try {
    const key = await assignmentOf(grant, cloud);
    const outcome: RemovalOutcome | null = "none" in key ? { assignment: "none", reason: key.none } : await releaseAssignment(grant, key, cloud, REMOVAL_STATUSES);
    if (!outcome) return { grantId, outcome: "skipped", status: (await findGrantStatus(grantId)) ?? "missing" };
    const status = await completeRemoval(grant, outcome, clock(), REMOVE_STAMP);
    if (status) logger.info("access grant removed", { grantId, status, assignment: outcome.assignment });
    return { grantId, outcome: status ? "removed" : "skipped", status: status ?? undefined };
  } catch (error) {
    const failure = classifyGrantFailure(error);
    logger.warn("access grant removal failed", { grantId, code: failure.code, requestId: failure.requestId, transient: failure.transient, attempt: attempt.retryCount });
    if (failure.transient && attempt.retryCount < attempt.retryLimit) {
      await recordFailedAttempt(grant.id, REMOVAL_STATUSES, failure);
      throw error;
    }
    if (await markRemovalFailed(grant, failure, REMOVE_STAMP)) {
      logger.error("access grant removal keeps failing: access is still in place, security is alerted", { grantId, code: failure.code, requestId: failure.requestId });
    }
    return { grantId, outcome: "removal-failed", status: "REMOVAL_FAILED" };
  }
}

export interface SweepResult {
  activationsQueued: number;
  activationsResumed: number;
  expiriesBegun: number;
  removalsRequeued: number;
  warningsSent: number;
}

/** Pages through ids after a cursor, running `each` on every id of every page. */
async function forEachPage<T extends { id: string } | string>(fetch: (after: string | null) => Promise<T[]>, each: (item: T) => Promise<boolean>): Promise<number> {
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const page = await fetch(after);
    for (const item of page) if (await each(item)) done += 1;
    if (page.length < SWEEP_BATCH) return done;
    const last = page[page.length - 1]!;
    after = typeof last === "string" ? last : last.id;
  }
}

/**
 * The safety net under the per-grant jobs, every minute (`now` is injectable for tests):
 * - due SCHEDULED grants get an activation job again (theirs may be lost), and so do ACTIVATING grants that made no
 *   progress for a few minutes (their job died with its retries);
 * - ACTIVE grants past expiry go to REMOVING with a removal job, in one transaction;
 * - removals stuck for a few minutes, and every REMOVAL_FAILED grant, get a removal job again;
 * - the "15 minutes left" notice goes out once per grant.
 * The sweep's jobs carry their own singleton keys, so a per-grant job waiting for its time never absorbs them.
 */
export async function sweepGrants(now: Date = new Date()): Promise<SweepResult> {
  const stuckBefore = new Date(now.getTime() - STUCK_REMOVAL_MINUTES * 60_000);
  const queued = async (promise: Promise<string | null>) => (await promise) !== null;
  const activationsQueued = await forEachPage(
    (after) => findDueScheduledGrantIds(now, after, SWEEP_BATCH),
    (grantId) => queued(sendJob("access.activate", { grantId }, { singletonKey: `${grantId}:sweep` })),
  );
  const activationsResumed = await forEachPage(
    (after) => findStalledActivationGrantIds(stuckBefore, after, SWEEP_BATCH),
    (grantId) => queued(sendJob("access.activate", { grantId }, { singletonKey: `${grantId}:sweep` })),
  );
  const expiriesBegun = await forEachPage(
    (after) => findExpiredActiveGrantIds(now, after, SWEEP_BATCH),
    (grantId) => beginExpiry(grantId, now, { queueRemoval: true }),
  );
  const removalsRequeued = await forEachPage(
    (after) => findStalledRemovalGrantIds(stuckBefore, after, SWEEP_BATCH),
    // A removal that keeps failing gets one attempt per sweep (it is alerted already); a stuck one its full retries.
    (grant) => queued(sendJob("access.remove", { grantId: grant.id }, { singletonKey: `${grant.id}:sweep`, ...(grant.status === "REMOVAL_FAILED" ? { retryLimit: 0 } : {}) })),
  );
  const warningsSent = await forEachPage(
    (after) => findGrantIdsToWarn(now, after, SWEEP_BATCH),
    (grantId) => markExpiryWarned(grantId, now),
  );
  return { activationsQueued, activationsResumed, expiriesBegun, removalsRequeued, warningsSent };
}

export interface ReconciliationResult {
  runId: string;
  assignmentsSeen: number;
  removed: number;
  failed: number;
  deferred: number;
  error: string | null;
}

/**
 * Compares the CIC assignments of every provisioned catalog role with the grants that explain them (ACTIVATING,
 * ACTIVE, REMOVING, REMOVAL_FAILED, keyed by role configuration, account and CIC user) and deletes the others:
 * out-of-band access. Each deletion is decided again under the account's assignment lock (an activation may have
 * just created it) and recorded as a finding with an audit event; the run is recorded with its counts and errors.
 * The owners' role configuration from provisioning is not a catalog role's and is never touched.
 */
export async function reconcileAssignments(cloud: GrantsCloud, now: Date = new Date(), clock: Clock = systemClock): Promise<ReconciliationResult> {
  const runId = await startReconciliation(now);
  const totals = { assignmentsSeen: 0, removed: 0, failed: 0, deferred: 0 };
  const errors: string[] = [];
  try {
    const roles = await findReconciledRoles();
    const zoneId = roles.length > 0 ? await cloud.zoneId() : "";
    for (const role of roles) {
      const roleConfigurationId = role.roleConfigurationId!;
      const assignments: AssignmentRef[] = [];
      try {
        for await (const assignment of cloud.listAssignments(zoneId, roleConfigurationId)) assignments.push(assignment);
      } catch (error) {
        const failure = classifyGrantFailure(error);
        errors.push(`${role.slug}: listing its assignments failed (${failure.code})`);
        continue;
      }
      totals.assignmentsSeen += assignments.length;
      // Grants are read after the listing, so every assignment listed was made before they were read.
      const diff = reconciliationDiff(assignments, await findExplainingGrants({ roleConfigurationIds: [roleConfigurationId] }));
      totals.deferred += diff.deferred.length;
      if (diff.unexplained.length === 0) continue;
      const accounts = new Map((await findAccountsByUin(diff.unexplained.map((entry) => entry.targetUin))).map((account) => [account.memberUin, account]));
      for (const assignment of diff.unexplained) {
        const account = accounts.get(assignment.targetUin) ?? null;
        try {
          const deleted = await withAssignmentLock(assignment.targetUin, async (tx) => {
            const again = reconciliationDiff([assignment], await findExplainingGrants({ roleConfigurationIds: [roleConfigurationId], memberUin: assignment.targetUin }, tx));
            if (again.unexplained.length === 0) return null;
            return cloud.deleteAssignment({ zoneId, ...assignment });
          });
          if (!deleted) {
            totals.deferred += 1;
            continue;
          }
          totals.removed += 1;
          await recordReconciliationFinding(runId, assignment, { removed: true, requestIds: deleted.requestIds }, account, RECONCILE_STAMP);
          logger.warn("out-of-band access removed", { runId, roleConfigurationId, targetUin: assignment.targetUin, principalId: assignment.principalId, alreadyGone: deleted.alreadyGone });
        } catch (error) {
          const failure = classifyGrantFailure(error);
          totals.failed += 1;
          await recordReconciliationFinding(runId, assignment, { removed: false, code: failure.code, message: failure.message }, account, RECONCILE_STAMP);
          logger.error("removing out-of-band access failed", { runId, roleConfigurationId, targetUin: assignment.targetUin, principalId: assignment.principalId, code: failure.code, requestId: failure.requestId });
        }
      }
    }
  } catch (error) {
    errors.push(`stopped early: ${classifyGrantFailure(error).code}`);
  }
  const error = errors.length > 0 ? errors.join("; ") : null;
  await finishReconciliation(runId, { assignmentsSeen: totals.assignmentsSeen, removed: totals.removed, failed: totals.failed, error }, clock());
  return { runId, ...totals, error };
}

export interface GrantJobSettings {
  gateway: TencentGateway;
  config: GrantsConfig;
  /** Seconds between polls for new jobs (pg-boss default 2). */
  pollingIntervalSeconds?: number;
}

/**
 * Registers the access-grant jobs in the worker (scripts/worker.ts, when a Tencent gateway is configured): activation
 * and removal per grant, the sweep every minute and reconciliation on its interval, both also once at start so a
 * worker that was down catches up.
 */
export async function registerGrantJobs(queue: JobQueue, settings: GrantJobSettings): Promise<void> {
  const clouds = { grants: createGrantsCloud(settings.gateway, settings.config), roleCatalog: createRoleCatalogCloud(settings.gateway) };
  const polling = settings.pollingIntervalSeconds ? { pollingIntervalSeconds: settings.pollingIntervalSeconds } : {};
  await queue.work(
    "access.activate",
    (job) => activateGrant(job.data.grantId, clouds, { retryCount: job.retryCount, retryLimit: job.retryLimit }),
    { ...polling, concurrency: GRANT_JOB_CONCURRENCY },
  );
  await queue.work(
    "access.remove",
    (job) => removeGrant(job.data.grantId, clouds.grants, { retryCount: job.retryCount, retryLimit: job.retryLimit }),
    { ...polling, concurrency: GRANT_JOB_CONCURRENCY },
  );
  await queue.work(
    "access.sweep",
    async (job) => {
      const result = await sweepGrants();
      if (Object.values(result).some((count) => count > 0)) logger.info("access sweep", { job: job.id, ...result });
      return result;
    },
    polling,
  );
  await queue.work(
    "access.reconcile",
    async (job) => {
      const result = await reconcileAssignments(clouds.grants);
      logger.info("access reconciliation done", { job: job.id, ...result });
      return result;
    },
    polling,
  );
  await queue.schedule("access.sweep", SWEEP_CRON, {});
  await queue.schedule("access.reconcile", cronEveryMinutes(settings.config.reconcileIntervalMinutes), {});
  await queue.send("access.sweep", {});
  await queue.send("access.reconcile", {});
}

/** Without a gateway no grant job runs: their schedules are removed, so nothing piles up unrun. */
export async function unscheduleGrantJobs(queue: JobQueue): Promise<void> {
  await queue.unschedule("access.sweep");
  await queue.unschedule("access.reconcile");
}
