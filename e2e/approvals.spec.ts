import { expect, test } from "@playwright/test";
import pg from "pg";
import { PEOPLE, signedInPage } from "./fixtures";

const FOR_ALEX = "e2e-queue-for-alex";
const ALEX_OWNS = "e2e-queue-alex-owns";

/** Two pending account requests by Dana: one any platform approver may decide, one naming Alex as its owner. */
async function seedRequests() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const [name, owner, hoursAgo] of [
      [FOR_ALEX, "user_luis", 30],
      [ALEX_OWNS, "user_alex", 2],
    ] as const) {
      await client.query(
        `INSERT INTO account_request (id, requester_id, status, version, name, name_parts, unit_id, environment, regions, cost_center,
           data_classification, justification, tags, required_stages, submitted_at, expires_at, updated_at)
         SELECT $1, 'user_dana', 'PENDING', 1, $1, '{}', (SELECT id FROM unit WHERE parent_id IS NOT NULL ORDER BY path LIMIT 1), 'DEV',
           ARRAY['ap-singapore'], 'CC-100', 'INTERNAL', 'A service for the queue journey.', '{}', ARRAY['PLATFORM']::approval_stage[],
           now() - make_interval(hours => $2::int), now() - make_interval(hours => $2::int) + interval '72 hours', now()
         ON CONFLICT (id) DO NOTHING`,
        [name, hoursAgo],
      );
      await client.query(
        `INSERT INTO account_request_owner (id, request_id, user_id, role, updated_at) VALUES ($1 || '-owner', $1, $2, 'PRIMARY', now()) ON CONFLICT (id) DO NOTHING`,
        [name, owner],
      );
    }
  } finally {
    await client.end();
  }
}

test("a reviewer's queue shows exactly the requests they may decide, with the count in the navigation", async ({ browser }) => {
  await seedRequests();

  const alex = await signedInPage(browser, PEOPLE.approver, "/approvals");
  const queue = alex.getByRole("table", { name: "Requests waiting for your decision" });
  const row = queue.getByRole("row", { name: new RegExp(FOR_ALEX) });
  await expect(row).toContainText("Dana Wright");
  await expect(row).toContainText("Platform approver (you)");
  await expect(row).toContainText("Sam Okafor"); // the other platform approver may decide it too
  await expect(row).not.toContainText("Luis Garcia"); // the named owner may not
  // Alex is the named owner of the other request: not his to decide.
  await expect(queue.getByRole("link", { name: ALEX_OWNS })).toHaveCount(0);
  // The navigation counts exactly the rows of the queue.
  const rows = await queue.locator("tbody tr").count();
  await expect(alex.getByTestId("approvals-count").filter({ visible: true })).toHaveText(String(rows));
  await queue.getByRole("link", { name: FOR_ALEX }).click();
  await expect(alex).toHaveURL(/\/requests\/e2e-queue-for-alex$/);
  await expect(alex.getByRole("button", { name: "Approve" })).toBeVisible();
  await alex.context().close();

  // Sam, another platform approver, may decide both; Dana, who asked for them, sees neither in her queue.
  const sam = await signedInPage(browser, "demo-sam", "/approvals");
  const samQueue = sam.getByRole("table", { name: "Requests waiting for your decision" });
  for (const name of [FOR_ALEX, ALEX_OWNS]) await expect(samQueue.getByRole("link", { name })).toBeVisible();
  await expect(samQueue.getByRole("row", { name: new RegExp(ALEX_OWNS) })).toContainText("Nobody else");
  await sam.context().close();
  const dana = await signedInPage(browser, PEOPLE.requester, "/approvals");
  await expect(dana.getByRole("link", { name: FOR_ALEX })).toHaveCount(0);
  await expect(dana.getByRole("link", { name: ALEX_OWNS })).toHaveCount(0);
  await dana.context().close();
});
