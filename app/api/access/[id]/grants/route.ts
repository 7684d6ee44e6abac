import { routeHandler } from "@/lib/core/route";
import { idSchema } from "@/lib/core/validation";
import { loadGrantViewsForRoute } from "@/lib/grants/loaders";

export const dynamic = "force-dynamic";

/** The grants of an access request the caller may see; the request page polls it while access is changing. */
export const GET = routeHandler(async (_request, { params }: RouteContext<"/api/access/[id]/grants">) => {
  const grants = await loadGrantViewsForRoute({ requestId: idSchema.parse((await params).id) });
  return Response.json(grants, { headers: { "Cache-Control": "no-store" } });
});
