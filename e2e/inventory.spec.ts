import { expect, test } from "@playwright/test";
import { builtActions, PEOPLE, postAction, signedInPage } from "./fixtures";

// The inventory sync against the emulator's demo organization (40 member accounts, 25 tagged resources each), run by
// the worker `npm test` starts. The worker may already be running its first sync (it starts one when none ever
// succeeded): "Sync now" then joins it.

test("a platform admin syncs now, follows the progress, and sees the run succeed with its figures", async ({ browser }) => {
  test.setTimeout(120_000);
  const priya = await signedInPage(browser, PEOPLE.admin, "/dashboards/inventory");
  await expect(priya.getByRole("heading", { name: "Inventory sync", level: 1 })).toBeVisible();

  await priya.getByRole("button", { name: "Sync now" }).click();
  await expect(priya.getByRole("status")).toContainText(/Sync started|already running|sync is over/);
  // The run in progress, polled every 2 s: a progress bar over the member accounts.
  const progress = priya.getByRole("progressbar", { name: "Member accounts read" });
  await expect(progress).toBeVisible();
  await expect(priya.getByTestId("run-progress")).toContainText(/member accounts read|Reading the organization/);

  // It completes without a reload: the progress goes, the newest run reads Succeeded with its counts.
  await expect(progress).toBeHidden({ timeout: 90_000 });
  const newest = priya.getByTestId("inventory-runs").locator("tbody tr").first();
  await expect(newest).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(newest).toContainText("Succeeded");
  await expect(newest).toContainText("40 / 40");
  await expect(newest.getByTestId("run-items")).toHaveText("1,000");

  // The route the page polls answers with the same run.
  const runs = (await (await priya.request.get("/api/inventory/runs")).json()) as { runs: { status: string; items: number; accountsDone: number }[]; canSync: boolean };
  expect(runs.canSync).toBe(true);
  expect(runs.runs[0]).toMatchObject({ status: "SUCCEEDED", items: 1000, accountsDone: 40 });
  await priya.context().close();
});

test("a requester sees the runs but no Sync now button, and a forged sync is refused", async ({ browser, baseURL }) => {
  const dana = await signedInPage(browser, PEOPLE.requester, "/dashboards/inventory");
  await expect(dana.getByRole("heading", { name: "Inventory sync", level: 1 })).toBeVisible();
  await expect(dana.getByRole("button", { name: "Sync now" })).toHaveCount(0);
  const runs = (await (await dana.request.get("/api/inventory/runs")).json()) as { canSync: boolean };
  expect(runs.canSync).toBe(false);

  const action = builtActions().find((candidate) => candidate.exportedName === "syncInventoryNow");
  expect(action).toBeDefined();
  const before = (await (await dana.request.get("/api/inventory/runs")).json()) as { runs: { id: string }[] };
  expect(await postAction(dana.request, baseURL!, action!, {})).toContain('"code":"FORBIDDEN"');
  const after = (await (await dana.request.get("/api/inventory/runs")).json()) as { runs: { id: string; status: string }[] };
  // No run was started by the forged call.
  expect(after.runs.filter((run) => run.status === "RUNNING")).toEqual([]);
  expect(after.runs.map((run) => run.id)).toEqual(before.runs.map((run) => run.id));
  await dana.context().close();
});

test("signed-out visitors get no runs from the route", async ({ request }) => {
  const response = await request.get("/api/inventory/runs");
  expect(response.status()).toBe(401);
});
