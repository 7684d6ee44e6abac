import { z } from "zod";
import { loadNameAvailability } from "@/lib/account-requests/loaders";
import { routeHandler } from "@/lib/core/route";
import { idSchema } from "@/lib/core/validation";

export const dynamic = "force-dynamic";

const query = z.object({ name: z.string().min(1).max(64), except: idSchema.optional() });

/** Whether an account name is free (no account, no open request has it): the form checks while you type. */
export const GET = routeHandler(async (request) => {
  const { name, except } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await loadNameAvailability(name, except), { headers: { "Cache-Control": "no-store" } });
});
