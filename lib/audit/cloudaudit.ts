import "server-only";
import { z } from "zod";
import { appendAuditEvent, SYSTEM_STAMP, type AuditEventInput, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { toAppError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { logger } from "@/lib/core/logger";
import { lookUpAuditEvents } from "@/lib/tencentcloud/pagination";
import type { AccountScope, ResponseOf, TencentGateway } from "@/lib/tencentcloud/types";
import { secretIdFingerprint } from "@/lib/tencentcloud/utils";

// Imports CloudAudit history (LookUpEvents) of the management account and every member account into the audit
// chain. Deliberate deviation from the file vocabulary: the import reads and writes Prisma itself because it is
// one job (pull, store, move the cursor), not a request-facing read or a user's mutation.

type CloudAuditEvent = NonNullable<ResponseOf<"cloudaudit", "LookUpEvents">["Events"]>[number];

/** Setting row holding, per account UIN, the end of the last window imported without error. */
export const CLOUDAUDIT_CURSOR_KEY = "audit.cloudaudit.cursor";
/** LookUpEvents searches only the last 7 days; stay a few minutes inside so a slow run is not refused. */
const SEARCH_WINDOW_MS = 7 * 86_400_000 - 10 * 60_000;
/**
 * Each window starts this long before the previous one ended: CloudAudit delivers events some minutes after they
 * happen, and the EventId dedupe drops what was already stored.
 */
const WINDOW_OVERLAP_MS = 30 * 60_000;
/** Events appended per transaction: one LookUpEvents page. */
const BATCH_SIZE = 50;
/** Accounts looked up at once; each has its own rate limit, the chain's append lock serializes the writes. */
const CONCURRENCY = 4;

const cursorSchema = z.object({ accounts: z.record(z.string(), z.iso.datetime()).default({}) });
type Cursor = z.infer<typeof cursorSchema>;

interface AccountRef {
  uin: string;
  id: string | null;
  unitId: string | null;
  management: boolean;
}

export interface AccountImport {
  uin: string;
  accountId: string | null;
  from: string;
  to: string;
  /** Events returned by CloudAudit in the window. */
  seen: number;
  /** New events appended to the chain. */
  stored: number;
  /** Already in the chain (overlapping windows, re-runs). */
  duplicates: number;
  /** Events without an EventId, which cannot be deduplicated and are not stored. */
  skipped: number;
}

export interface AccountFailure {
  uin: string;
  accountId: string | null;
  code: string;
  tencentCode: string | null;
  requestId: string | null;
  message: string;
}

export interface CloudAuditImportResult {
  until: string;
  accounts: AccountImport[];
  failures: AccountFailure[];
  stored: number;
  duplicates: number;
  /** Sequence of the "audit.import" event that records this run. */
  importEventSeq: string | null;
}

/**
 * Pulls LookUpEvents for the management account and each member account (through its access role), from the
 * account's last imported window end (minus an overlap; 7 days back for an account never imported) to `until`,
 * and appends every event not yet recorded. An account that fails (role not assumable, Tencent error) is recorded
 * in the run's "audit.import" event and retried from its old cursor next time; the others proceed. Throws only
 * when every account failed, so the job is retried.
 *
 * `since` overrides every account's window start (still clamped to CloudAudit's 7-day search window).
 */
export async function importCloudAuditEvents(options: {
  gateway: TencentGateway;
  since?: Date;
  until?: Date;
  now?: Date;
  requestedBy?: string | null;
}): Promise<CloudAuditImportResult> {
  const now = options.now ?? new Date();
  const until = options.until ?? now;
  const oldest = new Date(now.getTime() - SEARCH_WINDOW_MS);
  const accounts = await findImportAccounts();
  if (accounts.length === 0) {
    // Nothing to read before the organization is known (no seed or sync yet); not worth a history entry.
    logger.info("cloudaudit import skipped: no organization or member account in the database");
    return { until: until.toISOString(), accounts: [], failures: [], stored: 0, duplicates: 0, importEventSeq: null };
  }
  const cursor = await readCursor();

  const imported: AccountImport[] = [];
  const failures: AccountFailure[] = [];
  await forEachConcurrently(accounts, CONCURRENCY, async (account) => {
    const last = cursor.accounts[account.uin];
    const start = options.since ?? (last ? new Date(new Date(last).getTime() - WINDOW_OVERLAP_MS) : oldest);
    const from = start < oldest ? oldest : start;
    try {
      const scope = account.management ? options.gateway : options.gateway.inAccount(account.uin);
      imported.push(await importAccountWindow(scope, account, from, until));
    } catch (error) {
      const appError = toAppError(error);
      logger.warn("cloudaudit import of an account failed", {
        uin: account.uin,
        code: appError.code,
        tencentCode: appError.details.tencentCode,
        requestId: appError.details.requestId,
        error: error instanceof Error ? error.message : String(error),
      });
      failures.push({
        uin: account.uin,
        accountId: account.id,
        code: appError.code,
        tencentCode: appError.details.tencentCode ?? null,
        requestId: appError.details.requestId ?? null,
        message: appError.message,
      });
    }
  });

  const byUin = (a: { uin: string }, b: { uin: string }) => a.uin.localeCompare(b.uin);
  imported.sort(byUin);
  failures.sort(byUin);
  const stored = imported.reduce((sum, account) => sum + account.stored, 0);
  const duplicates = imported.reduce((sum, account) => sum + account.duplicates, 0);
  if (imported.length === 0) {
    const first = failures[0];
    throw new Error(`CloudAudit import failed for all ${accounts.length} accounts (first: ${first?.uin} ${first?.tencentCode ?? first?.code})`);
  }

  // The run's record and the moved cursor commit together: a window counts as imported only if it is recorded.
  const record = await db.$transaction(async (tx) => {
    const event = await appendAuditEvent(tx, SYSTEM_STAMP, {
      action: "audit.import",
      target: { type: "cloudaudit", id: null },
      payload: {
        until: until.toISOString(),
        requestedBy: options.requestedBy ?? null,
        accountsChecked: accounts.length,
        stored,
        duplicates,
        // Only accounts with something to say, so a run over 1,000 quiet accounts stays a small row.
        accounts: imported.filter((account) => account.seen > 0),
        failures,
      },
    });
    await writeCursor(tx, Object.fromEntries(imported.map((account) => [account.uin, account.to])));
    return event;
  });

  return { until: until.toISOString(), accounts: imported, failures, stored, duplicates, importEventSeq: record ? String(record.seq) : null };
}

async function importAccountWindow(scope: AccountScope, account: AccountRef, from: Date, until: Date): Promise<AccountImport> {
  const result: AccountImport = { uin: account.uin, accountId: account.id, from: from.toISOString(), to: until.toISOString(), seen: 0, stored: 0, duplicates: 0, skipped: 0 };
  let batch: CloudAuditEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    // LookUpEvents answers newest first; the chain gets each batch in the order things happened.
    const events = batch.map((event) => toAuditEvent(event, account)).sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
    batch = [];
    await db.$transaction(async (tx) => {
      for (const { stamp, event } of events) {
        if ((await appendAuditEvent(tx, stamp, event)) === null) result.duplicates += 1;
        else result.stored += 1;
      }
    });
  };
  const filter = { StartTime: Math.floor(from.getTime() / 1000), EndTime: Math.floor(until.getTime() / 1000) };
  for await (const event of lookUpAuditEvents(scope, filter)) {
    result.seen += 1;
    if (!event.EventId) {
      result.skipped += 1;
      continue;
    }
    batch.push(event);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  return result;
}

/** One CloudAudit event as an audit-chain event, attributed to the Tencent principal that acted. */
function toAuditEvent(event: CloudAuditEvent, account: AccountRef): { stamp: AuditStamp; event: AuditEventInput & { occurredAt: Date } } {
  const occurredAt = parseEventTime(event.EventTime);
  const detail = parseDetail(event.CloudAuditEvent);
  return {
    stamp: {
      actor: { type: "TENCENT", id: null, label: event.Username || account.uin },
      clientIp: event.SourceIPAddress || null,
    },
    event: {
      action: `cloud.${event.EventName || "Unknown"}`,
      target: { type: event.Resources?.ResourceType || "cloud", id: event.Resources?.ResourceName || null },
      account: { id: account.id, uin: account.uin, unitId: account.unitId },
      tencentRequestIds: event.RequestID ? [event.RequestID] : [],
      source: "CLOUDAUDIT",
      externalId: event.EventId ?? null,
      occurredAt: occurredAt ?? new Date(),
      payload: {
        eventSource: event.EventSource ?? null,
        eventRegion: event.EventRegion ?? null,
        resourceRegion: event.ResourceRegion ?? null,
        resourceType: event.Resources?.ResourceType ?? null,
        resourceName: event.Resources?.ResourceName ?? null,
        actionType: typeof detail?.actionType === "string" ? detail.actionType : null,
        errorCode: event.ErrorCode ?? null,
        errorMessage: typeof detail?.errorMessage === "string" ? detail.errorMessage : null,
        sourceIp: event.SourceIPAddress || null,
        location: event.Location || null,
        // The key id, as its fingerprint: temporary keys Lattice issued must not be stored, even by their id.
        secretIdFingerprint: event.SecretId ? secretIdFingerprint(event.SecretId) : null,
        accountId: event.AccountID === undefined ? null : String(event.AccountID),
        // Kept when it could not be read, so the original stays visible.
        ...(occurredAt ? {} : { eventTime: event.EventTime ?? null }),
      },
    },
  };
}

/**
 * EventTime as Tencent documents it is a string; seen as epoch seconds and as "YYYY-MM-DD HH:MM:SS". The latter
 * is read as UTC, as the emulator writes it (UNCONFIRMED for the live service: docs/worker.md, "Assumptions").
 */
function parseEventTime(value: string | undefined): Date | null {
  if (!value) return null;
  const trimmed = value.trim();
  const date = /^\d{9,11}$/.test(trimmed)
    ? new Date(Number(trimmed) * 1000)
    : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(trimmed) ? trimmed.replace(" ", "T") : `${trimmed.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parseDetail(value: string | undefined): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The management account (from the organization) and every member account with a UIN. Closed accounts have left
 * the organization, so their role cannot be assumed; their history stays in the chain.
 */
async function findImportAccounts(): Promise<AccountRef[]> {
  const [organizations, members] = await Promise.all([
    db.organization.findMany({ select: { managementUin: true }, orderBy: { createdAt: "asc" } }),
    db.account.findMany({
      where: { memberUin: { not: null }, status: { not: "CLOSED" } },
      select: { id: true, memberUin: true, unitId: true },
      orderBy: { memberUin: "asc" },
    }),
  ]);
  return [
    ...organizations.map((organization) => ({ uin: organization.managementUin, id: null, unitId: null, management: true })),
    ...members.flatMap((member) => (member.memberUin ? [{ uin: member.memberUin, id: member.id, unitId: member.unitId, management: false }] : [])),
  ];
}

async function readCursor(): Promise<Cursor> {
  const row = await db.setting.findUnique({ where: { key: CLOUDAUDIT_CURSOR_KEY } });
  const parsed = cursorSchema.safeParse(row?.value ?? {});
  // A damaged cursor only costs a re-read of the last 7 days; the dedupe keeps the chain free of duplicates.
  return parsed.success ? parsed.data : { accounts: {} };
}

/** Moves the cursor of the given accounts forward (never back, should two runs overlap). */
async function writeCursor(tx: Prisma.TransactionClient, ends: Record<string, string>) {
  // Locks the row so overlapping runs merge their cursors instead of overwriting each other.
  await tx.$executeRaw`INSERT INTO public.setting (key, value, updated_at) VALUES (${CLOUDAUDIT_CURSOR_KEY}, '{"accounts":{}}'::jsonb, now()) ON CONFLICT (key) DO NOTHING`;
  await tx.$queryRaw`SELECT key FROM public.setting WHERE key = ${CLOUDAUDIT_CURSOR_KEY} FOR UPDATE`;
  const row = await tx.setting.findUnique({ where: { key: CLOUDAUDIT_CURSOR_KEY } });
  const parsed = cursorSchema.safeParse(row?.value ?? {});
  const accounts = parsed.success ? { ...parsed.data.accounts } : {};
  for (const [uin, end] of Object.entries(ends)) {
    const current = accounts[uin];
    if (!current || new Date(current) < new Date(end)) accounts[uin] = end;
  }
  const value: Prisma.InputJsonObject = { accounts };
  await tx.setting.update({ where: { key: CLOUDAUDIT_CURSOR_KEY }, data: { value } });
}

async function forEachConcurrently<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
