import { expect, test, type Page } from "@playwright/test";
import { builtActions, PEOPLE, postAction, signIn } from "./fixtures";

// Each run creates its own role (unique slug), so reruns and other specs never see each other's data.
const slug = `e2e-db-read-${Date.now().toString(36)}`;

const GOOD_POLICY = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cdb:Describe*"], resource: "*" }] }, null, 2);
const BAD_POLICY = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cdb:Describe*"], resource: "*" }, { effect: "permit", action: "DescribeDBInstances", resource: "*" }] }, null, 2);

async function createRole(page: Page): Promise<string> {
  await signIn(page, PEOPLE.admin, { mfa: true, path: "/admin/catalog" });
  await expect(page.getByRole("heading", { name: "Role catalog", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New role" }).click();
  await expect(page).toHaveURL(/\/admin\/catalog\/new$/);
  const form = page.getByRole("form", { name: "New catalog role" });
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Name", { exact: true }).fill("E2E database read-only");
  await form.getByLabel("Description").fill("Read the databases of an account during an incident.");
  await form.getByLabel("Maximum duration").selectOption({ label: "2 h" });
  await form.getByRole("checkbox", { name: "Development", exact: true }).check();
  await form.getByRole("checkbox", { name: "Production", exact: true }).check();
  await form.getByRole("group", { name: "Who may approve" }).getByRole("checkbox", { name: "Security reviewers" }).check();
  await form.getByLabel("What changes, and why").fill("First version for the e2e check");

  // A policy that breaks CAM's grammar is explained while typing, naming the statement and the field.
  const policy = form.getByLabel("Policy document 1", { exact: true });
  await policy.fill(BAD_POLICY);
  const problems = form.getByRole("alert", { name: "Problems in policy document 1" });
  await expect(problems).toContainText('Statement 2: "effect" must be "allow" or "deny".');
  await expect(problems).toContainText('Statement 2: action "DescribeDBInstances" is not of the form service:Action');
  await form.getByRole("button", { name: "Create role" }).click();
  await expect(page).toHaveURL(/\/admin\/catalog\/new$/);
  await policy.fill("{ not json");
  await expect(problems).toContainText("Not valid JSON");

  await policy.fill(GOOD_POLICY);
  await expect(problems).toHaveCount(0);
  await form.getByRole("button", { name: "Create role" }).click();
  await page.waitForURL(/\/admin\/catalog\/(?!new)[A-Za-z0-9_-]+$/);
  return page.url();
}

test("an admin creates a role after fixing its policy, publishes a change, sees the diff, and rolls it back", async ({ page }) => {
  await createRole(page);
  await expect(page.getByRole("heading", { name: "E2E database read-only", level: 1 })).toBeVisible();
  const v1 = page.getByRole("article", { name: /^Version 1/ });
  await expect(v1).toContainText("In force");
  await expect(v1).toContainText("Published by Priya Nair (priya@lattice.example)");
  await expect(v1).toContainText("First version.");

  // Version 2: shorter, break-glass allowed, and a narrower action.
  const form = page.getByRole("form", { name: "New catalog role version" });
  await form.getByLabel("Maximum duration").selectOption({ label: "1 h" });
  await form.getByLabel("Break-glass allowed", { exact: false }).check();
  await form.getByLabel("Policy document 1", { exact: true }).fill(GOOD_POLICY.replace("cdb:Describe*", "cdb:DescribeDBInstances"));
  await form.getByLabel("What changes, and why").fill("Narrower and shorter");
  await form.getByRole("button", { name: "Publish version 2" }).click();
  const v2 = page.getByRole("article", { name: /^Version 2/ });
  await expect(v2).toContainText("In force");
  await expect(v2).toContainText("Maximum duration: 2 h → 1 h");
  await expect(v2).toContainText("Break-glass allowed: No → Yes");
  await expect(v2).toContainText('− "cdb:Describe*"');
  await expect(v2).toContainText('+ "cdb:DescribeDBInstances"');

  // Roll back to version 1: version 3 restores it, and its diff shows the revert.
  await page.getByRole("article", { name: /^Version 1/ }).getByRole("button", { name: "Roll back to version 1" }).click();
  await page.getByRole("button", { name: "Publish version 1 again as version 3" }).click();
  const v3 = page.getByRole("article", { name: /^Version 3/ });
  await expect(v3).toContainText("In force");
  await expect(v3).toContainText("Restores version 1");
  await expect(v3).toContainText("Maximum duration: 1 h → 2 h");
  await expect(v3).toContainText("Break-glass allowed: Yes → No");

  // The catalog lists the role with its version in force.
  await page.getByRole("link", { name: "All roles" }).click();
  const row = page.getByRole("row").filter({ hasText: slug });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("2 h");
  await expect(row).toContainText("3");
});

test("a requester cannot open the role catalog", async ({ page }) => {
  await signIn(page, PEOPLE.requester);
  expect((await page.goto("/admin/catalog"))?.status()).toBe(403);
});

test("an auditor reads the catalog but has no editor, no rollback and no new-role page", async ({ page }) => {
  await signIn(page, PEOPLE.auditor, { path: "/admin" });
  await page.getByRole("link", { name: /Role catalog/ }).click();
  await expect(page).toHaveURL(/\/admin\/catalog$/);
  await expect(page.getByRole("heading", { name: "Role catalog", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "New role" })).toHaveCount(0);
  const first = page.getByRole("table", { name: "Catalog roles" }).getByRole("link").first();
  if ((await first.count()) > 0) {
    await first.click();
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Roll back|Publish|Retire|Reactivate/ })).toHaveCount(0);
  }
  expect((await page.goto("/admin/catalog/new"))?.status()).toBe(403);
});

// A direct POST with valid-looking input must still be refused for people who may read the catalog but not change it.
const catalogActions = builtActions().filter((action) => action.filename === "lib/role-catalog/actions.ts");

test("a security reviewer's forged POSTs to every catalog action are FORBIDDEN", async ({ page, baseURL }) => {
  await signIn(page, PEOPLE.security, { mfa: true, path: "/admin/catalog" });
  await expect(page.getByRole("heading", { name: "Role catalog", level: 1 })).toBeVisible();
  expect(catalogActions.map((action) => action.exportedName).sort()).toEqual(["createRole", "publishRoleVersion", "rollbackRole", "setRoleStatus"]);
  const content = {
    name: "Forged role",
    description: "A role a security reviewer tries to create.",
    policyDocuments: [GOOD_POLICY],
    environments: ["DEV"],
    maxDurationSeconds: 3600,
    approvalsRequired: 1,
    reviewers: ["APPROVER"],
    securityForProd: false,
    breakGlassAllowed: true,
  };
  const input = { slug: "forged-role", roleId: "role_forged", baseVersion: 1, toVersion: 1, status: "RETIRED", content, changeNote: "Not allowed to change" };
  for (const action of catalogActions) {
    expect(await postAction(page.request, baseURL!, action, input), action.exportedName).toContain('"code":"FORBIDDEN"');
  }
});
