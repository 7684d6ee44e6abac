import { loadNameAvailability } from "@/lib/account-requests/loaders";
import { routeHandler } from "@/lib/core/route";

export const dynamic = "force-dynamic";

/** Whether an account name is free (no account, no open request has it): the form checks while you type. */
export const GET = routeHandler(async (request) => {
  const availability = await loadNameAvailability(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(availability, { headers: { "Cache-Control": "no-store" } });
});
