import { AppError, toAppError } from "@/lib/core/errors";
import { isTransientFailure } from "@/lib/tencentcloud/utils";
import { PERMANENT_FAILURE_HINTS, PROVISIONING_STEPS } from "./constants";
import type { StepName, SweepFinding } from "./types";

/** How a failed step is reported and whether the job may try again. */
export interface StepFailure {
  /** A repeat cannot succeed: the request fails at once. */
  permanent: boolean;
  /** Tencent's code when Tencent answered, else our AppError code. */
  code: string;
  message: string;
  requestId: string | null;
  /** What a person has to do, for permanent failures. */
  hint: string | null;
}

/**
 * Classifies a step's error. Tencent rejections a repeat cannot fix (name used, quota, invalid values, missing
 * permission) are permanent; throttling, timeouts, 5xx, network and database trouble, and our own bugs are not,
 * so the job is retried and resumes where it stopped.
 */
export function classifyFailure(error: unknown): StepFailure {
  const appError = toAppError(error);
  const tencentCode = appError.details.tencentCode;
  const requestId = appError.details.requestId ?? null;
  const cause = appError.cause instanceof Error ? appError.cause.message : undefined;
  const message = (tencentCode ? cause : undefined) ?? (error instanceof Error ? error.message : String(error));
  if (!tencentCode || error instanceof StepNotReadyError) {
    return { permanent: false, code: tencentCode ?? appError.code, message, requestId, hint: null };
  }
  const transient = isTransientFailure(appError);
  const rule = transient ? undefined : PERMANENT_FAILURE_HINTS.find((candidate) => candidate.match.test(tencentCode));
  return { permanent: rule !== undefined, code: tencentCode, message, requestId, hint: rule?.hint ?? null };
}

/** A wait that ran out of time (member not ready, CIC task still running): retried by the queue, never permanent. */
export class StepNotReadyError extends AppError {
  constructor(what: string) {
    super("UPSTREAM", `Tencent Cloud has not finished: ${what}.`);
  }
}

/** The steps still to run, in order: those not SUCCEEDED. */
export function remainingSteps(done: ReadonlySet<StepName>): StepName[] {
  return PROVISIONING_STEPS.filter((step) => !done.has(step));
}

/** Tencent tag list from a key → value map, sorted so requests are stable. */
export function toTencentTags(tags: Record<string, string>): { TagKey: string; TagValue: string }[] {
  return Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

/** The request's tags as a map, ignoring anything that is not a string value. */
export function parseRequestTags(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** Findings where the member's tags differ from the request's. */
export function diffTags(required: Record<string, string>, actual: Record<string, string>): SweepFinding[] {
  return Object.entries(required).flatMap(([key, value]): SweepFinding[] => {
    if (!(key in actual)) return [{ kind: "tag-missing", subject: key, expected: value }];
    return actual[key] === value ? [] : [{ kind: "tag-mismatch", subject: key, expected: value, actual: actual[key] }];
  });
}

/** Findings where a set differs from the expected one: each missing and each unexpected item. */
export function diffSets(
  expected: Iterable<string>,
  actual: Iterable<string>,
  kinds: { missing: SweepFinding["kind"]; unexpected?: SweepFinding["kind"] },
): SweepFinding[] {
  const want = new Set(expected);
  const have = new Set(actual);
  const findings: SweepFinding[] = [...want].filter((item) => !have.has(item)).map((subject) => ({ kind: kinds.missing, subject }));
  if (kinds.unexpected) {
    const unexpected = kinds.unexpected;
    findings.push(...[...have].filter((item) => !want.has(item)).map((subject) => ({ kind: unexpected, subject })));
  }
  return findings;
}

/** Polling delays: `first`, doubling, at most `max`. */
export function pollDelay(attempt: number, firstMs: number, maxMs = 5_000): number {
  return Math.min(maxMs, firstMs * 2 ** attempt);
}

/** A JSON-safe copy of a step's detail (drops undefined, turns bigint into strings). */
export function toJsonDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(detail, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))) as Record<string, unknown>;
}

