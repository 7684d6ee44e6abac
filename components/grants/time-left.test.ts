import { describe, expect, it } from "vitest";
import { timeLeftLabel } from "./time-left";

describe("time left", () => {
  const expiresAt = "2026-11-29T12:00:00.000Z";
  const at = (iso: string) => Date.parse(iso);

  it("counts down in whole minutes, rounded down", () => {
    expect(timeLeftLabel(expiresAt, at("2026-11-29T10:47:30.000Z"))).toBe("1 h 12 min left");
    expect(timeLeftLabel(expiresAt, at("2026-11-29T11:00:00.000Z"))).toBe("1 h left");
    expect(timeLeftLabel(expiresAt, at("2026-11-29T11:45:59.000Z"))).toBe("14 min left");
  });

  it("says when less than a minute is left, and when it has ended", () => {
    expect(timeLeftLabel(expiresAt, at("2026-11-29T11:59:30.000Z"))).toBe("less than a minute left");
    expect(timeLeftLabel(expiresAt, at("2026-11-29T12:00:00.000Z"))).toBe("ended");
    expect(timeLeftLabel(expiresAt, at("2026-11-29T13:00:00.000Z"))).toBe("ended");
  });
});
