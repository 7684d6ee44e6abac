import { expect, test, type Page } from "@playwright/test";
import { PEOPLE, answerIdp, signIn, signedInPage } from "./fixtures";

function mainNavLinks(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link");
}

test("an anonymous visitor is sent to sign in, and back to the page they asked for", async ({ page }) => {
  await page.goto("/accounts?environment=prod");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccounts%3Fenvironment%3Dprod/);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await answerIdp(page, PEOPLE.requester);
  await expect(page).toHaveURL(/\/accounts\?environment=prod$/);
  await expect(page.getByText(/Showing 1–8 of 8 accounts/)).toBeVisible();
});

test("two people see the navigation their roles allow", async ({ browser }) => {
  const requester = await browser.newPage();
  await signIn(requester, PEOPLE.requester);
  await expect(mainNavLinks(requester)).toHaveText(["Accounts", "Requests", "Access", "Approvals", "Dashboards", "Audit"]);
  await expect(requester.getByTestId("signed-in-name")).toHaveText("Dana Wright");
  await expect(requester.getByRole("list", { name: "Your roles" })).toHaveText(/Requester/);
  // Pages check roles themselves: typing the address does not help.
  const forbidden = await requester.goto("/admin/users");
  expect(forbidden?.status()).toBe(403);
  await expect(requester.getByRole("heading", { name: "Not allowed" })).toBeVisible();

  const auditor = await browser.newPage();
  await signIn(auditor, PEOPLE.auditor);
  await expect(mainNavLinks(auditor)).toHaveText(["Accounts", "Requests", "Access", "Approvals", "Dashboards", "Audit", "Admin"]);
  await expect(auditor.getByRole("list", { name: "Your roles" })).toHaveText(/Auditor/);
  await auditor.goto("/admin/users");
  await expect(auditor.getByRole("table", { name: "People" })).toBeVisible();
  // Auditors read everything and change nothing: no (de)activate buttons.
  await expect(auditor.getByRole("button", { name: /Deactivate/ })).toHaveCount(0);
});

test("an admin without MFA is sent to step up before a sensitive action, then completes it", async ({ page }) => {
  await signIn(page, PEOPLE.admin, { path: "/admin/users" });
  const row = page.getByRole("row", { name: /Nora Lind/ });
  await row.getByRole("button", { name: "Deactivate Nora Lind" }).click();
  await row.getByRole("button", { name: "Confirm: deactivate Nora Lind" }).click();
  await expect(page).toHaveURL(/\/signin\/step-up\?callbackUrl=%2Fadmin%2Fusers/);
  await expect(page.getByRole("main").getByText("priya@lattice.example")).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.getByRole("button", { name: "Confirm with MFA" }).click();
  // The identity provider now insists on the one-time code.
  await expect(page.getByText("Lattice asks you to confirm with MFA")).toBeVisible();
  await answerIdp(page, PEOPLE.admin, { mfa: true });
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("list", { name: "Your roles" })).toContainText("MFA");
  const nora = page.getByRole("row", { name: /Nora Lind/ });
  await nora.getByRole("button", { name: "Deactivate Nora Lind" }).click();
  await nora.getByRole("button", { name: "Confirm: deactivate Nora Lind" }).click();
  await expect(nora).toContainText("Inactive");
  await expect(nora.getByRole("status")).toHaveText("Nora Lind is now inactive; their sessions have ended.");
  await nora.getByRole("button", { name: "Reactivate Nora Lind" }).click();
  await nora.getByRole("button", { name: "Confirm: reactivate Nora Lind" }).click();
  await expect(nora).toContainText("Active");
});

