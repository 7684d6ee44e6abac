import { sleep } from "./utils";

/**
 * Paces call starts evenly, one every `windowMs / limit` milliseconds, so that any window of `windowMs` holds at
 * most `limit` of them. Even pacing (rather than letting `limit` calls go at once) matters because Tencent counts
 * calls by server arrival time in fixed one-second windows: a burst of simultaneous calls reaches the server
 * spread out by the client's own signing and queueing, and its stragglers would share a window with the next
 * burst. Each caller reserves its start at once, so concurrent callers queue in order and run at the limit.
 */
export class RateWindow {
  private nextStart = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  constructor(
    readonly limit: number,
    windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = windowMs / limit;
  }

  /** Reserves the next start and returns how many milliseconds to wait for it. */
  reserve(): number {
    const now = this.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    return start - now;
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
    const wait = window.reserve();
    if (wait > 0) await sleep(wait);
  }
}
