import { expect, test, type Locator, type Page } from "@playwright/test";
import { builtActions, PEOPLE, postAction, signIn } from "./fixtures";

// Every change made here is published back again at the end of its test, so the specs that run later still see the
// approval policy and naming convention the demo starts with (only the version numbers have moved on).

/** The version the editor will publish next, from its "Publish version N" button. */
async function nextVersion(form: Locator): Promise<number> {
  const label = await form.getByRole("button", { name: /^Publish version \d+$/ }).textContent();
  return Number(label?.match(/\d+/)?.[0]);
}

function rule(form: Locator, number: number) {
  return form.getByRole("group", { name: `Rule ${number}`, exact: true });
}

function option(ruleGroup: Locator, group: "Environments" | "Classifications" | "Required stages", name: string) {
  return ruleGroup.getByRole("group", { name: group }).getByRole("checkbox", { name, exact: true });
}

async function publish(page: Page, form: Locator, kind: "Approval policy" | "Naming convention", description: string): Promise<number> {
  const version = await nextVersion(form);
  await form.getByLabel("What changes, and why").fill(description);
  await form.getByRole("button", { name: `Publish version ${version}` }).click();
  await expect(form.getByRole("status").filter({ hasText: `${kind} version ${version} published` })).toBeVisible();
  // The page was revalidated: the history lists the new version as the one in force.
  const article = page.getByRole("article", { name: `${kind} version ${version}` });
  await expect(article).toContainText("In force");
  await expect(article).toContainText("Published by Priya Nair (priya@lattice.example)");
  await expect(article).toContainText(description);
  return version;
}

test("an admin publishes a new approval policy version, sees it in the history with its diff, and publishes the old rules back", async ({ page }) => {
  await signIn(page, PEOPLE.admin, { mfa: true, path: "/admin/policies" });
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "New approval policy version" });
  const rules = form.getByRole("group", { name: /^Rule \d+$/ });
  const ruleCount = await rules.count();
  const hours = form.getByLabel("Decision time (hours)");
  const hoursBefore = await hours.inputValue();
  const hoursAfter = hoursBefore === "48" ? "36" : "48";

  // A policy that would let a request through without any approval is refused while typing, naming a case.
  await option(rule(form, 1), "Environments", "Production").check();
  await expect(form.getByRole("alert").filter({ hasText: "No rule requires an approval for Staging × Public" })).toBeVisible();
  await expect(form.getByRole("cell", { name: "Staging × Public" })).toHaveText("No approval");
  await form.getByRole("button", { name: /^Publish version/ }).click();
  await expect(form.getByRole("status").filter({ hasText: "published" })).toHaveCount(0);
  await option(rule(form, 1), "Environments", "Production").uncheck();
  await expect(form.getByRole("alert").filter({ hasText: "No rule requires an approval" })).toHaveCount(0);

  // Staging with internal data also needs the security reviewer; the preview shows the effect at once.
  await expect(form.getByRole("cell", { name: "Staging × Internal" })).not.toContainText("Security reviewer");
  await form.getByRole("button", { name: "Add rule" }).click();
  const added = rule(form, ruleCount + 1);
  await option(added, "Environments", "Staging").check();
  await option(added, "Classifications", "Internal").check();
  await option(added, "Required stages", "Security reviewer").check();
  await option(added, "Required stages", "Platform approver").uncheck();
  await expect(form.getByRole("cell", { name: "Staging × Internal" })).toContainText("Security reviewer");
  await hours.fill(hoursAfter);
  const version = await publish(page, form, "Approval policy", "Security also reviews internal staging data");
  const article = page.getByRole("article", { name: `Approval policy version ${version}` });
  await expect(article).toContainText(`Decision time: ${hoursBefore} h → ${hoursAfter} h`);
  await expect(article).toContainText("+ Rule added: Staging · Internal → Security reviewer");
  await article.getByText(/Effect on requests/).click();
  await expect(article).toContainText("Staging × Internal: Platform approver → Platform approver + Security reviewer");
  await expect(page.getByRole("region", { name: "Approval policy", exact: true })).toContainText(`Version ${version} in force`);

  // The editor now starts from the new version; removing the rule again publishes the next one.
  await form.getByRole("button", { name: `Remove rule ${ruleCount + 1}` }).click();
  await hours.fill(hoursBefore);
  const reverted = await publish(page, form, "Approval policy", "Back to the previous rules after the e2e check");
  expect(reverted).toBe(version + 1);
  await expect(page.getByRole("article", { name: `Approval policy version ${reverted}` })).toContainText("− Rule removed: Staging · Internal → Security reviewer");
});

