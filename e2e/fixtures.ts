import { expect, type Page } from "@playwright/test";

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
