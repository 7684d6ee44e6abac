import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { PEOPLE, signIn } from "./fixtures";

test("an auditor filters the history, opens an event, exports evidence and verifies the chain", async ({ browser }) => {
  // Something worth auditing: an admin (with MFA) deactivates and reactivates a person.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, PEOPLE.admin, { mfa: true, path: "/admin/users" });
  const row = admin.getByRole("row", { name: /Luis Garcia/ });
  await row.getByRole("button", { name: "Deactivate Luis Garcia" }).click();
  await row.getByRole("button", { name: "Confirm: deactivate Luis Garcia" }).click();
  await expect(row).toContainText("Inactive");
  await row.getByRole("button", { name: "Reactivate Luis Garcia" }).click();
  await row.getByRole("button", { name: "Confirm: reactivate Luis Garcia" }).click();
  await expect(row).toContainText("Active");

  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(page, PEOPLE.auditor, { path: "/audit" });
  await page.getByRole("combobox", { name: "Action" }).selectOption({ label: "Deactivated a person" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=user\.deactivate/);
  const events = page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("priya@lattice.example");

  await events.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Event \d+$/ })).toBeVisible();
  const changes = page.getByRole("table", { name: "Changes" });
  await expect(changes.getByRole("row", { name: /active.*true.*false/ })).toBeVisible();
  await expect(page.getByText(/^[0-9a-f]{64}$/).first()).toBeVisible();

  // Free-text search finds the same event by the person's id in its target.
  await page.goto("/audit?q=user_luis&action=user.reactivate");
  await expect(events).toHaveCount(1);

  await page.goto("/audit");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export evidence" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^lattice-evidence-.*\.zip$/);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lattice-e2e-export-"));
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(await download.path())))) {
    writeFileSync(path.join(dir, path.basename(name)), bytes);
  }
  // The documented, independent check: Node's own crypto, nothing from Lattice.
  expect(execFileSync(process.execPath, [path.join(dir, "verify.mjs"), dir], { encoding: "utf8" })).toMatch(/^OK: \d+ events linked/);

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText("The audit chain is intact")).toBeVisible();
  await expect(page.getByText(/signed checkpoint\(s\) valid, anchored at event \d+/)).toBeVisible();
});

test("a requester sees only the history of their own actions and accounts, with no export", async ({ page }) => {
  await signIn(page, PEOPLE.requester, { path: "/audit" });
  await expect(page.getByText("What you did, and what happened to the accounts you own.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export evidence" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Verify chain" })).toHaveCount(0);
  const rows = page.getByRole("table", { name: "Audit events" }).locator("tbody tr");
  const seen = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ who: tr.children[2]?.textContent ?? "", what: tr.children[3]?.textContent ?? "", account: tr.children[5]?.textContent ?? "" })),
  );
  expect(seen.some((row) => row.who === "dana@lattice.example")).toBe(true);
  // Everything else is about an account Dana owns (imported CloudAudit events, provisioning by the worker) or a
  // request she made (others' decisions on her account and access requests). Other people's actions elsewhere never show (lib/audit integration
  // tests check the rule).
  for (const row of seen.filter((entry) => entry.who !== "dana@lattice.example")) {
    expect(row.account !== "—" || /(account|access) request|break-glass review/i.test(row.what), JSON.stringify(row)).toBe(true);
  }
  const exportResponse = await page.request.get("/api/audit/export");
  expect(exportResponse.status()).toBe(403);
});
