import { routeHandler } from "@/lib/core/route";
import { loadInventoryRunsForRoute } from "@/lib/inventory/loaders";

export const dynamic = "force-dynamic";

/** The current and recent inventory runs (each request is authorized); the inventory page polls it during a run. */
export const GET = routeHandler(async () => {
  return Response.json(await loadInventoryRunsForRoute(), { headers: { "Cache-Control": "no-store" } });
});
