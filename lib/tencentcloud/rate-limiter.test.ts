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

describe("RateWindow send log", () => {
  it("holds back a call whose timer fired late until the window of actual sends has room", () => {
    let now = 0;
    const window = new RateWindow(3, 1000, () => now);
    // Three calls go out at 0, 10 and 20 ms …
    for (const at of [0, 10, 20]) {
      now = at;
      expect(window.waitForRoom()).toBe(0);
      window.recordSend();
    }
    // … a fourth whose pacing slot was long past but which only woke at 500 ms must wait for the first to age out.
    now = 500;
    expect(window.waitForRoom()).toBe(500);
    now = 1000;
    expect(window.waitForRoom()).toBe(0);
  });
});
