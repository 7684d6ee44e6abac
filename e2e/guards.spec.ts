import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { builtActions, PEOPLE, postAction, signIn, urlPath, type BuiltAction } from "./fixtures";

// Enumerates what the build actually serves, so a new action, route or page without a check fails CI.
const serverDir = path.join(process.cwd(), ".next", "server");
const appPaths = Object.keys(JSON.parse(readFileSync(path.join(serverDir, "app-paths-manifest.json"), "utf8")) as Record<string, string>);

/** Reachable without signing in, on purpose. */
const PUBLIC_ROUTES = ["/api/auth/[...nextauth]", "/api/health", "/icon.svg"];
const PUBLIC_PAGES = ["/_global-error", "/_not-found", "/signin"];
/** Actions every signed-in person may call (for themselves). Adding one here is a deliberate, reviewed choice. */
const REQUESTER_ACTIONS = [
  "lib/users/actions.ts#signOutEverywhere",
  // Each checks in its authorize hook and mutation that the request is the caller's own.
  "lib/account-requests/actions.ts#saveAccountRequestDraft",
  "lib/account-requests/actions.ts#submitAccountRequest",
  "lib/account-requests/actions.ts#cancelAccountRequest",
  // Anyone may ask for access; cancelling and break-glass check that the request is the caller's own (break-glass
  // also needs MFA and a role that allows it).
  "lib/access/actions.ts#requestAccess",
  "lib/access/actions.ts#requestBreakGlassAccess",
  "lib/access/actions.ts#cancelAccess",
  // Account owners review access to their accounts, so reviewing is open to every role: the authorize hook and the
  // mutation decide eligibility from the database (never the requester) — see the access journeys.
  "lib/access/actions.ts#approveAccessRequest",
  "lib/access/actions.ts#denyAccessRequest",
  // The grantee, an owner of the account or security revokes; only the grantee gets credentials (with MFA).
  "lib/grants/actions.ts#revokeAccessGrant",
  "lib/grants/actions.ts#issueAccessCredentials",
  // Only an active owner of the account confirms its ownership (authorize hook and compare-and-set in the mutation).
  "lib/ownership/actions.ts#confirmAccountOwnership",
];

const routes = appPaths.filter((p) => p.endsWith("/route")).map((p) => p.replace(/\/route$/, ""));
const pages = appPaths.filter((p) => p.endsWith("/page")).map((p) => p.replace(/\/page$/, "") || "/");
const actions = builtActions();

/** The roles an action declares in its source: `export const name = defineAction({ … roles: [ … ] … })`. */
function declaredRoles(filename: string, exportedName: string): string[] {
  const source = readFileSync(path.join(process.cwd(), filename), "utf8");
  const match = new RegExp(`export const ${exportedName} = defineAction\\(\\{[\\s\\S]*?roles: \\[([^\\]]*)\\]`).exec(source);
  if (!match?.[1]) throw new Error(`${filename}#${exportedName} declares no roles`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((role) => role[1]!);
}

function callAction(request: APIRequestContext, baseURL: string, action: BuiltAction) {
  return postAction(request, baseURL, action, { userId: "user_alex" });
}

test("the build has actions, route handlers and pages to check", () => {
  expect(actions.length).toBeGreaterThan(0);
  expect(routes).toContain("/api/health");
  expect(pages).toContain("/accounts");
});

// 405 means the route has no handler for that method at all, which refuses too.
test("every route handler is public on purpose or refuses anonymous callers", async ({ request }) => {
  expect(routes.filter((r) => !PUBLIC_ROUTES.includes(r)).length).toBeGreaterThan(0);
  for (const route of routes.filter((r) => !PUBLIC_ROUTES.includes(r))) {
    for (const method of ["get", "post"] as const) {
      const response = await request[method](urlPath(route), { maxRedirects: 0 });
      expect([401, 403, 405], `${method.toUpperCase()} ${route}`).toContain(response.status());
    }
  }
});

test("every page sends anonymous visitors to sign in", async ({ request }) => {
  for (const page of pages.filter((p) => !PUBLIC_PAGES.includes(p))) {
    const response = await request.get(urlPath(`${page}/page`), { maxRedirects: 0 });
    const location = response.headers().location ?? "";
    // "/" redirects to /accounts first, which then asks for sign-in.
    expect(response.status(), page).toBe(307);
    expect(location, page).toMatch(page === "/" ? /\/accounts$/ : /\/signin\?callbackUrl=/);
  }
});

test("a direct POST to any server action without a session is refused", async ({ request, baseURL }) => {
  for (const action of actions) {
    const body = await callAction(request, baseURL!, action);
    expect(body, action.key).toContain('"code":"UNAUTHENTICATED"');
  }
});

test("a signed-in person without the needed role is refused by every restricted action", async ({ page, baseURL }) => {
  await signIn(page, PEOPLE.requester);
  const requesterActions = actions.filter((action) => declaredRoles(action.filename, action.exportedName).includes("requester"));
  expect(requesterActions.map((action) => action.key).sort()).toEqual([...REQUESTER_ACTIONS].sort());
  for (const action of actions.filter((a) => !REQUESTER_ACTIONS.includes(a.key))) {
    const body = await callAction(page.request, baseURL!, action);
    expect(body, action.key).toContain('"code":"FORBIDDEN"');
  }
});