test("an admin publishes a new naming convention with a live example, then the old one again", async ({ page }) => {
  await signIn(page, PEOPLE.admin, { mfa: true, path: "/admin/policies" });
  const form = page.getByRole("form", { name: "New naming convention version" });
  const template = form.getByLabel("Template");
  // The form fills its fields once it has hydrated.
  await expect(template).toHaveValue(/\{env\}/);
  const original = await template.inputValue();

  await template.fill("{Product}-{region}");
  await expect(form.getByRole("alert")).toContainText("{Product} is not a placeholder");
  await expect(form.getByRole("alert")).toContainText("The template must contain {env}");
  await template.fill("{team}-{project}-{product}-{env}-{region}-{descriptor}");
  await expect(form.getByTestId("example-name")).toHaveText("core-atlas-shop-prod-sg-web");
  await expect(form.getByText(/Warning: this example is 27 characters/)).toBeVisible();

  const changed = original === "{team}-{product}-{env}-{descriptor}" ? "{team}-{product}-{env}-{region}" : "{team}-{product}-{env}-{descriptor}";
  await template.fill(changed);
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expect(form.getByText(/Warning:/)).toHaveCount(0);
  const version = await publish(page, form, "Naming convention", "Team first in every name");
  const article = page.getByRole("article", { name: `Naming convention version ${version}` });
  await expect(article).toContainText(`${original} → ${changed}`);
  await expect(article).toContainText("Adds {team}");

  await template.fill(original);
  const reverted = await publish(page, form, "Naming convention", "Back to the previous convention after the e2e check");
  await expect(page.getByRole("article", { name: `Naming convention version ${reverted}` })).toContainText(`${changed} → ${original}`);
});

test("a requester cannot open the policies page", async ({ page }) => {
  await signIn(page, PEOPLE.requester);
  const response = await page.goto("/admin/policies");
  expect(response?.status()).toBe(403);
});

// A direct POST with a valid-looking input must still be refused for people who may read the policies but not
// change them.
const policyActions = builtActions().filter((action) => action.filename === "lib/policies/actions.ts");

for (const [who, subject] of [
  ["an auditor", PEOPLE.auditor],
  ["a security reviewer", PEOPLE.security],
] as const) {
  test(`${who} sees the policies and their history, but no editor, and cannot publish`, async ({ page, baseURL }) => {
    await signIn(page, subject, { path: "/admin" });
    await page.getByRole("link", { name: /Policies/ }).click();
    await expect(page).toHaveURL(/\/admin\/policies$/);
    await expect(page.getByRole("table", { name: "What each kind of request needs" })).toBeVisible();
    // The version in force says so in its heading (and so in the article's name); exactly one of each.
    await expect(page.getByRole("article", { name: /^Approval policy version \d+ In force$/ })).toHaveCount(1);
    await expect(page.getByRole("article", { name: /^Naming convention version \d+ In force$/ })).toHaveCount(1);
    await expect(page.getByRole("heading", { name: "Naming convention versions" })).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Publish/ })).toHaveCount(0);
    await expect(page.getByRole("textbox")).toHaveCount(0);

    expect(policyActions.map((action) => action.exportedName).sort()).toEqual(["publishApprovalPolicyVersion", "publishNamingConventionVersion"]);
    const input = {
      baseVersion: 1,
      rules: [{ environments: [], classifications: [], stages: ["PLATFORM"] }],
      decisionHours: 1,
      template: "{product}-{env}",
      description: "Not allowed to publish",
    };
    for (const action of policyActions) {
      expect(await postAction(page.request, baseURL!, action, input), action.exportedName).toContain('"code":"FORBIDDEN"');
    }
  });
}
