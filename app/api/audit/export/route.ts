import { buildEvidenceExport } from "@/lib/audit/export";
import { historyQuerySchema } from "@/lib/audit/schema";
import { requestStamp } from "@/lib/core/audit";
import { requireActor } from "@/lib/core/auth-gate";
import { routeHandler } from "@/lib/core/route";

export const dynamic = "force-dynamic";

export const GET = routeHandler(async (request) => {
  const actor = await requireActor();
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { before: _before, after: _after, ...filters } = historyQuerySchema.parse(params);
  const { filename, zip } = await buildEvidenceExport(actor, await requestStamp(actor), filters);
  return new Response(Buffer.from(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
