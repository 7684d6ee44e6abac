import { expect, test } from "@playwright/test";
import { PEOPLE, signIn } from "./fixtures";

test("the navigation reaches every area and marks the current one", async ({ page }) => {
  // A platform admin sees every area.
  await signIn(page, PEOPLE.admin);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const area of ["Requests", "Access", "Approvals", "Dashboards", "Audit", "Admin"]) {
    await nav.getByRole("link", { name: area }).click();
    await expect(page.getByRole("heading", { level: 1, name: area })).toBeVisible();
    await expect(nav.getByRole("link", { name: area })).toHaveAttribute("aria-current", "page");
  }
});

test("the theme switches between light, dark and system", async ({ page }) => {
  await signIn(page, PEOPLE.requester);
  const html = page.locator("html");
  await page.getByRole("button", { name: /^Theme: system/ }).click();
  await expect(html).toHaveClass(/light/);
  await page.getByRole("button", { name: /^Theme: light/ }).click();
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
});

test("on a phone the navigation sits behind a menu button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, PEOPLE.auditor);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await page.getByRole("button", { name: "Open menu" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
});
