import "server-only";
import { db } from "@/lib/core/db";
import type { ProvisioningStep } from "@/lib/core/generated/prisma/client";
import { LEASE_LOCK_NAMESPACE, PROVISION_JOB } from "./constants";
import type { ProvisioningRequest } from "./types";
import { parseRequestTags } from "./utils";

/** The request with what provisioning needs: unit NodeIds up to the root, owners with their emails. Null if absent. */
export async function getProvisioningRequest(requestId: string): Promise<ProvisioningRequest | null> {
  const request = await db.accountRequest.findUnique({
    where: { id: requestId },
    include: {
      unit: true,
      owners: { include: { user: { select: { email: true, name: true } } }, orderBy: [{ role: "asc" }, { createdAt: "asc" }] },
    },
  });
  if (!request) return null;
  // The materialized path "/root/…/self/" lists the unit's ancestors; policies attached to any of them reach the member.
  const pathIds = request.unit.path.split("/").filter(Boolean);
  const units = await db.unit.findMany({ where: { id: { in: pathIds } }, select: { id: true, tencentNodeId: true } });
  const nodeIdByUnit = new Map(units.map((unit) => [unit.id, unit.tencentNodeId]));
  const pathNodeIds = pathIds
    .reverse()
    .map((id) => nodeIdByUnit.get(id))
    .filter((nodeId): nodeId is number => typeof nodeId === "number");
  return {
    id: request.id,
    number: request.number,
    status: request.status,
    version: request.version,
    name: request.name,
    unitId: request.unitId,
    organizationId: request.unit.organizationId,
    nodeId: request.unit.tencentNodeId,
    pathNodeIds,
    environment: request.environment,
    regions: request.regions,
    teamId: request.teamId,
    costCenter: request.costCenter,
    dataClassification: request.dataClassification,
    tags: parseRequestTags(request.tags),
    creationRecordId: request.creationRecordId,
    memberUin: request.memberUin,
    owners: request.owners.map((owner) => ({ userId: owner.userId, role: owner.role, email: owner.user.email, name: owner.user.name })),
  };
}

export function listProvisioningSteps(requestId: string): Promise<ProvisioningStep[]> {
  return db.provisioningStep.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } });
}

/**
 * Provisioning jobs pg-boss still counts as running, started more than `graceSeconds` ago, whose request lease
 * nobody holds: the worker that ran them died (a live run holds its lease from its first moment). PostgreSQL drops
 * a session's advisory locks when the session ends, so a killed worker's leases vanish with its connection.
 */
export async function findOrphanedProvisioningJobs(graceSeconds: number): Promise<{ id: string; requestId: string }[]> {
  return db.$queryRaw<{ id: string; requestId: string }[]>`
    SELECT j.id::text AS id, j.data->>'requestId' AS "requestId"
    FROM pgboss.job j
    WHERE j.name = ${PROVISION_JOB}
      AND j.state = 'active'
      AND j.started_on < now() - make_interval(secs => ${graceSeconds})
      AND NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.classid = ${LEASE_LOCK_NAMESPACE}::int4::oid
          AND l.objid = pg_catalog.hashtext(j.data->>'requestId')::oid
      )`;
}

/**
 * Requests still PROVISIONING (or APPROVED) whose provisioning job ended `failed` with none waiting or running: the
 * job ran out of attempts without a handler to record it (its last attempt expired, or its worker died).
 */
export async function findAbandonedRequests(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM public.account_request r
    WHERE r.status IN ('APPROVED', 'PROVISIONING')
      AND EXISTS (
        SELECT 1 FROM pgboss.job j WHERE j.name = ${PROVISION_JOB} AND j.data->>'requestId' = r.id AND j.state = 'failed'
      )
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${PROVISION_JOB} AND j.data->>'requestId' = r.id AND j.state IN ('created', 'retry', 'active')
      )`;
  return rows.map((row) => row.id);
}
