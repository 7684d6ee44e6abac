import "server-only";
import { headers } from "next/headers";
import type { AuditActorType, AuditSource } from "./generated/prisma/enums";
import type { Prisma } from "./generated/prisma/client";
import type { AuditAction } from "./audit-actions";
import { GENESIS_HASH, hashSql, searchTextSql } from "./audit-sql";
import type { Actor } from "./roles";

/** Serializes appends: held until the writing transaction commits, so the next writer sees the new head. */
const AUDIT_LOCK_KEY = 7_351_972;

export interface AuditActorRef {
  type: AuditActorType;
  id?: string | null;
  /** Who, as shown in the history: an email, a job name, a Tencent principal. */
  label: string;
}

/** Who is acting and from where: passed from the action chain into every mutation that records history. */
export interface AuditStamp {
  actor: AuditActorRef;
  clientIp?: string | null;
  userAgent?: string | null;
}

export interface AuditEventInput {
  action: AuditAction;
  target: { type: string; id?: string | null };
  account?: { id?: string | null; uin?: string | null; unitId?: string | null };
  requestRef?: string | null;
  grantRef?: string | null;
  tencentRequestIds?: string[];
  /** Details; for changes `{ before, after }`. */
  payload?: Record<string, unknown>;
  source?: AuditSource;
  /** Id in the source system; an event with a known externalId is not stored again. */
  externalId?: string | null;
  /** When it happened, if not now (imported events). */
  occurredAt?: Date;
}

/** The client of the current request: its address (first hop of X-Forwarded-For) and user agent. */
export async function requestClient(): Promise<{ clientIp: string | null; userAgent: string | null }> {
  const requestHeaders = await headers();
  return {
    clientIp: requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
    userAgent: requestHeaders.get("user-agent"),
  };
}

/** The stamp for a signed-in person acting in the current request. */
export async function requestStamp(actor: Actor): Promise<AuditStamp> {
  return { actor: { type: "USER", id: actor.userId, label: actor.email }, ...(await requestClient()) };
}

export const SYSTEM_STAMP: AuditStamp = { actor: { type: "SYSTEM", id: null, label: "lattice" } };

/**
 * Appends one event to the hash chain inside the caller's transaction, so the event exists if and only if the
 * change it records was committed. Returns null when an event with the same externalId is already recorded.
 */
export async function appendAuditEvent(
  tx: Prisma.TransactionClient,
  stamp: AuditStamp,
  event: AuditEventInput,
): Promise<{ seq: bigint; hash: string } | null> {
  await tx.$executeRaw`SELECT pg_catalog.pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)`;
  const rows = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    WITH head AS (SELECT seq, hash FROM public.audit_event ORDER BY seq DESC LIMIT 1),
    n AS (
      SELECT
        COALESCE((SELECT seq FROM head), 0) + 1 AS seq,
        COALESCE((SELECT hash FROM head), ${GENESIS_HASH}) AS prev_hash,
        pg_catalog.date_trunc('milliseconds', COALESCE(${event.occurredAt ?? null}::timestamptz, pg_catalog.clock_timestamp())) AS occurred_at,
        ${event.source ?? "PORTAL"}::public.audit_source AS source,
        ${stamp.actor.type}::public.audit_actor_type AS actor_type,
        ${stamp.actor.id ?? null}::text AS actor_id,
        ${stamp.actor.label}::text AS actor_label,
        ${event.action}::text AS action,
        ${event.target.type}::text AS target_type,
        ${event.target.id ?? null}::text AS target_id,
        ${event.account?.id ?? null}::text AS account_id,
        ${event.account?.uin ?? null}::text AS account_uin,
        ${event.account?.unitId ?? null}::text AS unit_id,
        ${event.requestRef ?? null}::text AS request_ref,
        ${event.grantRef ?? null}::text AS grant_ref,
        ${event.tencentRequestIds ?? []}::text[] AS tencent_request_ids,
        ${stamp.clientIp ?? null}::text AS client_ip,
        ${stamp.userAgent?.slice(0, 500) ?? null}::text AS user_agent,
        ${event.externalId ?? null}::text AS external_id,
        ${JSON.stringify(event.payload ?? {})}::jsonb AS payload
    )
    INSERT INTO public.audit_event (
      seq, occurred_at, source, actor_type, actor_id, actor_label, action, target_type, target_id, account_id,
      account_uin, unit_id, request_ref, grant_ref, tencent_request_ids, client_ip, user_agent, external_id, payload,
      search_text, prev_hash, hash
    )
    SELECT
      n.seq, n.occurred_at, n.source, n.actor_type, n.actor_id, n.actor_label, n.action, n.target_type, n.target_id,
      n.account_id, n.account_uin, n.unit_id, n.request_ref, n.grant_ref, n.tencent_request_ids, n.client_ip,
      n.user_agent, n.external_id, n.payload, ${searchTextSql("n")}, n.prev_hash, ${hashSql("n")}
    FROM n
    ON CONFLICT (external_id) DO NOTHING
    RETURNING seq, hash`;
  return rows[0] ?? null;
}
