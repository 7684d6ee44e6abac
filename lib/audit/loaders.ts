import "server-only";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AUDIT_ACTIONS } from "@/lib/core/audit-actions";
import { keyIdOf, publicKeyPem } from "@/lib/core/audit-checkpoint";
import { env } from "@/lib/core/env";
import { AREA_ROLES } from "@/lib/core/roles";
import { describeIgnored, firstSearchValues, type SearchParams } from "@/lib/core/validation";
import { canReadAllHistory, canVerifyAndExport, isInHistoryScope } from "./ability";
import { findEvent, findHistoryFilterOptions, findHistoryPage, findHistoryScope, findLatestCheckpoint, resolveHistoryFilters } from "./data";
import { historyQuerySchema } from "./schema";

export const HISTORY_PAGE_SIZE = 50;

export async function loadHistory(searchParams: SearchParams) {
  const actor = await requirePageActor(...AREA_ROLES.audit);
  const { values: raw, repeated } = firstSearchValues(searchParams);
  const query = historyQuerySchema.parse(raw);
  const { before, after, ...filters } = query;
  const { where, ignored } = await resolveHistoryFilters(actor, filters);
  for (const [key, value] of repeated) ignored.push(describeIgnored(key, value));
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in historyQuerySchema.shape) || query[key as keyof typeof query] === undefined) ignored.push(describeIgnored(key, value));
  }
  const [page, [people, units], checkpoint] = await Promise.all([
    findHistoryPage(where, { before, after }, HISTORY_PAGE_SIZE),
    findHistoryFilterOptions(),
    findLatestCheckpoint(),
  ]);
  const key = env.AUDIT_SIGNING_KEY;
  return {
    filters,
    ignored,
    page: {
      ...page,
      rows: page.rows.map((row) => ({ ...row, seq: String(row.seq), occurredAt: row.occurredAt.toISOString() })),
    },
    scope: canReadAllHistory(actor) ? ("all" as const) : ("own" as const),
    canVerifyAndExport: canVerifyAndExport(actor),
    options: {
      people,
      units: units.map((unit) => ({ id: unit.id, name: unit.name, depth: unit.path.split("/").length - 3 })),
      actions: Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })),
    },
    signing: key
      ? {
          keyId: keyIdOf(key),
          publicKeyPem: publicKeyPem(key),
          latestCheckpoint: checkpoint ? { seq: String(checkpoint.seq), signedAt: checkpoint.signedAt.toISOString() } : null,
        }
      : null,
  };
}

/** One event, if the actor may see it; null otherwise (the page says "not found" either way). */
export async function loadEvent(seqText: string) {
  const actor = await requirePageActor(...AREA_ROLES.audit);
  if (!/^\d{1,18}$/.test(seqText)) return null;
  const event = await findEvent(BigInt(seqText));
  if (!event) return null;
  if (!canReadAllHistory(actor)) {
    if (!isInHistoryScope(await findHistoryScope(actor.userId), event)) return null;
  }
  return { ...event, seq: String(event.seq), occurredAt: event.occurredAt.toISOString() };
}
