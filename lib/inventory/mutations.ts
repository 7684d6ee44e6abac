import "server-only";
import { randomUUID } from "node:crypto";
import { evaluateTagCompliance } from "@/lib/compliance/mutations";
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError } from "@/lib/core/errors";
import { Prisma } from "@/lib/core/generated/prisma/client";
import { Environment, type InventoryRunTrigger } from "@/lib/core/generated/prisma/enums";
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_TAG_KEYS, FINALIZE_TIMEOUT_MS, SIX_SEGMENT_PATTERN, STAGE_CHUNK } from "./constants";
import type { CallCounters, MemberRead, OrganizationRead, SyncRequestResult } from "./types";
import { chunk } from "./utils";

// Writes of the inventory sync. Every member's reads are staged with its DONE mark in one transaction (the unit a
// resumed run skips); the staged rows become the inventory in one finalize transaction, so nobody ever sees a
// half-synced organization.

/** A timestamp parameter for the `timestamp(3)` columns, which hold UTC (as Prisma writes them). */
const utc = (date: Date) => Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** A new row id: cuid-like (letters and digits), so it passes the portal's id schema. */
const newId = () => `c${randomUUID().replaceAll("-", "")}`;
const NEW_ID_SQL = Prisma.sql`('c' || replace(gen_random_uuid()::text, '-', ''))`;

/**
 * The RUNNING run, created when there is none: a new run and a concurrent one collide on the partial unique index
 * (one RUNNING run), and the loser joins the winner's run. Compare-and-set, never read-then-insert.
 */
async function createOrJoinRun(
  tx: Prisma.TransactionClient,
  trigger: InventoryRunTrigger,
  requestedById: string | null,
  now: Date,
): Promise<SyncRequestResult> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const created = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO public.inventory_run (id, status, trigger, requested_by_id, started_at, created_at, updated_at)
      VALUES (${newId()}, 'RUNNING', ${trigger}::public.inventory_run_trigger, ${requestedById}, ${utc(now)}, ${utc(now)}, ${utc(now)})
      ON CONFLICT DO NOTHING
      RETURNING id`;
    if (created[0]) return { runId: created[0].id, joined: false };
    const running = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM public.inventory_run WHERE status = 'RUNNING' LIMIT 1`;
    if (running[0]) return { runId: running[0].id, joined: true };
    // The running run finished between the two statements: try again.
  }
  throw new AppError("CONFLICT", "Another sync keeps starting and finishing; try again.");
}

/** For the scheduled job: the running run (a crashed one is resumed) or a new one. */
export async function startOrJoinScheduledRun(now: Date): Promise<SyncRequestResult> {
  return db.$transaction((tx) => createOrJoinRun(tx, "SCHEDULE", null, now));
}

/** "Sync now": starts a run or joins the running one, audited in the same transaction. The caller enqueues the job. */
export async function requestInventorySync(actor: { userId: string }, stamp: AuditStamp, now: Date): Promise<SyncRequestResult> {
  return db.$transaction(async (tx) => {
    const result = await createOrJoinRun(tx, "MANUAL", actor.userId, now);
    await appendAuditEvent(tx, stamp, { action: "inventory.syncRequested", target: { type: "inventoryRun", id: result.runId }, payload: { joined: result.joined } });
    return result;
  });
}

/**
 * Records the organization's members as the run's work list: new ones PENDING; members of an earlier attempt that
 * are no longer in the organization (and not DONE) dropped; FAILED ones of an earlier attempt PENDING again. Returns
 * false when the run is no longer RUNNING.
 */
