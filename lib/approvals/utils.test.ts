import { describe, expect, it } from "vitest";
import { parseGroupRoles } from "@/lib/core/roles";
import type { ApprovalQueueEntry } from "./types";
import { byAge, candidateActor, slaState } from "./utils";

const now = new Date("2026-11-29T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("slaState", () => {
  it("is overdue past the deadline, due soon within four hours, else on time; none without a deadline", () => {
    expect(slaState(at("2026-11-29T11:59:00Z"), now)).toBe("overdue");
    expect(slaState(now, now)).toBe("overdue");
    expect(slaState(at("2026-11-29T16:00:00Z"), now)).toBe("due-soon");
    expect(slaState(at("2026-11-29T16:01:00Z"), now)).toBe("on-time");
    expect(slaState(null, now)).toBe("none");
  });
});

describe("candidateActor", () => {
  const mapping = parseGroupRoles("eng=requester,approvers=approver,sec=security");
  it("derives roles from groups, and none from unknown groups", () => {
    expect(candidateActor({ id: "u1", name: "A", email: "a@x", groups: ["eng", "approvers"] }, mapping).roles).toEqual(["requester", "approver"]);
    expect(candidateActor({ id: "u2", name: "B", email: "b@x", groups: ["unknown"] }, mapping).roles).toEqual([]);
  });
});

describe("byAge", () => {
  const entry = (reference: string, submittedAt: string) => ({ reference, submittedAt: at(submittedAt) }) as ApprovalQueueEntry;
  it("orders oldest first, then by reference", () => {
    const sorted = [entry("JIT-2", "2026-11-29T10:00:00Z"), entry("AR-9", "2026-11-28T10:00:00Z"), entry("AR-1", "2026-11-29T10:00:00Z")].sort(byAge);
    expect(sorted.map((item) => item.reference)).toEqual(["AR-9", "AR-1", "JIT-2"]);
  });
});
