import { expect, test } from "@playwright/test";
import pg from "pg";
import { PEOPLE, signedInPage } from "./fixtures";

// Two accounts of Tom's team (Platform Core), seeded here: one whose only owner, Victor, has left the company
// (orphaned), with a few resources; one Tom owns whose ownership was last confirmed over a year ago (review due).
// They are not provisioned (no member UIN), so the inventory sync never touches them; the journeys that count the
// demo's 40 accounts (accounts.spec.ts) run before this file.
const ORPHANED = "core-e2e-orphaned";
const REVIEW = "core-e2e-review-due";

async function seedAccounts() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const [name, owner, confirmedDaysAgo] of [
      [ORPHANED, "user_victor", 10],
      [REVIEW, "user_tom", 400],
    ] as const) {
      await client.query(
        `INSERT INTO account (id, organization_id, unit_id, team_id, name, environment, status, regions, created_at, last_activity_at,
           ownership_confirmed_at, updated_at)
         SELECT $1, o.id, 'unit_core-infra', 'team_platform-core', $1, 'DEV', 'ACTIVE', ARRAY['ap-singapore'], now() - interval '500 days',
           now() - interval '1 day', now() - make_interval(days => $2::int), now()
         FROM organization o LIMIT 1
         ON CONFLICT (id) DO UPDATE SET ownership_confirmed_at = EXCLUDED.ownership_confirmed_at, status = 'ACTIVE'`,
        [name, confirmedDaysAgo],
      );
      await client.query(
        `INSERT INTO account_owner (id, account_id, user_id, role, updated_at) VALUES ($1 || '-owner', $1, $2, 'PRIMARY', now()) ON CONFLICT (id) DO NOTHING`,
        [name, owner],
      );
    }
    for (const [service, region, id] of [
      ["cvm", "ap-singapore", "ins-e2e1"],
      ["cvm", "ap-singapore", "ins-e2e2"],
      ["cos", "ap-tokyo", "e2e-bucket"],
    ]) {
      await client.query(
        `INSERT INTO resource (account_id, resource_name, service, region, resource_type, resource_id, first_seen_at, last_seen_at, updated_at)
         VALUES ($1, $2, $3, $4, $3 || ':thing', $5, now(), now(), now()) ON CONFLICT (resource_name) DO NOTHING`,
        [ORPHANED, `qcs::${service}:${region}:uin/e2e:thing/${id}`, service, region, id],
      );
    }
  } finally {
    await client.end();
  }
}

test.beforeAll(seedAccounts);

test("an owner filters the ownership dashboard to their team and opens an orphaned account", async ({ browser }) => {
  const tom = await signedInPage(browser, PEOPLE.owner, "/dashboards/ownership");
  await expect(tom.getByRole("heading", { level: 1, name: "Ownership" })).toBeVisible();
  await expect(tom.getByRole("region", { name: "Accounts by team" })).toBeVisible();

  // Choosing a team applies the filter at once and keeps it in the URL.
  await tom.getByRole("combobox", { name: "Team" }).selectOption({ label: "Platform Core" });
  await expect(tom).toHaveURL(/team=team_platform-core/);
  const table = tom.getByRole("table", { name: "Accounts and their ownership" });
  const teams = await table.locator("tbody tr td:nth-child(5)").allInnerTexts();
  expect(teams.length).toBeGreaterThan(0);
  expect(new Set(teams)).toEqual(new Set(["Platform Core"]));

  // The orphaned card opens the list, still for the team; the export link carries the same filters.
  await tom.getByRole("link", { name: /^Orphaned: \d+ accounts?$/ }).click();
  await expect(tom).toHaveURL(/team=team_platform-core.*list=orphaned|list=orphaned.*team=team_platform-core/);
  await expect(tom.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /\/api\/dashboards\/ownership\/export\?.*list=orphaned/);
  const row = table.getByRole("row", { name: new RegExp(ORPHANED) });
  await expect(row).toContainText("Victor Hale");
  await expect(row).toContainText("inactive");
  await expect(row).toContainText("Orphaned");

  const csv = await tom.request.get(`/api/dashboards/ownership/export?team=team_platform-core&list=orphaned`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(`${ORPHANED},`);

  await row.getByRole("link", { name: ORPHANED }).click();
  await expect(tom.getByRole("heading", { level: 1, name: ORPHANED })).toBeVisible();
  const owners = tom.getByRole("region", { name: "Owners" });
  await expect(owners.getByText("Victor Hale")).toBeVisible();
  await expect(owners.getByText("Inactive")).toBeVisible();
  const review = tom.getByRole("region", { name: "Ownership review" });
  await expect(review.getByText("Orphaned")).toBeVisible();
  // Tom does not own it: nothing to confirm.
  await expect(review.getByRole("button", { name: "Confirm ownership" })).toHaveCount(0);
  const resources = tom.getByRole("region", { name: "Resources" });
  await expect(resources).toContainText("3 live resources");
  await expect(resources.getByRole("row", { name: /cvm\s+2/ })).toBeVisible();
  await expect(tom.getByRole("region", { name: "Requests and access" })).toBeVisible();
  const history = tom.getByRole("region", { name: "History" });
  await expect(history.getByRole("link", { name: "Full history of this account" })).toHaveAttribute("href", `/audit?account=${ORPHANED}`);
  await tom.context().close();
});

test("an owner confirms ownership of an account whose review is overdue", async ({ browser }) => {
  const tom = await signedInPage(browser, PEOPLE.owner, "/dashboards/ownership?team=team_platform-core&list=review-due&pageSize=100");
  const table = tom.getByRole("table", { name: "Accounts and their ownership" });
  await table.getByRole("link", { name: REVIEW }).click();
  await expect(tom.getByRole("heading", { level: 1, name: REVIEW })).toBeVisible();

  const review = tom.getByRole("region", { name: "Ownership review" });
  await expect(review).toContainText("(overdue)");
  await review.getByRole("button", { name: "Confirm ownership" }).click();
  await expect(review.getByRole("status")).toHaveText("Thank you: ownership confirmed.");
  await expect(review).not.toContainText("(overdue)");
  await expect(review).toContainText("by Tom Becker");

  // Off the overdue list, and the confirmation is in the account's history.
  await tom.goto("/dashboards/ownership?team=team_platform-core&list=review-due&pageSize=100");
  await expect(table.getByRole("link", { name: REVIEW })).toHaveCount(0);
  await tom.goto(`/accounts/${REVIEW}`);
  await expect(tom.getByRole("region", { name: "History" })).toContainText("Confirmed ownership of an account");
  await tom.context().close();
});
