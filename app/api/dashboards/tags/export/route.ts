import { loadTagExport } from "@/lib/compliance/loaders";
import { csvDownload, spreadsheetCsv } from "@/lib/core/csv";
import { routeHandler } from "@/lib/core/route";

export const dynamic = "force-dynamic";

/**
 * CSV of the violations list for the URL's filters (the dashboard's parameters), or of a breakdown with
 * `?table=account|unit|environment|region|key|type`, or of the accounts whose names break the convention with
 * `?table=names`. At most EXPORT_MAX_ROWS rows, in the list's order; the file says so in a last line when it was cut.
 */
export const GET = routeHandler(async (request) => {
  const { fileName, header, rows } = await loadTagExport(new URL(request.url).searchParams);
  return csvDownload(fileName, spreadsheetCsv(header, rows));
});
