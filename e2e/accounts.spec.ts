import { expect, test, type Page } from "@playwright/test";
import { PEOPLE, signIn } from "./fixtures";

// Runs against `next start` on the demo matrix (40 accounts), seeded by `npm test`.

test.beforeEach(async ({ page }) => {
  await signIn(page, PEOPLE.requester);
});

function accountRows(page: Page) {
  return page.getByRole("table", { name: "Member accounts" }).locator("tbody tr");
}

test("a person opens the portal, filters accounts and opens one", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/accounts$/);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
  await expect(page.getByText("Showing 1–25 of 40 accounts")).toBeVisible();

  // Choosing an environment applies the filter at once and keeps it in the URL.
  await page.getByRole("combobox", { name: "Environment" }).selectOption("prod");
  await expect(page).toHaveURL(/environment=prod/);
  await expect(page.getByText(/Showing 1–8 of 8 accounts/)).toBeVisible();
  const environments = await accountRows(page).locator("td:nth-child(2)").allInnerTexts();
  expect(environments).toHaveLength(8);
  expect(new Set(environments)).toEqual(new Set(["Production"]));

  // A unit filter includes the units below it.
  await page.getByRole("combobox", { name: "Unit" }).selectOption({ label: "\u00a0\u00a0Payments" });
  await expect(page).toHaveURL(/unit=unit_payments/);
  const units = await accountRows(page).locator("td:nth-child(4)").allInnerTexts();
  expect(units.length).toBeGreaterThan(0);
  for (const unit of units) expect(["Cards", "Wallet"]).toContain(unit);

  // Text search, then open the account.
  await page.getByRole("searchbox", { name: "Search" }).fill("pay-prod");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=pay-prod/);
  await expect(accountRows(page)).toHaveCount(1);
  await accountRows(page).getByRole("link").first().click();

  await expect(page.getByRole("heading", { level: 1, name: "pay-prod-sp-cards" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Unit path" })).toHaveText(/Root\s*›\s*Payments\s*›\s*Cards/);
  const owners = page.getByRole("region", { name: "Owners" });
  await expect(owners.getByText("Dana Wright")).toBeVisible();
  await expect(owners.getByText("Primary")).toBeVisible();
  const tags = page.getByRole("table", { name: "Account tags" });
  await expect(tags.getByRole("row", { name: /environment\s+prod/ })).toBeVisible();
});

test("paging and sorting happen on the server and show in the URL", async ({ page }) => {
  await page.goto("/accounts?pageSize=10");
  await expect(accountRows(page)).toHaveCount(10);
  const firstPage = await accountRows(page).locator("td:first-child a").allInnerTexts();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("Showing 11–20 of 40 accounts")).toBeVisible();
  const secondPage = await accountRows(page).locator("td:first-child a").allInnerTexts();
  expect(secondPage).toHaveLength(10);
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
  expect([...firstPage, ...secondPage]).toEqual([...firstPage, ...secondPage].sort());

  await page.getByRole("link", { name: "Sort by Account" }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page).not.toHaveURL(/page=2/);
  await expect(page.getByRole("columnheader", { name: /Account/ })).toHaveAttribute("aria-sort", "descending");
  const descending = await accountRows(page).locator("td:first-child a").allInnerTexts();
  expect(descending).toEqual([...descending].sort().reverse());
});

test("unknown filters in the URL are ignored with a clear message, never an error", async ({ page }) => {
  const response = await page.goto("/accounts?environment=production&region=mars-1&unit=unit_nowhere&colour=blue");
  expect(response?.status()).toBe(200);
  const notice = page.getByRole("status").filter({ hasText: "were not understood" });
  await expect(notice).toContainText("environment=production");
  await expect(notice).toContainText("unit=unit_nowhere");
  await expect(notice).toContainText("colour=blue");
  await expect(page.getByText("Showing 1–25 of 40 accounts")).toBeVisible();
});

test("an unknown account shows a not-found page", async ({ page }) => {
  const response = await page.goto("/accounts/acct_does_not_exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
