import "server-only";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { getActor, getSessionState } from "./auth";
import { AppError } from "./errors";
import { hasRole, type Actor, type Role } from "./roles";

/** The path (and query) of the current request, set by proxy.ts, so sign-in can return to it. */
async function currentPath(): Promise<string> {
  return (await headers()).get("x-lattice-path") ?? "/accounts";
}

/**
 * For pages: the signed-in actor, or a redirect to sign-in that comes back here. With `roles`, people without one
 * of them get the 403 page. Every restricted page calls this itself; layouts and the proxy are not enough.
 */
export async function requirePageActor(...roles: Role[]): Promise<Actor> {
  const { actor, ended } = await getSessionState();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(await currentPath())}${ended ? "&error=SessionEnded" : ""}`);
  if (roles.length > 0 && !hasRole(actor, ...roles)) forbidden();
  return actor;
}

/** For actions and route handlers: the signed-in actor, or an UNAUTHENTICATED error. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("UNAUTHENTICATED");
  return actor;
}
