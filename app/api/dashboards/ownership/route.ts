import { routeHandler } from "@/lib/core/route";
import { searchParamsFrom } from "@/lib/core/validation";
import { readOwnershipDashboard } from "@/lib/ownership/loaders";

export const dynamic = "force-dynamic";

/** The ownership dashboard for the URL's filters, as JSON (the same parameters as /dashboards/ownership). */
export const GET = routeHandler(async (request: Request) => {
  const dashboard = await readOwnershipDashboard(searchParamsFrom(new URL(request.url).searchParams));
  return Response.json(dashboard, { headers: { "Cache-Control": "no-store" } });
});
