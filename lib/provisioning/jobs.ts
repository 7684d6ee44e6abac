import "server-only";
import { AppError } from "@/lib/core/errors";
import { SessionLeases } from "@/lib/core/leases";
import { logger } from "@/lib/core/logger";
import type { JobContext, JobQueue } from "@/lib/core/queue";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { LEASE_LOCK_NAMESPACE, PROVISION_JOB } from "./constants";
import { findAbandonedRequests, findOrphanedProvisioningJobs, getProvisioningRequest, listProvisioningSteps } from "./data";
import { activateAccount, claimRequest, failAbandonedRequest, failStep, recordCreationRecordId, recordMemberUin, startStep, succeedStep } from "./mutations";
import { createProvisioningCloud, type ProvisioningCloud } from "./service";
import type { ProvisioningConfig, ProvisioningRequest, StepName, StepOutcome } from "./types";
import { classifyFailure, remainingSteps } from "./utils";

export interface ProvisioningJobSettings {
  gateway: TencentGateway;
  config: ProvisioningConfig;
  /** Seconds between polls for new jobs (pg-boss default 2). */
  pollingIntervalSeconds?: number;
  /** An active job whose lease nobody holds is orphaned once it started this long ago (default 10 s). */
  orphanGraceSeconds?: number;
  /** How often this worker looks for orphaned jobs and abandoned requests (default 5 s). */
  reaperIntervalSeconds?: number;
}

export interface ProvisioningRunResult {
  requestId: string;
  status: string;
  steps: StepName[];
}

interface RunContext {
  cloud: ProvisioningCloud;
  leases: SessionLeases;
  /** 0 on the job's first attempt. */
  retryCount: number;
  retryLimit: number;
}

class LeaseLostError extends AppError {
  constructor(message: string) {
    super("UNAVAILABLE", message);
  }
}

/** Runs one step's cloud work; ACTIVATE has none (its database transaction is the step). */
async function runStep(
  step: Exclude<StepName, "ACTIVATE">,
  request: ProvisioningRequest,
  cloud: ProvisioningCloud,
  state: { memberUin: string | null; details: Map<StepName, Record<string, unknown>>; attempt: number; mayHaveCreated: boolean },
): Promise<StepOutcome> {
  if (step === "CREATE_MEMBER") {
    return cloud.createMember(request, {
      mayHaveCreated: state.mayHaveCreated,
      onUin: async (uin) => {
        state.memberUin = uin;
        await recordMemberUin(request.id, uin);
      },
      onCreationRecord: (recordId) => recordCreationRecordId(request.id, recordId),
    });
  }
  const uin = state.memberUin;
  if (!uin) throw new AppError("INTERNAL", "No member UIN recorded although CREATE_MEMBER succeeded.");
  switch (step) {
    case "WAIT_UNTIL_READY":
      return cloud.waitUntilReady(uin);
    case "MOVE_TO_UNIT":
      return cloud.moveToUnit(request, uin, state.details.get("CREATE_MEMBER")?.nodeId);
    case "AUTHORIZE_IDENTITIES":
      return cloud.authorizeIdentities(uin);
    case "ATTACH_BASELINE_POLICIES":
      return cloud.attachBaselinePolicies(request, uin);
    case "OWNER_ACCESS":
      return cloud.grantOwnerAccess(request, uin, { resumed: state.attempt > 1 });
    case "SECURITY_SWEEP":
      return cloud.securitySweep(request, uin, state.details.get("OWNER_ACCESS") ?? {});
  }
}

/**
 * Provisions one request, resuming at its first unfinished step. Holds the request's lease for the whole run.
 * A permanent Tencent rejection fails the step and the request at once (the job completes: retrying cannot help);
 * anything else fails the step and rethrows, so pg-boss retries the job, and on its last attempt the request fails.
 */