test("confirming with MFA as a different person is refused and does not swap who is signed in", async ({ page }) => {
  await signIn(page, PEOPLE.admin, { path: "/admin/users" });
  await page.goto("/signin/step-up?callbackUrl=%2Fadmin%2Fusers");
  await page.getByRole("button", { name: "Confirm with MFA" }).click();
  // The identity provider suggests the signed-in person; someone else answers instead.
  await expect(page.locator("#subject")).toHaveValue(PEOPLE.admin);
  await answerIdp(page, PEOPLE.approver, { mfa: true });
  await expect(page).toHaveURL(/\/signin\?error=DifferentPerson/);
  await expect(page.getByText("Not confirmed")).toBeVisible();
  await expect(page.getByText(/nothing changed: the person signed in before still is/)).toBeVisible();
  await page.getByRole("link", { name: "Back to where you were" }).click();
  await expect(page.getByTestId("signed-in-name")).toHaveText("Priya Nair");
  await page.goto("/admin/users");
  await expect(page.getByTestId("signed-in-name")).toHaveText("Priya Nair");
});

test("a deactivated person's session stops working at once", async ({ browser }) => {
  const tom = await signedInPage(browser, PEOPLE.owner, "/accounts");
  const admin = await signedInPage(browser, PEOPLE.admin, "/accounts", true);
  await admin.goto("/admin/users");
  const row = admin.getByRole("row", { name: /Tom Becker/ });
  await row.getByRole("button", { name: "Deactivate Tom Becker" }).click();
  await row.getByRole("button", { name: "Confirm: deactivate Tom Becker" }).click();
  await expect(row).toContainText("Inactive");

  // Tom's open tab: his next page load tells him his session has ended, and signing in again is refused.
  await tom.goto("/accounts");
  await expect(tom).toHaveURL(/\/signin\?callbackUrl=%2Faccounts&error=SessionEnded/);
  await expect(tom.getByText(/Your session has ended/)).toBeVisible();
  await tom.getByRole("button", { name: "Sign in with SSO" }).click();
  await answerIdp(tom, PEOPLE.owner);
  await expect(tom.getByText(/has been deactivated/)).toBeVisible();

  await row.getByRole("button", { name: "Reactivate Tom Becker" }).click();
  await row.getByRole("button", { name: "Confirm: reactivate Tom Becker" }).click();
  await expect(row).toContainText("Active");
});

test("signing out everywhere ends every session of that person", async ({ browser }) => {
  const laptop = await signedInPage(browser, PEOPLE.security, "/accounts");
  const phone = await signedInPage(browser, PEOPLE.security, "/accounts");
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/signin\?signedOut=1/);
  await phone.goto("/accounts");
  await expect(phone).toHaveURL(/\/signin\?callbackUrl=/);
});

for (const [who, subject, message] of [
  ["an unknown IdP group", PEOPLE.unknownGroup, "None of your identity-provider groups gives access"],
  ["a missing email claim", PEOPLE.noEmail, "did not share your email address"],
  ["a person deactivated in Lattice", PEOPLE.inactive, "has been deactivated"],
] as const) {
  test(`sign-in with ${who} is refused with a clear message and no session`, async ({ page }) => {
    await page.goto("/accounts");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await answerIdp(page, subject);
    await expect(page).toHaveURL(/\/signin\?error=/);
    await expect(page.getByText(message)).toBeVisible();
    await page.goto("/accounts");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  });
}

test("a tampered session cookie or a forged callback leaves the visitor signed out", async ({ page, context, baseURL }) => {
  await signIn(page, PEOPLE.requester);
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name.includes("session-token"));
  expect(session).toBeDefined();
  await context.addCookies([{ ...session!, value: `${session!.value.slice(0, -4)}AAAA` }]);
  await page.goto("/accounts");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);

  // A callback whose state does not match the one this browser started with.
  await page.goto(`${baseURL}/api/auth/callback/sso?code=forged&state=forged`);
  await expect(page).toHaveURL(/\/signin\?error=/);
  await expect(page.getByText(/could not be completed/)).toBeVisible();
});

test("responses carry the security headers", async ({ request }) => {
  const response = await request.get("/signin");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
});
