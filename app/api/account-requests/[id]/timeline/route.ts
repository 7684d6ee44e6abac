import { loadRequestTimeline } from "@/lib/account-requests/loaders";
import { routeHandler } from "@/lib/core/route";
import { idSchema } from "@/lib/core/validation";

export const dynamic = "force-dynamic";

/** The provisioning timeline of a request the caller may see; the request page polls it. */
export const GET = routeHandler(async (_request, { params }: RouteContext<"/api/account-requests/[id]/timeline">) => {
  const timeline = await loadRequestTimeline(idSchema.parse((await params).id));
  return Response.json(timeline, { headers: { "Cache-Control": "no-store" } });
});
