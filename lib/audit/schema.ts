import { z } from "zod";
import { idSchema as id, searchTextSchema, SINGLE_LINE } from "@/lib/core/validation";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));
const seq = z.string().regex(/^\d{1,18}$/).transform((value) => BigInt(value));

/**
 * Filters and cursor of the audit history, as they appear in the URL. Unknown values fall back to "no filter", so
 * a hand-edited URL never breaks the page (the page lists what it ignored).
 */
export const historyQuerySchema = z.object({
  /** A person (user id). */
  actor: id.optional().catch(undefined),
  // "domain.verb" in camelCase ("accountRequest.approve"), or "cloud.<EventName>".
  action: z.string().regex(/^[a-z][A-Za-z]*\.[A-Za-z]+$/).max(80).optional().catch(undefined),
  /** An account id, member UIN or account name. */
  account: z.string().trim().min(1).max(64).regex(SINGLE_LINE).optional().catch(undefined),
  /** A unit id: events of accounts in it or any unit below it. */
  unit: id.optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  q: searchTextSchema.optional().catch(undefined),
  /** Cursor: events older than this sequence number … */
  before: seq.optional().catch(undefined),
  /** … or newer than this one. */
  after: seq.optional().catch(undefined),
});

export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** The filter part of a history query, which the evidence export takes too. */
export type HistoryFilters = Omit<HistoryQuery, "before" | "after">;
