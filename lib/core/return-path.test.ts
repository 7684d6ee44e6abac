import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/admin/users?x=1")).toBe("/admin/users?x=1");
  });
  it("refuses anything that could leave the site", () => {
    for (const evil of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined]) {
      expect(safeReturnPath(evil)).toBe("/accounts");
    }
  });
});
