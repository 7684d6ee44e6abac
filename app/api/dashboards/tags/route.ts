import { loadTagDashboardForRoute } from "@/lib/compliance/loaders";
import { routeHandler } from "@/lib/core/route";

export const dynamic = "force-dynamic";

/**
 * The whole tag dashboard as JSON for the URL's filters (the same parameters as /dashboards/tags): overall and
 * per-dimension compliance, one page of accounts and of violations, the account-name section, the trend.
 */
export const GET = routeHandler(async (request) => {
  const { dashboard, ignored } = await loadTagDashboardForRoute(new URL(request.url).searchParams);
  return Response.json({ ...dashboard, ignored }, { headers: { "Cache-Control": "no-store" } });
});
