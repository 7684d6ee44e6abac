import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { Client as OrganizationClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_client.js";
import { loopbackAgent } from "../lib/tencentcloud/utils";

/** Demo people (subjects of the local identity provider; see README, "Demo people"). */
export const PEOPLE = {
  admin: "demo-priya",
  approver: "demo-alex",
  security: "demo-mei",
  auditor: "demo-jordan",
  requester: "demo-dana",
  owner: "demo-tom",
  inactive: "demo-victor",
  unknownGroup: "demo-casey",
  noEmail: "demo-noemail",
} as const;

export const DEMO_PASSWORD = "lattice-demo";
export const DEMO_OTP = "246810";

/** Fills the demo identity provider's form (the browser must be on it). */
export async function answerIdp(page: Page, subject: string, options: { mfa?: boolean } = {}) {
  await page.waitForURL(/\/interaction\//);
  await page.locator("#subject").selectOption(subject);
  await page.locator("#password").fill(DEMO_PASSWORD);
  if (options.mfa) await page.locator("#otp").fill(DEMO_OTP);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the real SSO flow (Lattice → identity provider → Lattice) and lands on `path`. */
export async function signIn(page: Page, subject: string, options: { mfa?: boolean; path?: string } = {}) {
  const path = options.path ?? "/accounts";
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await answerIdp(page, subject, options);
  await page.waitForURL((url) => url.pathname === path.split("?")[0]);
}

/** A page of its own (a separate browser context: its own cookies), signed in as `subject`, on `path`. */
export async function signedInPage(browser: Browser, subject: string, path: string, mfa = false) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, subject, { mfa, path });
  return page;
}

/** The emulator's organization, read with the real SDK and the management credentials `npm test` gave the worker. */
export function emulatorOrganization() {
  const { TENCENTCLOUD_SECRET_ID: secretId, TENCENTCLOUD_SECRET_KEY: secretKey, TENCENTCLOUD_EMULATOR_PORT: port } = process.env;
  if (!secretId || !secretKey || !port) throw new Error("npm test starts the Tencent Cloud emulator for e2e; run the journeys through it");
  return new OrganizationClient({
    credential: { secretId, secretKey },
    region: "",
    profile: { httpProfile: { endpoint: `organization.intl.tencentcloudapi.com:${port}`, protocol: "http://", agent: loopbackAgent() } },
  });
}

/** The server actions the build serves, from Next's manifest (what a forged POST can target). */
export function builtActions() {
  const serverDir = path.join(process.cwd(), ".next", "server");
  const manifest = JSON.parse(readFileSync(path.join(serverDir, "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    key: `${entry.filename}#${entry.exportedName}`,
    filename: entry.filename,
    exportedName: entry.exportedName,
    // Any page that bundles the action can receive it; prefer a real page over Next's internal ones.
    page: urlPath(Object.keys(entry.workers).find((worker) => !worker.startsWith("app/_")) ?? "/page"),
  }));
}

export type BuiltAction = ReturnType<typeof builtActions>[number];

/** "/admin/users/page" or "app/admin/users/page" → "/admin/users"; dynamic segments get a harmless value. */
export function urlPath(appPath: string): string {
  const trimmed = appPath.replace(/^app\//, "/").replace(/\/(page|route)$/, "").replace(/\[[^\]]+\]/g, "x");
  return trimmed === "" ? "/" : trimmed;
}

/** POSTs to a server action as a browser would (or a forger would), with the given arguments; returns the body. */
export async function postAction(request: APIRequestContext, baseURL: string, action: BuiltAction, args: unknown) {
  const response = await request.post(`${baseURL}${action.page}`, {
    headers: { "Next-Action": action.id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8", Origin: baseURL },
    data: JSON.stringify([args]),
    maxRedirects: 0,
  });
  return response.text();
}
