import "server-only";
import { canonicalSql, hashSql } from "@/lib/core/audit-sql";
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import type { Actor } from "@/lib/core/roles";
import { canReadAllHistory, type HistoryScope } from "./ability";
import type { HistoryFilters } from "./schema";
import type { ChainFailureKind } from "./types";

const DAY_MS = 86_400_000;

export interface ChainBatch {
  /** Rows present in the range. */
  checked: number;
  failure: { seq: bigint; kind: ChainFailureKind; detail: string } | null;
}

/**
 * Recomputes hashes and links of events fromSeq..toSeq inside PostgreSQL, in one streaming pass that stops at the
 * first failure (only the verdict travels). The row before the range is expected at prevSeq with prevHash; a gap
 * at the end of the range is reported too. Schema-qualified throughout, so no search_path can swap in look-alike
 * functions or tables. Batches are independent, so several run in parallel.
 */
export async function checkChainBatch(fromSeq: bigint, toSeq: bigint, prevSeq: bigint, prevHash: string): Promise<ChainBatch> {
  const [failure] = await db.$queryRaw<{ seq: bigint; kind: ChainFailureKind; before_seq: bigint }[]>`
    SELECT checked.seq, checked.kind, checked.before_seq FROM (
      SELECT e.seq,
        COALESCE(pg_catalog.lag(e.seq) OVER w, ${prevSeq}::bigint) AS before_seq,
        CASE
          WHEN e.seq <> COALESCE(pg_catalog.lag(e.seq) OVER w, ${prevSeq}::bigint) + 1 THEN 'missing'
          WHEN e.prev_hash <> COALESCE(pg_catalog.lag(e.hash) OVER w, ${prevHash}::text) THEN 'reordered'
          WHEN e.hash <> ${hashSql("e")} THEN 'changed'
        END AS kind
      FROM public.audit_event e
      WHERE e.seq BETWEEN ${fromSeq}::bigint AND ${toSeq}::bigint
      WINDOW w AS (ORDER BY e.seq)
    ) checked
    WHERE checked.kind IS NOT NULL
    ORDER BY checked.seq
    LIMIT 1`;
  const [{ count, last } = { count: 0n, last: null }] = await db.$queryRaw<{ count: bigint; last: bigint | null }[]>`
    SELECT pg_catalog.count(*) AS count, pg_catalog.max(seq) AS last FROM public.audit_event WHERE seq BETWEEN ${fromSeq}::bigint AND ${toSeq}::bigint`;
  if (failure) {
    const first = failure.kind === "missing" ? failure.before_seq + 1n : failure.seq;
    const detail =
      failure.kind === "missing"
        ? `events ${first}..${failure.seq - 1n} are missing`
        : failure.kind === "reordered"
          ? `event ${failure.seq} does not follow event ${failure.before_seq}`
          : `event ${failure.seq} no longer matches its hash`;
    return { checked: Number(count), failure: { seq: first, kind: failure.kind, detail } };
  }
  // No later row in the range can notice rows missing at its end.
  const end = last ?? prevSeq;
  if (end < toSeq) {
    return { checked: Number(count), failure: { seq: end + 1n, kind: "missing", detail: `events ${end + 1n}..${toSeq} are missing` } };
  }
  return { checked: Number(count), failure: null };
}

export async function findChainBounds() {
  const [row] = await db.$queryRaw<{ min: bigint | null; max: bigint | null }[]>`
    SELECT pg_catalog.min(seq) AS min, pg_catalog.max(seq) AS max FROM public.audit_event`;
  return { first: row?.min ?? null, last: row?.max ?? null };
}

export async function findEventHash(seq: bigint): Promise<string | null> {
  const event = await db.auditEvent.findUnique({ where: { seq }, select: { hash: true } });
  return event?.hash ?? null;
}

export function findCheckpoints(fromSeq: bigint, toSeq: bigint) {
  return db.auditCheckpoint.findMany({ where: { seq: { gte: fromSeq, lte: toSeq } }, orderBy: { seq: "asc" } });
}

export function findLatestCheckpoint() {
  return db.auditCheckpoint.findFirst({ orderBy: { seq: "desc" } });
}

/** The canonical encoding of events in a range, for evidence exports (same SQL as the writer's hash). */
export function findCanonicalRange(fromSeq: bigint, toSeq: bigint) {
  return db.$queryRaw<{ seq: bigint; prev_hash: string; hash: string; canonical: string }[]>`
    SELECT e.seq, e.prev_hash, e.hash, ${canonicalSql("e")} AS canonical
    FROM public.audit_event e WHERE e.seq BETWEEN ${fromSeq}::bigint AND ${toSeq}::bigint ORDER BY e.seq`;
}

/** The history rows a page shows (no hashes: the detail page has them). */
const historySelect = {
  seq: true,
  occurredAt: true,
  source: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  accountId: true,
  accountUin: true,
} as const;

export interface HistoryWhere {
  actorId?: string;
  action?: string;
  /** Events of this account, matched by id or UIN. */
  account?: { id: string; uin: string | null };
  unitIds?: string[];
  from?: Date;
  to?: Date;
  text?: string;
  /** Limit to events a non-privileged person may see: their own actions and their accounts. */
  visibleTo?: HistoryScope;
}