export interface BatcherOptions<I> {
  /** How long the first waiting item waits for others before its batch is sent. */
  windowMs: number;
  /** Most items (by `sizeOf`) in one batch, e.g. 50 RoleAssignmentInfo entries. */
  maxSize: number;
  /** An item's share of `maxSize` (default 1); an item larger than `maxSize` goes alone. */
  sizeOf?: (item: I) => number;
  /** Batches in flight at once (default 1): items arriving meanwhile wait and go together in the next one. */
  maxInFlight?: number;
  /**
   * Least time between the starts of two batches (default 0). Under load, items then gather for this long and go
   * in one call; an item arriving after a quiet spell still waits only `windowMs`.
   */
  minIntervalMs?: number;
  /**
   * True for an error that one item of the batch caused (Tencent rejects the whole call for one bad entry): the
   * batch is split in halves and each retried, until the item that causes it fails alone and the others succeed.
   * Any other error (throttling beyond the retries, 5xx, network) fails every item of the batch.
   */
  isItemError?: (error: unknown) => boolean;
}

/**
 * Coalesces concurrent callers' work into fewer calls: items submitted within `windowMs` of each other (or while
 * the previous batch is in flight) are handed to `run` together, which returns one result per item, in order.
 * Each caller gets its own item's result or error, so one request's bad input cannot fail another's.
 */
export class Batcher<I, O> {
  private waiting: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  /** Calls of `run`, including split retries (for tests and metrics). */
  calls = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: BatcherOptions<I>,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waitingSize() >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.onTimer(), Math.max(this.options.windowMs, this.nextStartAllowed() - performance.now()));
    });
  }

  private waitingSize(): number {
    const sizeOf = this.options.sizeOf ?? (() => 1);
    return this.waiting.reduce((sum, entry) => sum + sizeOf(entry.item), 0);
  }

  private nextStartAllowed(): number {
    return this.lastStart + (this.options.minIntervalMs ?? 0);
  }

  private onTimer() {
    this.timer = undefined;
    this.flush();
  }

  /**
   * Sends as many batches as the in-flight limit allows; what is left waits for a batch to finish, or, when the
   * last batch started less than `minIntervalMs` ago and the waiting items do not fill one, for that interval.
   */
  private flush() {
    const sizeOf = this.options.sizeOf ?? (() => 1);
    while (this.waiting.length > 0 && this.inFlight < (this.options.maxInFlight ?? 1)) {
      const wait = this.nextStartAllowed() - performance.now();
      if (wait > 0 && this.waitingSize() < this.options.maxSize) {
        this.timer ??= setTimeout(() => this.onTimer(), wait);
        return;
      }
      const batch: typeof this.waiting = [];
      let size = 0;
      while (this.waiting.length > 0) {
        const next = this.waiting[0]!;
        if (batch.length > 0 && size + sizeOf(next.item) > this.options.maxSize) break;
        batch.push(next);
        size += sizeOf(next.item);
        this.waiting.shift();
      }
      this.inFlight += 1;
      this.lastStart = performance.now();
      void this.execute(batch).finally(() => {
        this.inFlight -= 1;
        // Items that arrived during the call go now if their window is over or the batch is full.
        if (this.waiting.length > 0 && (this.timer === undefined || this.waitingSize() >= this.options.maxSize)) {
          if (this.timer) clearTimeout(this.timer);
          this.timer = undefined;
          this.flush();
        }
      });
    }
    if (this.timer && this.waiting.length === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async execute(batch: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[]): Promise<void> {
    this.calls += 1;
    let results: O[];
    try {
      results = await this.run(batch.map((entry) => entry.item));
      if (results.length !== batch.length) throw new AppError("INTERNAL", `A batch of ${batch.length} returned ${results.length} results.`);
    } catch (error) {
      if (batch.length > 1 && this.options.isItemError?.(error)) {
        const half = Math.ceil(batch.length / 2);
        await Promise.all([this.execute(batch.slice(0, half)), this.execute(batch.slice(half))]);
        return;
      }
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(results[index]!));
  }
}
