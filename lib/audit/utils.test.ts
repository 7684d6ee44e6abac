import { describe, expect, it } from "vitest";
import { diffChanges, historyHref } from "./utils";

describe("diffChanges", () => {
  it("lists every field with what changed", () => {
    expect(diffChanges({ active: true, name: "Tom" }, { active: false, name: "Tom" })).toEqual([
      { path: "active", before: "true", after: "false", changed: true },
      { path: "name", before: '"Tom"', after: '"Tom"', changed: false },
    ]);
  });

  it("walks nested objects and arrays, and shows added and removed fields", () => {
    expect(diffChanges({ owners: [{ role: "PRIMARY" }] }, { owners: [{ role: "SECONDARY" }, { role: "PRIMARY" }], tags: {} })).toEqual([
      { path: "owners.0.role", before: '"PRIMARY"', after: '"SECONDARY"', changed: true },
      { path: "owners.1.role", before: "—", after: '"PRIMARY"', changed: true },
      { path: "tags", before: "—", after: "{}", changed: true },
    ]);
  });

  it("handles a missing side", () => {
    expect(diffChanges(undefined, { a: 1 })).toEqual([{ path: "a", before: "—", after: "1", changed: true }]);
  });
});

describe("historyHref", () => {
  it("keeps filters and the cursor and leaves out empty values", () => {
    expect(historyHref("/audit", { action: "user.deactivate", q: "" }, { before: "42" })).toBe("/audit?action=user.deactivate&before=42");
    expect(historyHref("/api/audit/export", {})).toBe("/api/audit/export");
  });
});