function historyWhere(where: HistoryWhere): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (where.actorId) and.push({ actorId: where.actorId });
  if (where.action) and.push({ action: where.action });
  if (where.account) {
    and.push({ OR: [{ accountId: where.account.id }, ...(where.account.uin ? [{ accountUin: where.account.uin }] : [])] });
  }
  if (where.unitIds) and.push({ unitId: { in: where.unitIds } });
  if (where.from || where.to) and.push({ occurredAt: { gte: where.from, lt: where.to } });
  // search_text is lower-case and trigram-indexed; LIKE wildcards in the text are matched literally.
  if (where.text) and.push({ searchText: { contains: where.text.toLowerCase().replace(/[\\%_]/g, "\\$&") } });
  if (where.visibleTo) {
    const { userId, accountIds, requestIds } = where.visibleTo;
    and.push({ OR: [{ actorId: userId }, { accountId: { in: accountIds } }, { requestRef: { in: requestIds } }] });
  }
  return { AND: and };
}

/**
 * One page of history, newest first by (occurredAt, seq), with the keyset cursor taken from an event: `before` —
 * older than it, `after` — newer than it. The `occurredAt` bound uses the (…, occurredAt, seq) indexes; the OR only
 * separates events of the same millisecond. Fetches one row more than shown to know whether there is another page.
 */
export async function findHistoryPage(where: HistoryWhere, cursor: { before?: bigint; after?: bigint }, pageSize: number) {
  const filter = historyWhere(where);
  const cursorSeq = cursor.after ?? cursor.before;
  const anchor = cursorSeq === undefined ? null : await db.auditEvent.findUnique({ where: { seq: cursorSeq }, select: { occurredAt: true, seq: true } });
  if (anchor && cursor.after !== undefined) {
    const rows = await db.auditEvent.findMany({
      where: { AND: [filter, { occurredAt: { gte: anchor.occurredAt } }, { OR: [{ occurredAt: { gt: anchor.occurredAt } }, { seq: { gt: anchor.seq } }] }] },
      orderBy: [{ occurredAt: "asc" }, { seq: "asc" }],
      take: pageSize + 1,
      select: historySelect,
    });
    return { rows: rows.slice(0, pageSize).reverse(), hasNewer: rows.length > pageSize, hasOlder: true };
  }
  const rows = await db.auditEvent.findMany({
    where: anchor
      ? { AND: [filter, { occurredAt: { lte: anchor.occurredAt } }, { OR: [{ occurredAt: { lt: anchor.occurredAt } }, { seq: { lt: anchor.seq } }] }] }
      : filter,
    orderBy: [{ occurredAt: "desc" }, { seq: "desc" }],
    take: pageSize + 1,
    select: historySelect,
  });
  return { rows: rows.slice(0, pageSize), hasNewer: anchor !== null, hasOlder: rows.length > pageSize };
}

/** Sequence numbers of every event matching the filters, oldest first (evidence export). */
export async function findMatchingSeqs(where: HistoryWhere, limit: number): Promise<bigint[]> {
  const rows = await db.auditEvent.findMany({ where: historyWhere(where), orderBy: { seq: "asc" }, take: limit, select: { seq: true } });
  return rows.map((row) => row.seq);
}

export function findEvent(seq: bigint) {
  return db.auditEvent.findUnique({ where: { seq } });
}

/** What history a person may see when they may not read it all: the accounts they own, the requests they made. */
export async function findHistoryScope(userId: string): Promise<HistoryScope> {
  const [owned, requests, accessRequests] = await Promise.all([
    db.accountOwner.findMany({ where: { userId }, select: { accountId: true } }),
    db.accountRequest.findMany({ where: { requesterId: userId }, select: { id: true } }),
    db.accessRequest.findMany({ where: { requesterId: userId }, select: { id: true } }),
  ]);
  return { userId, accountIds: owned.map((owner) => owner.accountId), requestIds: [...requests, ...accessRequests].map((request) => request.id) };
}

/** An account by id, member UIN or name (the history's account filter accepts any of them). */
export function findAccountRef(text: string) {
  return db.account.findFirst({
    where: { OR: [{ id: text }, { memberUin: text }, { name: text }] },
    select: { id: true, memberUin: true, name: true },
  });
}

/** A unit and every unit below it. */
export async function findUnitSubtreeIds(unitId: string): Promise<string[]> {
  const units = await db.unit.findMany({ where: { path: { contains: `/${unitId}/` } }, select: { id: true } });
  return units.map((unit) => unit.id);
}

export function findHistoryFilterOptions() {
  return Promise.all([
    db.user.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, email: true } }),
    db.unit.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, path: true } }),
  ]);
}

/**
 * Turns URL filters into a query for the data layer, scoped to what the actor may see. Values that name nothing
 * (an unknown account) are reported in `ignored` instead of silently matching nothing.
 */
export async function resolveHistoryFilters(actor: Actor, filters: HistoryFilters) {
  const where: HistoryWhere = {
    actorId: filters.actor,
    action: filters.action,
    from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    // "to" is inclusive: the whole day.
    to: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS) : undefined,
    text: filters.q || undefined,
  };
  const ignored: string[] = [];
  if (filters.account) {
    const account = await findAccountRef(filters.account);
    // An account that no longer exists is still in the history: match the text as an id or UIN.
    where.account = account ? { id: account.id, uin: account.memberUin } : { id: filters.account, uin: filters.account };
  }
  if (filters.unit) {
    const unitIds = await findUnitSubtreeIds(filters.unit);
    if (unitIds.length > 0) where.unitIds = unitIds;
    else ignored.push(`unit=${filters.unit}`);
  }
  if (!canReadAllHistory(actor)) where.visibleTo = await findHistoryScope(actor.userId);
  return { where, ignored };
}

