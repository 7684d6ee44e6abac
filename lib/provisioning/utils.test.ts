import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/errors";
import { PROVISIONING_STEPS } from "./constants";
import { Batcher, classifyFailure, diffSets, diffTags, parseRequestTags, pollDelay, remainingSteps, StepNotReadyError, toTencentTags } from "./utils";

const tencent = (code: AppError["code"], tencentCode: string, message = "msg") =>
  new AppError(code, undefined, { tencentCode, requestId: "req-1" }, { cause: new Error(message) });

describe("classifyFailure", () => {
  it("treats rejections a repeat cannot fix as permanent, with a hint, Tencent's code, message and RequestId", () => {
    for (const code of ["FailedOperation.OrganizationMemberNameUsed", "LimitExceeded.OrganizationMemberOverLimit", "InvalidParameterValue"]) {
      const failure = classifyFailure(tencent("CONFLICT", code, `Tencent said ${code}`));
      expect(failure).toMatchObject({ permanent: true, code, message: `Tencent said ${code}`, requestId: "req-1" });
      expect(failure.hint).toBeTruthy();
    }
  });

  it("lets throttling, lost answers, unknown failures, waits and our own errors be retried", () => {
    expect(classifyFailure(tencent("RATE_LIMITED", "RequestLimitExceeded")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "InternalError")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "HTTP_502")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "NETWORK")).permanent).toBe(false);
    expect(classifyFailure(tencent("UPSTREAM", "FailedOperation.Something")).permanent).toBe(false);
    expect(classifyFailure(tencent("NOT_FOUND", "ResourceNotFound.UserNotExist")).permanent).toBe(false);
    expect(classifyFailure(new StepNotReadyError("member not ready"))).toMatchObject({ permanent: false, code: "UPSTREAM" });
    expect(classifyFailure(new Error("database went away"))).toMatchObject({ permanent: false, code: "INTERNAL", message: "database went away" });
  });
});

describe("pure helpers", () => {
  it("resumes at the first unfinished step, in order", () => {
    expect(remainingSteps(new Set())).toEqual([...PROVISIONING_STEPS]);
    expect(remainingSteps(new Set(["CREATE_MEMBER", "WAIT_UNTIL_READY", "AUTHORIZE_IDENTITIES"]))).toEqual([
      "MOVE_TO_UNIT",
      "ATTACH_BASELINE_POLICIES",
      "OWNER_ACCESS",
      "SECURITY_SWEEP",
      "ACTIVATE",
    ]);
    expect(remainingSteps(new Set(PROVISIONING_STEPS))).toEqual([]);
  });

  it("maps tags both ways and reports differences", () => {
    expect(toTencentTags({ b: "2", a: "1" })).toEqual([{ TagKey: "a", TagValue: "1" }, { TagKey: "b", TagValue: "2" }]);
    expect(parseRequestTags({ a: "1", n: 2, x: null })).toEqual({ a: "1" });
    expect(parseRequestTags(["a"])).toEqual({});
    expect(diffTags({ a: "1", b: "2", c: "3" }, { a: "1", b: "x" })).toEqual([
      { kind: "tag-mismatch", subject: "b", expected: "2", actual: "x" },
      { kind: "tag-missing", subject: "c", expected: "3" },
    ]);
    expect(diffSets(["u1", "u2"], ["u2", "u3"], { missing: "owner-missing", unexpected: "owner-unexpected" })).toEqual([
      { kind: "owner-missing", subject: "u1" },
      { kind: "owner-unexpected", subject: "u3" },
    ]);
  });

  it("derives poll delays", () => {
    expect([0, 1, 2, 3, 10].map((attempt) => pollDelay(attempt, 1000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
class ItemError extends Error {}

describe("Batcher", () => {
  it("coalesces items submitted within the window into one call, with each caller getting its own result", async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        calls.push(items);
        return items.map((item) => item * 10);
      },
      { windowMs: 20, maxSize: 50 },
    );
    const results = await Promise.all([1, 2, 3].map((item) => batcher.submit(item)));
    expect(results).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it("cuts batches at maxSize by the items' sizes, and sends a full batch without waiting for the window", async () => {
    const calls: string[][] = [];
    const batcher = new Batcher<string, string>(
      async (items) => {
        calls.push(items);
        return items;
      },
      { windowMs: 10_000, maxSize: 5, sizeOf: (item) => item.length, maxInFlight: 4 },
    );
    const started = Date.now();
    await Promise.all(["aa", "bb", "c", "dd", "eee"].map((item) => batcher.submit(item)));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toEqual([["aa", "bb", "c"], ["dd", "eee"]]);
  });

  it("collects what arrives while a batch is in flight and sends it together next", async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        calls.push(items);
        await sleep(50);
        return items;
      },
      { windowMs: 1, maxSize: 50 },
    );
    const first = batcher.submit(1);
    await sleep(10);
    const rest = [2, 3, 4].map((item) => batcher.submit(item));
    await Promise.all([first, ...rest]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it("splits a batch that one item's bad input rejected, so only that item fails", async () => {
    const calls: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        calls.push(items);
        if (items.includes(3)) throw new ItemError("item 3 is invalid");
        return items;
      },
      { windowMs: 5, maxSize: 50, isItemError: (error) => error instanceof ItemError },
    );
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((item) => batcher.submit(item)));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ItemError);
    expect(calls[0]).toEqual([1, 2, 3, 4, 5]);
    // Halved until the bad item is alone: no item succeeds twice.
    const succeeded = calls.filter((batch) => !batch.includes(3)).flat().sort();
    expect(succeeded).toEqual([1, 2, 4, 5]);
  });

  it("fails every item of the batch, without splitting, on an error that is not an item's (throttling, 5xx)", async () => {
    let calls = 0;
    const batcher = new Batcher<number, number>(
      async () => {
        calls += 1;
        throw new Error("InternalError");
      },
      { windowMs: 5, maxSize: 50, isItemError: (error) => error instanceof ItemError },
    );
    const results = await Promise.allSettled([1, 2, 3].map((item) => batcher.submit(item)));
    expect(results.every((result) => result.status === "rejected")).toBe(true);
    expect(calls).toBe(1);
  });

  it("rejects every item when run returns the wrong number of results", async () => {
    const batcher = new Batcher<number, number>(async () => [1], { windowMs: 5, maxSize: 50 });
    const results = await Promise.allSettled([1, 2].map((item) => batcher.submit(item)));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("Batcher with minIntervalMs", () => {
  // On a fake clock: the pacing is the behaviour under test, and a busy machine must not move real timers.
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] }));
  afterEach(() => vi.useRealTimers());

  it("sends a lone item after the short window, and under load gathers items for the interval into one call", async () => {
    const calls: { items: number[]; at: number }[] = [];
    const started = performance.now();
    const batcher = new Batcher<number, number>(
      async (items) => {
        calls.push({ items, at: performance.now() - started });
        return items;
      },
      { windowMs: 5, maxSize: 50, minIntervalMs: 200 },
    );
    const first = batcher.submit(0);
    await vi.advanceTimersByTimeAsync(5);
    await first;
    expect(calls[0]!.at).toBe(5);
    // Arriving one every 20 ms right after a batch: they wait for the interval and go together.
    const rest: Promise<number>[] = [];
    for (let item = 1; item <= 5; item += 1) {
      rest.push(batcher.submit(item));
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all(rest);
    expect(calls.map((call) => call.items)).toEqual([[0], [1, 2, 3, 4, 5]]);
    expect(calls[1]!.at - calls[0]!.at).toBe(200);
  });
});