export async function provisionRequest(requestId: string, context: RunContext): Promise<ProvisioningRunResult> {
  const { cloud, leases } = context;
  if (!(await leases.acquire(requestId))) {
    // pg-boss's "stately" policy runs one job per request; a held lease means a run that pg-boss lost track of is
    // still going (e.g. it expired the job while the worker lived). Try again later rather than run twice.
    throw new LeaseLostError(`Request ${requestId} is being provisioned by another run.`);
  }
  try {
    const loaded = await getProvisioningRequest(requestId);
    if (!loaded) return { requestId, status: "MISSING", steps: [] };
    if (!(await claimRequest(loaded))) return { requestId, status: loaded.status, steps: [] };
    const request = { ...loaded, status: "PROVISIONING" };
    const rows = await listProvisioningSteps(requestId);
    const state = {
      memberUin: request.memberUin,
      details: new Map(rows.map((row) => [row.step, (row.detail ?? {}) as Record<string, unknown>])),
      attempt: 0,
      mayHaveCreated: false,
    };
    const ran: StepName[] = [];
    const isFinalAttempt = context.retryCount >= context.retryLimit;
    const steps = remainingSteps(new Set(rows.filter((row) => row.status === "SUCCEEDED").map((row) => row.step)));
    // The first step is marked RUNNING here; each later one by the statement that records its predecessor's success.
    let attempt = steps[0] ? await startStep(requestId, steps[0]) : null;
    for (const [index, step] of steps.entries()) {
      if (leases.isLost(requestId)) throw new LeaseLostError("The lease connection was lost; stopping so no other run overlaps this one.");
      if (attempt === null) return { requestId, status: "CHANGED", steps: ran };
      const previous = rows.find((row) => row.step === step);
      // A create may have happened if an earlier attempt got as far as the call: it died (RUNNING) or failed other
      // than by a rejection (its answer may have been lost). (The row as this run found it, before its own mark.)
      state.mayHaveCreated =
        previous?.status === "RUNNING" || (previous?.status === "FAILED" && (previous.detail as { permanent?: boolean } | null)?.permanent !== true);
      state.attempt = attempt;
      try {
        if (step === "ACTIVATE") {
          if (!state.memberUin) throw new AppError("INTERNAL", "No member UIN to activate.");
          await activateAccount(request, state.memberUin, { detail: { memberUin: state.memberUin }, tencentRequestIds: [] });
        } else {
          const outcome = await runStep(step, request, cloud, state);
          attempt = await succeedStep(request, step, outcome, state.memberUin, steps[index + 1] ?? null);
          state.details.set(step, outcome.detail);
        }
        ran.push(step);
      } catch (error) {
        const failure = classifyFailure(error);
        const final = failure.permanent || isFinalAttempt;
        await failStep(request, step, failure, { final, attempt: state.attempt, memberUin: state.memberUin });
        logger.warn("provisioning step failed", {
          requestId,
          step,
          attempt: state.attempt,
          final,
          code: failure.code,
          tencentRequestId: failure.requestId,
          error: failure.message,
        });
        if (failure.permanent) return { requestId, status: "FAILED", steps: ran };
        throw error;
      }
    }
    return { requestId, status: "COMPLETED", steps: ran };
  } finally {
    await leases.release(requestId).catch(() => undefined);
  }
}

/**
 * Finds provisioning jobs orphaned by a dead worker (active, but nobody holds their lease) and fails them so pg-boss
 * retries them now, instead of 15 minutes later when the job would expire; and fails requests whose job ran out of
 * attempts without a handler to record it. Safe to run in every worker at once: failing a job is idempotent.
 */
export async function reapProvisioning(queue: JobQueue, orphanGraceSeconds: number): Promise<{ orphans: number; abandoned: number }> {
  const orphans = await findOrphanedProvisioningJobs(orphanGraceSeconds);
  for (const orphan of orphans) {
    await queue.boss.fail(PROVISION_JOB, orphan.id, { message: "orphaned: the worker running it stopped (lease released)" });
    logger.warn("provisioning job orphaned by a stopped worker: retrying it", { job: orphan.id, requestId: orphan.requestId });
  }
  const abandoned = await findAbandonedRequests();
  for (const requestId of abandoned) {
    await failAbandonedRequest(requestId);
    logger.warn("provisioning ran out of attempts without finishing: request failed", { requestId });
  }
  return { orphans: orphans.length, abandoned: abandoned.length };
}

/**
 * Registers the provisioning handler (`config.concurrency` requests at once per worker; they mostly wait on Tencent's
 * rate limits and on the new member becoming ready) and this worker's reaper. Returns a function that stops the
 * reaper and releases the lease connection (after the queue has stopped).
 */
export async function registerProvisioningJobs(queue: JobQueue, settings: ProvisioningJobSettings): Promise<() => Promise<void>> {
  const cloud = createProvisioningCloud(settings.gateway, settings.config);
  const leases = new SessionLeases(LEASE_LOCK_NAMESPACE, "lattice-provisioning-leases");
  const orphanGraceSeconds = settings.orphanGraceSeconds ?? 10;
  const handler = async (job: JobContext<typeof PROVISION_JOB>) => {
    const started = performance.now();
    const result = await provisionRequest(job.data.requestId, { cloud, leases, retryCount: job.retryCount, retryLimit: job.retryLimit });
    logger.info("provisioning run done", {
      job: job.id,
      attempt: job.retryCount + 1,
      ...result,
      ms: Math.round(performance.now() - started),
    });
    return result;
  };
  await queue.work(PROVISION_JOB, handler, {
    concurrency: settings.config.concurrency,
    ...(settings.pollingIntervalSeconds ? { pollingIntervalSeconds: settings.pollingIntervalSeconds } : {}),
  });

  let reaping = false;
  const reap = async () => {
    if (reaping) return;
    reaping = true;
    try {
      await reapProvisioning(queue, orphanGraceSeconds);
    } catch (error) {
      logger.error("provisioning reaper failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      reaping = false;
    }
  };
  void reap();
  const timer = setInterval(() => void reap(), (settings.reaperIntervalSeconds ?? 5) * 1000);
  timer.unref();
  logger.info("account provisioning on", {
    concurrency: settings.config.concurrency,
    baselinePolicies: settings.config.baselinePolicies.map((policy) => `${policy.type}:${policy.name}`),
    ownerRole: settings.config.ownerRole.name,
  });
  return async () => {
    clearInterval(timer);
    await leases.close();
  };
}
