import { describe, expect, it } from "vitest";
import type { DecisionForThreshold, ReviewRules } from "./types";
import { credentialDurationSeconds, describeOutstanding, expiryWarningAt, grantExpiry, outstandingReview, reviewOutcome, windowsOverlap } from "./utils";

const rules = (overrides: Partial<ReviewRules> = {}): ReviewRules => ({ approvalsRequired: 2, reviewers: ["APPROVER"], securityRequired: false, ...overrides });
const approve = (approverId: string, asSecurity = false): DecisionForThreshold => ({ approverId, decision: "APPROVED", asSecurity });

describe("review thresholds", () => {
  it("needs the number of approvals from distinct people", () => {
    expect(reviewOutcome(rules(), [approve("alex")])).toBe("PENDING");
    expect(reviewOutcome(rules(), [approve("alex"), approve("alex")])).toBe("PENDING");
    expect(reviewOutcome(rules(), [approve("alex"), approve("sam")])).toBe("APPROVED");
  });

  it("one denial denies, whatever came before", () => {
    expect(reviewOutcome(rules(), [approve("alex"), { approverId: "sam", decision: "REJECTED", asSecurity: false }])).toBe("REJECTED");
  });

  it("a production request needs a security reviewer among the approvals", () => {
    const prod = rules({ approvalsRequired: 1, securityRequired: true });
    expect(reviewOutcome(prod, [approve("alex")])).toBe("PENDING");
    expect(outstandingReview(prod, [approve("alex")])).toEqual({ approvals: 0, security: true });
    expect(describeOutstanding(outstandingReview(prod, [approve("alex")]))).toBe("1 more approval, one from a security reviewer");
    expect(reviewOutcome(prod, [approve("alex"), approve("mei", true)])).toBe("APPROVED");
    expect(reviewOutcome(prod, [approve("mei", true)])).toBe("APPROVED");
  });

  it("says what is missing", () => {
    expect(describeOutstanding(outstandingReview(rules(), []))).toBe("2 more approvals");
    expect(describeOutstanding(outstandingReview(rules(), [approve("a"), approve("b")]))).toBe("nothing more");
  });
});

describe("duration math", () => {
  const activatedAt = new Date("2026-11-29T10:00:00Z");

  it("the clock starts at activation", () => {
    expect(grantExpiry(activatedAt, 3600).toISOString()).toBe("2026-11-29T11:00:00.000Z");
    expect(expiryWarningAt(grantExpiry(activatedAt, 3600)).toISOString()).toBe("2026-11-29T10:45:00.000Z");
  });

  it("credentials never outlive the grant, are at most 12 hours, and need 15 minutes left", () => {
    const expiresAt = new Date("2026-11-29T11:00:00Z");
    expect(credentialDurationSeconds(expiresAt, new Date("2026-11-29T10:30:00.400Z"))).toBe(1799);
    expect(credentialDurationSeconds(expiresAt, new Date("2026-11-29T10:45:00Z"))).toBe(900);
    expect(credentialDurationSeconds(expiresAt, new Date("2026-11-29T10:45:00.001Z"))).toBeNull();
    expect(credentialDurationSeconds(new Date("2026-11-30T11:00:00Z"), activatedAt)).toBe(43_200);
  });

  it("windows overlap when they share a moment; touching ends do not", () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 10, 29, hour));
    expect(windowsOverlap({ from: at(10), until: at(12) }, { from: at(11), until: at(13) })).toBe(true);
    expect(windowsOverlap({ from: at(10), until: at(12) }, { from: at(12), until: at(13) })).toBe(false);
    expect(windowsOverlap({ from: at(10), until: null }, { from: at(20), until: at(21) })).toBe(true);
  });
});
