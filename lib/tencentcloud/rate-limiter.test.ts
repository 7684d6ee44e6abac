import { describe, expect, it } from "vitest";
import { RateWindow } from "./rate-limiter";

describe("RateWindow", () => {
  it("paces a burst evenly so that no one-second window holds more than the limit", () => {
    const window = new RateWindow(20, 1030, () => 0);
    const starts = Array.from({ length: 200 }, () => window.reserve());
    for (const start of starts) {
      // A fixed or sliding one-second window starting at any call's start.
      expect(starts.filter((other) => other >= start && other < start + 1000).length).toBeLessThanOrEqual(20);
    }
    // …and still runs at the limit: 200 calls at 20 per 1.03 s.
    expect(starts.at(-1)).toBeCloseTo((199 * 1030) / 20, 6);
  });

  it("does not hold back calls that arrive slower than the limit", () => {
    let now = 0;
    const window = new RateWindow(10, 1000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(window.reserve()).toBe(0);
      now += 500;
    }
  });
});
