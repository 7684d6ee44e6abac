import { describe, expect, it } from "vitest";
import { readGrantsConfig } from "./schema";

describe("access-grant settings", () => {
  it("defaults to reconciling every 15 minutes and waiting a minute for CIC tasks", () => {
    expect(readGrantsConfig({})).toEqual({ reconcileIntervalMinutes: 15, taskTimeoutMs: 60_000, taskPollMs: 1_000 });
    expect(readGrantsConfig({ ACCESS_RECONCILE_INTERVAL_MINUTES: "", ACCESS_TASK_TIMEOUT_SECONDS: "" }).reconcileIntervalMinutes).toBe(15);
  });

  it("reads both settings and names a bad one", () => {
    expect(readGrantsConfig({ ACCESS_RECONCILE_INTERVAL_MINUTES: "60", ACCESS_TASK_TIMEOUT_SECONDS: "120" })).toMatchObject({ reconcileIntervalMinutes: 60, taskTimeoutMs: 120_000 });
    expect(() => readGrantsConfig({ ACCESS_RECONCILE_INTERVAL_MINUTES: "0" })).toThrow(/ACCESS_RECONCILE_INTERVAL_MINUTES: must be at least 1/);
    expect(() => readGrantsConfig({ ACCESS_TASK_TIMEOUT_SECONDS: "soon" })).toThrow(/ACCESS_TASK_TIMEOUT_SECONDS: must be a whole number/);
  });
});
