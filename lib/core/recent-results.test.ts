import { describe, expect, it } from "vitest";
import { RecentResults } from "./recent-results";

describe("RecentResults", () => {
  it("serves a key's result until it expires, and shares a computation in flight", async () => {
    const cache = new RecentResults<number>(10);
    let computed = 0;
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([cache.get("k", 1000, compute, 0), cache.get("k", 1000, compute, 0)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    expect(await cache.get("k", 1000, compute, 999)).toBe(1);
    expect(await cache.get("k", 1000, compute, 1000)).toBe(2);
  });

  it("computes every time with no lifetime, forgets failures, evicts the oldest and clears", async () => {
    const cache = new RecentResults<string>(2);
    let calls = 0;
    const compute = async () => `v${++calls}`;
    expect(await cache.get("k", 0, compute)).toBe("v1");
    expect(await cache.get("k", 0, compute)).toBe("v2");
    await expect(cache.get("bad", 1000, () => Promise.reject(new Error("down")), 0)).rejects.toThrow("down");
    expect(await cache.get("bad", 1000, async () => "recovered", 1)).toBe("recovered");
    await cache.get("a", 1000, async () => "a", 0);
    await cache.get("b", 1000, async () => "b", 0);
    // "bad" was the oldest of three: evicted.
    expect(await cache.get("bad", 1000, async () => "again", 2)).toBe("again");
    cache.clear();
    expect(await cache.get("a", 1000, async () => "fresh", 3)).toBe("fresh");
  });
});
