import { loadApprovalCount } from "@/lib/approvals/loaders";
import { routeHandler } from "@/lib/core/route";

export const dynamic = "force-dynamic";

/** How many requests wait for the signed-in person (the navigation badge). */
export const GET = routeHandler(async () => Response.json(await loadApprovalCount(), { headers: { "Cache-Control": "no-store" } }));
