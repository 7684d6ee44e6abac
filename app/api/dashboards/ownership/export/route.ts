import { csvDownload } from "@/lib/core/csv";
import { routeHandler } from "@/lib/core/route";
import { searchParamsFrom } from "@/lib/core/validation";
import { exportOwnershipCsv } from "@/lib/ownership/loaders";

export const dynamic = "force-dynamic";

/** Every row of the ownership table for the URL's filters, list and sort, as CSV. */
export const GET = routeHandler(async (request: Request) => {
  const { fileName, body } = await exportOwnershipCsv(searchParamsFrom(new URL(request.url).searchParams));
  return csvDownload(fileName, body);
});
