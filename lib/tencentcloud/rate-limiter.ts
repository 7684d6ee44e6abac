import { sleep } from "./utils";

/**
 * Keeps calls under `limit` per `windowMs`, measured on the times calls are actually sent.
 *
 * Two layers, because Tencent counts calls by server arrival time in one-second windows:
 * - pacing: call starts are spread evenly, one every `windowMs / limit` ms, so a burst of callers does not leave
 *   at once (its stragglers, slowed by the client's own signing and queueing, would share the next window);
 * - a log of actual send times: a call whose timer fired late (a busy event loop) still waits until fewer than
 *   `limit` calls were sent in the last window, so late calls can never pile onto on-time ones.
 * Each caller reserves its pacing slot at once, so concurrent callers run in order and at the limit.
 */
export class RateWindow {
  private nextStart = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  /** Send times of the last `limit` calls (ring buffer). */
  private readonly sent: number[];
  private sentCount = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = windowMs / limit;
    this.sent = Array.from({ length: limit }, () => Number.NEGATIVE_INFINITY);
  }

  /** Reserves the next paced start and returns how many milliseconds to wait for it. */
  reserve(): number {
    const now = this.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    return start - now;
  }

  /** Milliseconds until one more call fits the window of actual sends (0: send now). */
  waitForRoom(): number {
    const oldest = this.sent[this.sentCount % this.limit] ?? Number.NEGATIVE_INFINITY;
    return Math.max(0, oldest + this.windowMs - this.now());
  }

  /** Records that a call is being sent now. */
  recordSend(): void {
    this.sent[this.sentCount % this.limit] = this.now();
    this.sentCount += 1;
  }
}

/** One window per key (action and calling account), created on first use. */
export class RateLimiter {
  private readonly windows = new Map<string, RateWindow>();

  constructor(private readonly windowMs: number) {}

  async acquire(key: string, limit: number): Promise<void> {
    let window = this.windows.get(key);
    if (!window || window.limit !== limit) {
      window = new RateWindow(limit, this.windowMs);
      this.windows.set(key, window);
    }
    const paced = window.reserve();
    if (paced > 0) await sleep(paced);
    // Callers that wake together are checked one by one: each sees the sends recorded before it.
    for (let room = window.waitForRoom(); room > 0; room = window.waitForRoom()) await sleep(room);
    window.recordSend();
  }
}
