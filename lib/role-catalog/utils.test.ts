import { describe, expect, it } from "vitest";
import type { RoleContent } from "./types";
import { diffLines, diffRoleContent, formatDuration, isSameContent, normalizeContent } from "./utils";

const POLICY = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cvm:Describe*"], resource: "*" }] });
const CONTENT: RoleContent = {
  name: "Read only",
  description: "Read everything in an account.",
  policyDocuments: [POLICY],
  environments: ["DEV", "PROD"],
  maxDurationSeconds: 3600,
  approvalsRequired: 1,
  reviewers: ["SECURITY", "APPROVER"],
  securityForProd: true,
  breakGlassAllowed: false,
};

describe("formatDuration", () => {
  it("reads as hours and minutes", () => {
    expect(formatDuration(900)).toBe("15 min");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(5400)).toBe("1 h 30 min");
    expect(formatDuration(43_200)).toBe("12 h");
  });
});

describe("content comparison", () => {
  it("orders lists so the same content compares equal", () => {
    expect(normalizeContent(CONTENT)).toMatchObject({ environments: ["PROD", "DEV"], reviewers: ["APPROVER", "SECURITY"] });
    expect(isSameContent(CONTENT, { ...CONTENT, environments: ["PROD", "DEV"] })).toBe(true);
    expect(isSameContent(CONTENT, { ...CONTENT, breakGlassAllowed: true })).toBe(false);
  });
});

describe("diffLines", () => {
  it("marks added and removed lines and keeps context around them", () => {
    expect(diffLines("a\nb\nc", "a\nB\nc")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "B" },
      { kind: "same", text: "c" },
    ]);
    const before = Array.from({ length: 10 }, (_, index) => `line ${index}`).join("\n");
    const after = before.replace("line 8", "line eight");
    expect(diffLines(before, after, 1)).toEqual([
      { kind: "same", text: "…" },
      { kind: "same", text: "line 7" },
      { kind: "removed", text: "line 8" },
      { kind: "added", text: "line eight" },
      { kind: "same", text: "line 9" },
    ]);
    expect(diffLines("same", "same")).toEqual([]);
  });
});

describe("diffRoleContent", () => {
  it("lists changed fields as people read them and policy changes line by line", () => {
    const after: RoleContent = {
      ...CONTENT,
      maxDurationSeconds: 7200,
      environments: ["DEV"],
      breakGlassAllowed: true,
      policyDocuments: [POLICY.replace("cvm:Describe*", "cvm:DescribeInstances"), POLICY],
    };
    const diff = diffRoleContent(CONTENT, after);
    expect(diff.fields).toEqual([
      { field: "environments", before: "Production, Development", after: "Development" },
      { field: "maxDurationSeconds", before: "1 h", after: "2 h" },
      { field: "breakGlassAllowed", before: "No", after: "Yes" },
    ]);
    expect(diff.policies.map((policy) => policy.index)).toEqual([0, 1]);
    expect(diff.policies[0]?.lines.filter((line) => line.kind !== "same")).toEqual([
      { kind: "removed", text: '        "cvm:Describe*"' },
      { kind: "added", text: '        "cvm:DescribeInstances"' },
    ]);
    expect(diff.policies[1]?.lines.every((line) => line.kind === "added")).toBe(true);
  });

  it("is empty for the same content", () => {
    expect(diffRoleContent(CONTENT, { ...CONTENT, reviewers: ["APPROVER", "SECURITY"] })).toEqual({ fields: [], policies: [] });
  });
});
