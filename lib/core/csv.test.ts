import { describe, expect, it } from "vitest";
import { csvCell, spreadsheetCsv } from "./csv";

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });
});

describe("spreadsheetCsv", () => {
  it("writes a header and rows, and defuses text a spreadsheet would run as a formula", () => {
    const csv = spreadsheetCsv(["name", "value"], [["=HYPERLINK(\"x\")", 3], ["-2+3", -1], ["ok", "@sum"]]);
    expect(csv).toBe('name,value\n"\'=HYPERLINK(""x"")",3\n\'-2+3,-1\nok,\'@sum\n');
  });
});
