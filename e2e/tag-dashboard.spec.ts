import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import PgBoss from "pg-boss";
import pg from "pg";
import { PEOPLE, signedInPage } from "./fixtures";

// The security reviewer's journey on the tag dashboard. The test brings its own data: a tag policy version (a copy
// of the one in force, removed afterwards) and untagged resources in a development account of the demo matrix, then
// has the worker run "compliance.evaluate" — the same SQL the inventory sync runs.
const ACCOUNT = "data-dev-hk-lake";
const PREFIX = "qcs::cvm:ap-hongkong:uin/";
const RESOURCES = 6;

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("npm test gives the journeys the e2e database");
  return url;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function evaluateInWorker() {
  const boss = new PgBoss({ connectionString: databaseUrl(), schema: "pgboss", supervise: false, schedule: false, migrate: false });
  await boss.start();
  await boss.send("compliance.evaluate", {});
  await boss.stop({ graceful: false });
}

/** Minimal RFC 4180 reader for the export (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

let accountId = "";
let policyId = "";

test.beforeAll(async () => {
  await withClient(async (client) => {
    const account = await client.query<{ id: string; member_uin: string | null }>("SELECT id, member_uin FROM account WHERE name = $1", [ACCOUNT]);
    accountId = account.rows[0]!.id;
    const uin = account.rows[0]!.member_uin ?? "200000009999";
    // Its own policy version: the rules in force, copied (so other journeys' figures keep their meaning).
    const version = await client.query<{ next: number }>("SELECT coalesce(max(version), 0) + 1 AS next FROM tag_policy");
    policyId = `e2e_tag_policy_${version.rows[0]!.next}`;
    await client.query("INSERT INTO tag_policy (id, version, description, updated_at) VALUES ($1, $2, 'e2e tag dashboard', now())", [policyId, version.rows[0]!.next]);
    const copied = await client.query(
      `INSERT INTO tag_policy_rule (id, tag_policy_id, key, allowed_values, environments, updated_at)
       SELECT $1 || '_' || r.key, $1, r.key, r.allowed_values, r.environments, now() FROM tag_policy_rule r
       WHERE r.tag_policy_id = (SELECT id FROM tag_policy WHERE id <> $1 ORDER BY version DESC LIMIT 1)`,
      [policyId],
    );
    if (copied.rowCount === 0) {
      await client.query("INSERT INTO tag_policy_rule (id, tag_policy_id, key, allowed_values, environments, updated_at) VALUES ($1 || '_owner', $1, 'owner', '{}', '{}', now())", [policyId]);
    }
    for (let index = 1; index <= RESOURCES; index += 1) {
      await client.query(
        `INSERT INTO resource (account_id, resource_name, service, region, resource_type, resource_id, tags, flagged_by_tencent, first_seen_at, last_seen_at, updated_at)
         VALUES ($1, $2, 'cvm', 'ap-hongkong', 'cvm:instance', $3, '{}', $4, now(), now(), now())
         ON CONFLICT (resource_name) DO UPDATE SET gone_at = NULL, tags = '{}'`,
        [accountId, `${PREFIX}${uin}:instance/ins-e2etag${index}`, `ins-e2etag${index}`, index === 1],
      );
    }
  });
  await evaluateInWorker();
  // The worker picks the job up within seconds; its transaction makes every figure visible at once.
  await expect
    .poll(
      () =>
        withClient(async (client) => {
          const result = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM resource_violation v JOIN resource r ON r.id = v.resource_id WHERE r.resource_id LIKE 'ins-e2etag%'",
          );
          return result.rows[0]!.n;
        }),
      { timeout: 60_000, intervals: [500, 1_000, 2_000] },
    )
    .toBeGreaterThanOrEqual(RESOURCES);
});

test.afterAll(async () => {
  await withClient(async (client) => {
    await client.query("DELETE FROM resource WHERE resource_id LIKE 'ins-e2etag%'");
    await client.query("DELETE FROM tag_policy WHERE id = $1", [policyId]);
  });
  await evaluateInWorker();
});

test("a security reviewer opens the tag dashboard, filters by environment, and exports the violations as CSV matching the table", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await signedInPage(browser, PEOPLE.security, "/dashboards/tags");
  await expect(page.getByRole("heading", { name: "Tag compliance", level: 1 })).toBeVisible();
  await expect(page.getByTestId("overall-percent")).toHaveText(/\d+\.\d %/);

  // Filtering is a URL: the environment select applies at once.
  await page.locator("select[name=environment]").selectOption({ label: "Development" });
  await expect(page).toHaveURL(/[?&]environment=dev(&|$)/);
  await page.goto(`${new URL(page.url()).pathname}${new URL(page.url()).search}&pageSize=100`);
  await expect(page.locator("select[name=environment]")).toHaveValue("dev");

  const table = page.getByTestId("violations-table");
  await expect(table.locator("tbody tr").first()).toBeVisible();
  const shown = await table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-resource") ?? ""));
  // The newest violations come first: the ones this journey seeded.
  expect(shown.filter((name) => name.includes("ins-e2etag")).length).toBeGreaterThanOrEqual(RESOURCES);
  // Every row shown is in the filtered environment, with a way to fix it.
  await expect(table.locator("tbody tr").filter({ hasNotText: "Development" })).toHaveCount(0);
  await expect(table.getByRole("link", { name: "Fix" }).first()).toHaveAttribute("href", /^\/accounts\//);

  // The export carries the same filters.
  const exportLink = page.getByRole("link", { name: "Export CSV" }).first();
  await expect(exportLink).toHaveAttribute("href", /\/api\/dashboards\/tags\/export\?.*environment=dev/);
  const downloadPromise = page.waitForEvent("download");
  await exportLink.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^tag-compliance-violations-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = parseCsv(readFileSync(await download.path(), "utf8"));
  expect(header).toEqual(["Account", "Account ID", "Environment", "Primary owner", "Owner email", "Resource", "Resource type", "Region", "Violation", "Key", "Value", "Found", "Fix"]);
  // The file is the list in the table's order: its first rows are the table's rows (all of them when there is no next page).
  expect(rows.slice(0, shown.length).map((row) => row[5])).toEqual(shown);
  const hasNext = await page.getByRole("navigation", { name: "Violations pages" }).getByRole("link", { name: "Next" }).count();
  if (hasNext === 0) expect(rows).toHaveLength(shown.length);
  expect(rows.every((row) => row[2] === "Development")).toBe(true);
  expect(rows.filter((row) => row[1] === accountId).length).toBeGreaterThanOrEqual(RESOURCES);
});