export async function registerRunMembers(runId: string, memberUins: string[], now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM public.inventory_run WHERE id = ${runId} AND status = 'RUNNING' FOR UPDATE`;
    if (!locked[0]) return false;
    await tx.$executeRaw`
      INSERT INTO public.inventory_run_account (run_id, member_uin, status, created_at, updated_at)
      SELECT ${runId}, uin, 'PENDING', ${utc(now)}, ${utc(now)} FROM unnest(${memberUins}::text[]) AS uin
      ON CONFLICT (run_id, member_uin) DO NOTHING`;
    await tx.$executeRaw`
      DELETE FROM public.inventory_run_account WHERE run_id = ${runId} AND status <> 'DONE' AND NOT (member_uin = ANY(${memberUins}::text[]))`;
    await tx.inventoryRunAccount.updateMany({ where: { runId, status: "FAILED" }, data: { status: "PENDING", failure: null, finishedAt: null } });
    const total = await tx.inventoryRunAccount.count({ where: { runId } });
    await tx.inventoryRun.update({ where: { id: runId }, data: { accountsTotal: total } });
    return true;
  });
}

/** Adds call counters to the run (deltas since the last flush). */
function addCounters(counters: CallCounters) {
  return { calls: { increment: counters.calls }, errors: { increment: counters.errors }, throttled: { increment: counters.throttled } };
}

/**
 * Stages one member's reads and marks it DONE, in one transaction: the unit of resumption. Throws CONFLICT (and
 * writes nothing) when the member is no longer PENDING or the run no longer RUNNING (another attempt got there).
 */
export async function stageMember(
  runId: string,
  member: OrganizationRead["members"][number],
  read: MemberRead,
  counters: CallCounters,
  now: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const marked = await tx.inventoryRunAccount.updateMany({
      where: { runId, memberUin: member.uin, status: "PENDING" },
      data: { status: "DONE", resources: read.resources.length, failure: null, finishedAt: now },
    });
    if (marked.count === 0) throw new AppError("CONFLICT", "The member was read by another attempt.");
    await tx.inventoryStagedMember.create({
      data: { runId, memberUin: member.uin, name: member.name, tencentNodeId: member.nodeId, tags: member.tags, lastActivityAt: read.lastActivityAt },
    });
    for (const rows of chunk(read.resources, STAGE_CHUNK)) {
      await tx.inventoryStagedResource.createMany({
        data: rows.map((resource) => ({ runId, memberUin: member.uin, resourceName: resource.resourceName, tags: resource.tags, flaggedByTencent: resource.flaggedByTencent })),
        skipDuplicates: true,
      });
    }
    // Last: every member's transaction updates the run's row, whose lock is then held only until the commit.
    const run = await tx.inventoryRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: { accountsDone: { increment: 1 }, items: { increment: read.resources.length }, ...addCounters(counters) },
    });
    if (run.count === 0) throw new AppError("CONFLICT", "The run is no longer running.");
  });
}

/** Marks a member FAILED with its cause; its previous resources stay as they were (unknown is not gone). */
export async function failMember(runId: string, memberUin: string, failure: string, counters: CallCounters, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.inventoryRunAccount.updateMany({ where: { runId, memberUin, status: "PENDING" }, data: { status: "FAILED", failure, finishedAt: now } });
    await tx.inventoryRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: addCounters(counters) });
  });
}

/** Adds call counters to a running run (progress between members). */
export async function flushRunCounters(runId: string, counters: CallCounters): Promise<void> {
  await db.inventoryRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: addCounters(counters) });
}

/** Gives up a run: FAILED with its cause, its staging dropped, audited. The inventory stays as it was. */
export async function failRun(runId: string, failure: string, counters: CallCounters, stamp: AuditStamp, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const failed = await tx.inventoryRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: { status: "FAILED", failure, finishedAt: now, ...addCounters(counters) },
    });
    if (failed.count === 0) return false;
    await tx.inventoryStagedResource.deleteMany({ where: { runId } });
    await tx.inventoryStagedMember.deleteMany({ where: { runId } });
    await appendAuditEvent(tx, stamp, { action: "inventory.syncFailed", target: { type: "inventoryRun", id: runId }, payload: { failure } });
    return true;
  });
}

export interface FinalizeResult {
  accountsDone: number;
  accountsFailed: number;
  accountsCreated: number;
  resourcesAdded: number;
  resourcesGone: number;
  resourcesLive: number;
}

/**
 * The organization row for the organization read, created when the portal has none yet (a fresh install).
 */
async function organizationIdFor(tx: Prisma.TransactionClient, organization: OrganizationRead): Promise<string> {
  const existing = await tx.organization.findFirst({
    where: { OR: [...(organization.orgId ? [{ tencentOrgId: organization.orgId }] : []), { managementUin: organization.managementUin }] },
    select: { id: true, tencentOrgId: true },
  });
  if (existing) {
    if (!existing.tencentOrgId && organization.orgId) await tx.organization.update({ where: { id: existing.id }, data: { tencentOrgId: organization.orgId } });
    return existing.id;
  }
  const created = await tx.organization.create({
    data: { tencentOrgId: organization.orgId || null, managementUin: organization.managementUin, name: organization.name },
    select: { id: true },
  });
  return created.id;
}

/**
 * Units for the organization's nodes: existing ones by Tencent node id; a unit created in the portal but not yet
 * linked (same parent and name, no node id) is linked; the rest are created, parents first, with their materialized
 * path "/rootId/…/selfId/" (lib/matrix). A node whose parent is unknown hangs under the root. Returns node → unit id
 * and the root unit.
 */
async function unitsFor(tx: Prisma.TransactionClient, organizationId: string, organization: OrganizationRead) {
  const units = await tx.unit.findMany({ where: { organizationId }, select: { id: true, parentId: true, name: true, tencentNodeId: true, path: true } });
  const byNode = new Map(units.filter((unit) => unit.tencentNodeId !== null).map((unit) => [unit.tencentNodeId!, unit] as const));
  const nodes = new Map(organization.nodes.map((node) => [node.nodeId, node] as const));
  const rootName = nodes.get(organization.rootNodeId)?.name ?? "Root";

  let root = byNode.get(organization.rootNodeId) ?? units.find((unit) => unit.parentId === null && unit.tencentNodeId === null);
  if (!root) {
    const id = newId();
    root = await tx.unit.create({
      data: { id, organizationId, parentId: null, name: rootName, tencentNodeId: organization.rootNodeId, path: `/${id}/` },
      select: { id: true, parentId: true, name: true, tencentNodeId: true, path: true },
    });
  } else if (root.tencentNodeId === null) {
    root = await tx.unit.update({ where: { id: root.id }, data: { tencentNodeId: organization.rootNodeId }, select: { id: true, parentId: true, name: true, tencentNodeId: true, path: true } });
  }
  byNode.set(organization.rootNodeId, root);

  // Parents first: walk the tree from the root, then whatever did not hang from it.
  const children = new Map<number, number[]>();
  for (const node of organization.nodes) {
    if (node.nodeId === organization.rootNodeId) continue;
    const parent = node.parentNodeId !== null && nodes.has(node.parentNodeId) ? node.parentNodeId : organization.rootNodeId;
    children.set(parent, [...(children.get(parent) ?? []), node.nodeId]);
  }
  const order: number[] = [];
  const queue = [organization.rootNodeId];
  const visited = new Set<number>(queue);
  while (queue.length > 0) {
    const nodeId = queue.shift()!;
    for (const child of children.get(nodeId) ?? []) {
      if (visited.has(child)) continue;
      visited.add(child);
      order.push(child);
      queue.push(child);
    }
  }
  for (const node of organization.nodes) if (!visited.has(node.nodeId)) order.push(node.nodeId);

  for (const nodeId of order) {
    if (byNode.has(nodeId)) continue;
    const node = nodes.get(nodeId)!;
    const parent = (node.parentNodeId !== null ? byNode.get(node.parentNodeId) : undefined) ?? root;
    const sibling = units.find((unit) => unit.parentId === parent.id && unit.name === node.name);
    if (sibling && sibling.tencentNodeId === null) {
      sibling.tencentNodeId = nodeId;
      await tx.unit.update({ where: { id: sibling.id }, data: { tencentNodeId: nodeId } });
      byNode.set(nodeId, sibling);
      continue;
    }
    const id = newId();
    // Unit names are unique per parent: a node whose name a linked unit already uses keeps its node id in the name.
    const name = sibling ? `${node.name} (${nodeId})` : node.name;
    const unit = { id, organizationId, parentId: parent.id, name, tencentNodeId: nodeId, path: `${parent.path}${id}/` };
    await tx.unit.create({ data: unit });
    units.push(unit);
    byNode.set(nodeId, unit);
  }
  return { unitByNode: new Map([...byNode].map(([nodeId, unit]) => [nodeId, unit.id] as const)), rootUnitId: root.id };
}

/**
 * Makes a run visible, in ONE transaction, once every member is DONE or FAILED (else returns null and changes
 * nothing): units for unknown nodes; accounts upserted by member UIN (new ones UNMANAGED, without owner, their
 * environment from an `environment`/`env` member tag naming one, else SANDBOX, their regions from their resources);
 * resources merged set-based (new, changed, reappearing), those of DONE members not seen marked gone (a FAILED
 * member's stay as they were); staging dropped; tag compliance re-evaluated; the run SUCCEEDED with its counts and
 * audited. Null as well when the run is no longer RUNNING (finalized by another attempt).
 */
export async function finalizeRun(
  runId: string,
  organization: OrganizationRead,
  counters: CallCounters,
  stamp: AuditStamp,
  now: Date,
): Promise<FinalizeResult | null> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM public.inventory_run WHERE id = ${runId} AND status = 'RUNNING' FOR UPDATE`;
      if (!locked[0]) return null;
      const statuses = await tx.inventoryRunAccount.groupBy({ by: ["status"], where: { runId }, _count: { _all: true } });
      const countOf = (status: "PENDING" | "DONE" | "FAILED") => statuses.find((row) => row.status === status)?._count._all ?? 0;
      if (countOf("PENDING") > 0) return null;

      const organizationId = await organizationIdFor(tx, organization);
      const { unitByNode, rootUnitId } = await unitsFor(tx, organizationId, organization);
      const nodeIds = [...unitByNode.keys()];
      const unitIds = nodeIds.map((nodeId) => unitByNode.get(nodeId)!);
      const environments = Object.values(Environment);

      // New members: UNMANAGED accounts without owner. A name another account holds (one being provisioned, whose
      // member UIN is not recorded yet) is left for a later sync rather than duplicated.
      const created = await tx.$queryRaw<{ id: string }[]>`
        WITH node_unit AS (SELECT * FROM unnest(${nodeIds}::int[], ${unitIds}::text[]) AS t(node_id, unit_id)),
        staged AS (
          SELECT sm.member_uin, sm.name, sm.tencent_node_id, sm.last_activity_at,
            (SELECT upper(btrim(e.value)) FROM jsonb_each_text(sm.tags) e
              WHERE lower(e.key) = ANY(${[...ENVIRONMENT_TAG_KEYS]}::text[])
              ORDER BY array_position(${[...ENVIRONMENT_TAG_KEYS]}::text[], lower(e.key)) LIMIT 1) AS environment_tag
          FROM public.inventory_staged_member sm
          WHERE sm.run_id = ${runId} AND NOT EXISTS (SELECT 1 FROM public.account a WHERE a.member_uin = sm.member_uin)
        )
        INSERT INTO public.account (id, organization_id, unit_id, member_uin, name, environment, status, regions, last_activity_at, inventory_synced_at, created_at, updated_at)
        SELECT ${NEW_ID_SQL}, ${organizationId}, coalesce(nu.unit_id, ${rootUnitId}), s.member_uin, s.name,
          (CASE WHEN s.environment_tag = ANY(${environments}::text[]) THEN s.environment_tag ELSE ${DEFAULT_ENVIRONMENT} END)::public.environment,
          'UNMANAGED',
          coalesce((
            SELECT array_agg(DISTINCT m[2] ORDER BY m[2])
            FROM public.inventory_staged_resource r CROSS JOIN LATERAL regexp_match(r.resource_name, ${SIX_SEGMENT_PATTERN}) AS m
            WHERE r.run_id = ${runId} AND r.member_uin = s.member_uin AND m IS NOT NULL AND m[2] <> ''
          ), '{}'::text[]),
          s.last_activity_at, ${utc(now)}, ${utc(now)}, ${utc(now)}
        FROM staged s LEFT JOIN node_unit nu ON nu.node_id = s.tencent_node_id
        ON CONFLICT DO NOTHING
        RETURNING id`;
      const createdIds = created.map((row) => row.id);
      if (createdIds.length > 0) {
        // Their member tags, as the Organization API reports them.
        await tx.$executeRaw`
          INSERT INTO public.account_tag (id, account_id, key, value, created_at, updated_at)
          SELECT ${NEW_ID_SQL}, a.id, e.key, e.value, ${utc(now)}, ${utc(now)}
          FROM public.account a
          JOIN public.inventory_staged_member sm ON sm.run_id = ${runId} AND sm.member_uin = a.member_uin
          CROSS JOIN LATERAL jsonb_each_text(sm.tags) AS e
          WHERE a.id = ANY(${createdIds}::text[])
          ON CONFLICT DO NOTHING`;
      }
      // Every account the run read: seen now; activity only moves forward (GREATEST ignores nulls).
      await tx.$executeRaw`
        UPDATE public.account a
        SET inventory_synced_at = ${utc(now)}, last_activity_at = GREATEST(a.last_activity_at, sm.last_activity_at), updated_at = ${utc(now)}
        FROM public.inventory_staged_member sm
        WHERE sm.run_id = ${runId} AND sm.member_uin = a.member_uin`;

      // Resources: gone ones seen again count as added, like new ones.
      const [reappeared] = await tx.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM public.resource r
        JOIN public.inventory_staged_resource s ON s.run_id = ${runId} AND s.resource_name = r.resource_name
        WHERE r.gone_at IS NOT NULL`;
      const [merged] = await tx.$queryRaw<{ added: number; merged: number }[]>`
        WITH upserted AS (
          INSERT INTO public.resource (account_id, resource_name, service, region, resource_type, resource_id, tags, flagged_by_tencent, first_seen_at, last_seen_at, gone_at, created_at, updated_at)
          SELECT a.id, s.resource_name, m[1], m[2], m[1] || ':' || m[4], m[5], s.tags, s.flagged_by_tencent, ${utc(now)}, ${utc(now)}, NULL, ${utc(now)}, ${utc(now)}
          FROM public.inventory_staged_resource s
          JOIN public.account a ON a.member_uin = s.member_uin
          CROSS JOIN LATERAL regexp_match(s.resource_name, ${SIX_SEGMENT_PATTERN}) AS m
          WHERE s.run_id = ${runId} AND m IS NOT NULL
          ON CONFLICT (resource_name) DO UPDATE SET
            account_id = EXCLUDED.account_id, tags = EXCLUDED.tags, flagged_by_tencent = EXCLUDED.flagged_by_tencent,
            last_seen_at = EXCLUDED.last_seen_at, gone_at = NULL, updated_at = EXCLUDED.updated_at
          RETURNING (xmax = 0) AS inserted
        )
        SELECT (count(*) FILTER (WHERE inserted))::int AS added, count(*)::int AS merged FROM upserted`;
      // Live resources of members read completely (DONE) that the run did not see are gone.
      const gone = await tx.$executeRaw`
        UPDATE public.resource r SET gone_at = ${utc(now)}, updated_at = ${utc(now)}
        FROM public.account a
        JOIN public.inventory_run_account ra ON ra.run_id = ${runId} AND ra.member_uin = a.member_uin AND ra.status = 'DONE'
        WHERE r.account_id = a.id AND r.gone_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM public.inventory_staged_resource s WHERE s.run_id = ${runId} AND s.resource_name = r.resource_name)`;

      await tx.inventoryStagedResource.deleteMany({ where: { runId } });
      await tx.inventoryStagedMember.deleteMany({ where: { runId } });
      await evaluateTagCompliance(tx, now);

      const result: FinalizeResult = {
        accountsDone: countOf("DONE"),
        accountsFailed: countOf("FAILED"),
        accountsCreated: createdIds.length,
        resourcesAdded: (merged?.added ?? 0) + (reappeared?.count ?? 0),
        resourcesGone: gone,
        resourcesLive: await tx.resource.count({ where: { goneAt: null } }),
      };
      await tx.inventoryRun.update({
        where: { id: runId },
        data: {
          status: "SUCCEEDED",
          finishedAt: now,
          accountsDone: result.accountsDone,
          resourcesAdded: result.resourcesAdded,
          resourcesGone: result.resourcesGone,
          ...addCounters(counters),
        },
      });
      const failedMembers = await tx.inventoryRunAccount.findMany({ where: { runId, status: "FAILED" }, select: { memberUin: true }, take: 100 });
      await appendAuditEvent(tx, stamp, {
        action: "inventory.syncCompleted",
        target: { type: "inventoryRun", id: runId },
        payload: { ...result, failedMembers: failedMembers.map((row) => row.memberUin) },
      });
      return result;
    },
    { timeout: FINALIZE_TIMEOUT_MS, maxWait: 30_000 },
  );
}
