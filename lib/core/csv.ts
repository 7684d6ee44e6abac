/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab/CR before them) as a formula, so a tag value or
 * account name chosen by anyone could execute in a reviewer's spreadsheet; such text is prefixed with '.
 */
function spreadsheetSafe(value: unknown): unknown {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A CSV document for people to open in a spreadsheet: header line, then one line per row, CRLF-free. */
export function spreadsheetCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map((value) => csvCell(spreadsheetSafe(value))).join(","));
  return `${lines.join("\n")}\n`;
}

/** A download response for a CSV document; the name is sanitized to a safe file name. */
export function csvDownload(fileName: string, body: string): Response {
  const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safeName}"`,
      "Cache-Control": "no-store",
    },
  });
}
