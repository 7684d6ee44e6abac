import { describe, expect, it } from "vitest";
import { accessRequestSchema, denyAccessInput } from "./schema";

const now = new Date("2026-11-29T12:00:00Z");
const role = { maxDurationSeconds: 7200, breakGlassAllowed: false };
const valid = {
  roleId: "role_1",
  accountIds: ["acct_1", "acct_2"],
  durationSeconds: 3600,
  startAt: "",
  justification: "Investigate the payment latency incident INC-2211 in prod.",
  ticketUrl: "",
  breakGlass: false,
};

function errors(values: object, limits = role) {
  const result = accessRequestSchema(limits, now).safeParse(values);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("the access request form", () => {
  it("accepts a valid request and reads empty optional fields as absent", () => {
    const result = accessRequestSchema(role, now).parse(valid);
    expect(result.startAt).toBeNull();
    expect(result.ticketUrl).toBeNull();
  });

  it("refuses a duration over the role's maximum, and durations outside CIC's range", () => {
    expect(errors({ ...valid, durationSeconds: 10_800 }).durationSeconds).toBe("This role allows at most 2 h.");
    expect(errors({ ...valid, durationSeconds: 600 }).durationSeconds).toMatch(/At least 15 min/);
    expect(errors({ ...valid, durationSeconds: 3601 }).durationSeconds).toMatch(/Whole minutes/);
  });

  it("refuses a start in the past or too far ahead", () => {
    expect(errors({ ...valid, startAt: "2026-11-29T11:00:00Z" }).startAt).toBe("The start time is in the past.");
    expect(errors({ ...valid, startAt: "2027-02-01T11:00:00Z" }).startAt).toMatch(/at most 30 days/);
    expect(errors({ ...valid, startAt: "2026-11-29T13:00:00+00:00" })).toEqual({});
  });

  it("refuses no account, the same account twice and markup in the justification", () => {
    expect(errors({ ...valid, accountIds: [] }).accountIds).toBe("Choose at least one account.");
    expect(errors({ ...valid, accountIds: ["a", "a"] }).accountIds).toBe("Choose each account once.");
    expect(errors({ ...valid, justification: "<script>alert(1)</script> need access for the incident" }).justification).toMatch(/HTML/);
  });

  it("break-glass only where the role allows it, starting now, with a reason", () => {
    expect(errors({ ...valid, breakGlass: true }).breakGlass).toBe("This role does not allow break-glass access.");
    const allows = { ...role, breakGlassAllowed: true };
    expect(errors({ ...valid, breakGlass: true, startAt: "2026-11-29T13:00:00Z" }, allows).startAt).toMatch(/starts now/);
    expect(errors({ ...valid, breakGlass: true, justification: "prod is down, urgent" }, allows).justification).toMatch(/emergency/);
    expect(errors({ ...valid, breakGlass: true }, allows)).toEqual({});
  });

  it("a denial needs a reason", () => {
    expect(denyAccessInput.safeParse({ requestId: "r1", version: 0, reason: "no" }).success).toBe(false);
    expect(denyAccessInput.safeParse({ requestId: "r1", version: 0, reason: "Use the read-only role instead." }).success).toBe(true);
  });
});
