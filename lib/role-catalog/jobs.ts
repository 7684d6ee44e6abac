import "server-only";
import type { AuditStamp } from "@/lib/core/audit";
import { toAppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import type { JobContext, JobQueue } from "@/lib/core/queue";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { isTransientFailure } from "@/lib/tencentcloud/utils";
import { PROVISION_ROLE_JOB } from "./constants";
import { findVersionInForce } from "./data";
import { recordCicOutcome } from "./mutations";
import { createRoleCatalogCloud, type RoleCatalogCloud } from "./service";

const JOB_STAMP: AuditStamp = { actor: { type: "SYSTEM", id: null, label: `job:${PROVISION_ROLE_JOB}` } };

export interface RoleProvisioningResult {
  roleId: string;
  version: number | null;
  status: "PROVISIONED" | "FAILED" | "MISSING";
}

/**
 * Provisions the version in force of one role into Cloud Identity Center and records the outcome on that version.
 * A rejection Tencent will repeat (invalid value, quota, permission) fails the version at once, with Tencent's code,
 * message and RequestId; a transient failure is thrown so the queue retries, and recorded on the last attempt.
 */
export async function provisionCatalogRole(
  roleId: string,
  cloud: RoleCatalogCloud,
  attempt: { retryCount: number; retryLimit: number } = { retryCount: 0, retryLimit: 0 },
): Promise<RoleProvisioningResult> {
  const found = await findVersionInForce(roleId);
  if (!found) return { roleId, version: null, status: "MISSING" };
  const { role, version } = found;
  try {
    const result = await cloud.syncRoleConfiguration({
      slug: role.slug,
      name: version.name,
      description: version.description,
      maxDurationSeconds: version.maxDurationSeconds,
      policyDocuments: version.policyDocuments,
    });
    await recordCicOutcome(version.id, { status: "PROVISIONED", roleConfigurationId: result.roleConfigurationId, requestIds: result.requestIds }, JOB_STAMP);
    logger.info("catalog role provisioned", { roleId, version: version.version, roleConfigurationId: result.roleConfigurationId });
    return { roleId, version: version.version, status: "PROVISIONED" };
  } catch (error) {
    const appError = toAppError(error);
    const transient = isTransientFailure(error);
    const code = appError.details.tencentCode ?? appError.code;
    const message = appError.details.tencentCode && appError.cause instanceof Error ? appError.cause.message : appError.message;
    logger.warn("catalog role provisioning failed", { roleId, version: version.version, code, requestId: appError.details.requestId, transient });
    if (transient && attempt.retryCount < attempt.retryLimit) throw error;
    await recordCicOutcome(version.id, { status: "FAILED", code, message, requestId: appError.details.requestId ?? null }, JOB_STAMP);
    return { roleId, version: version.version, status: "FAILED" };
  }
}

/** Registers the role-catalog provisioning worker (scripts/worker.ts, when a Tencent gateway is configured). */
export async function registerRoleCatalogJobs(queue: JobQueue, settings: { gateway: TencentGateway; pollingIntervalSeconds?: number }): Promise<void> {
  const cloud = createRoleCatalogCloud(settings.gateway);
  await queue.work(
    PROVISION_ROLE_JOB,
    (job: JobContext<typeof PROVISION_ROLE_JOB>) => provisionCatalogRole(job.data.roleId, cloud, { retryCount: job.retryCount, retryLimit: job.retryLimit }),
    { pollingIntervalSeconds: settings.pollingIntervalSeconds },
  );
}
