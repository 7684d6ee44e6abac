import { expect, test } from "@playwright/test";
import PgBoss from "pg-boss";
import pg from "pg";
import { answerIdp, builtActions, emulatorOrganization, PEOPLE, postAction, signedInPage } from "./fixtures";

// Two development accounts owned by Aisha and Kenji (demo matrix); the demo catalog's "Read-only investigator" may be
// requested there and is approved by one approver, security reviewer or an owner of both.
const ACCOUNTS = ["data-dev-hk-lake", "ml-dev-ash-train"];
const ROLE = "Read-only investigator";
/** Dana's user in the emulator's Cloud Identity Center (the demo zone has one for each demo person). */
const DANA_CIC_USER = "dana";

/** Who holds a catalog role's CIC assignment on an account, as the emulator says (read with the real SDK). */
async function assignmentsOn(accountName: string, roleConfiguration = "lattice-read-only"): Promise<string[]> {
  const organization = emulatorOrganization();
  const { ZoneId } = await organization.DescribeIdentityCenter(null);
  const members = await organization.DescribeOrganizationMembers({ Offset: 0, Limit: 10, SearchKey: accountName });
  const uin = members.Items?.find((member) => member.Name === accountName)?.MemberUin;
  const { RoleAssignments = [] } = await organization.ListRoleAssignments({ ZoneId: ZoneId!, TargetType: "MemberUin", TargetUin: uin, MaxResults: 100 });
  return RoleAssignments.filter((assignment) => assignment.RoleConfigurationName === roleConfiguration).map((assignment) => assignment.PrincipalName ?? "");
}

/**
 * The journey's controllable clock: time is moved forward for this request's grants (their expiry set to now) and
 * the worker's minute sweep is asked to run at once, instead of waiting out the role's 15-minute minimum.
 */
async function expireNow(requestId: string) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("npm test gives the journeys the e2e database");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("UPDATE access_grant SET expires_at = now() - interval '1 second' WHERE request_id = $1 AND status = 'ACTIVE'", [requestId]);
  await client.end();
  const boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", supervise: false, schedule: false, migrate: false });
  await boss.start();
  await boss.send("access.sweep", {});
  await boss.stop({ graceful: false });
}

test("a requester asks for a role on two accounts; a second reviewer approves with MFA; access is granted, credentials shown once, and removed at expiry", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);

  // Dana asks for the role on two development accounts.
  const dana = await signedInPage(browser, PEOPLE.requester, "/access");
  await dana.getByRole("link", { name: "Request access" }).click();
  await dana.getByLabel("Catalog role").selectOption({ label: ROLE });
  await expect(dana.getByTestId("role-facts")).toContainText("Up to 4 h");
  const accounts = dana.getByRole("list", { name: "Accounts you may request this role on" });
  // Only accounts in the role's environments are offered.
  await expect(accounts.getByText("pay-sbx-sg-sandbox")).toHaveCount(0);
  for (const name of ACCOUNTS) {
    await dana.getByLabel("Filter accounts").fill(name);
    await accounts.getByRole("checkbox", { name: new RegExp(name) }).check();
  }
  await expect(dana.getByText("2 chosen")).toBeVisible();
  await dana.getByLabel("Duration").selectOption({ label: "1 h" });
  await dana.getByLabel("Justification").fill("short");
  await dana.getByRole("button", { name: "Submit for review" }).click();
  await expect(dana.getByText("Explain why you need access in at least 20 characters.")).toBeVisible();
  await dana.getByLabel("Justification").fill("Investigate the nightly ETL failures in the data lake (INC-4410).");
  await dana.getByRole("button", { name: "Submit for review" }).click();
  await expect(dana).toHaveURL(/\/access\/(?!new)[A-Za-z0-9_-]+$/);
  const requestId = new URL(dana.url()).pathname.split("/").pop()!;
  await expect(dana.getByText("Waiting for review").first()).toBeVisible();
  const grants = dana.getByRole("table", { name: /^Accounts of JIT-\d+$/ });
  for (const name of ACCOUNTS) await expect(grants.getByRole("row", { name: new RegExp(name) })).toContainText("Requested");

  // Her own request has no review buttons (a forged POST is tried below, once her session has MFA).
  await expect(dana.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(dana.getByRole("list", { name: "Who can review" })).toContainText("Alex Chen");
  await expect(dana.getByRole("list", { name: "Who can review" })).not.toContainText("Dana Wright");

  // Someone who is neither its requester, a reviewer nor an owner of its accounts cannot see it or its grants.
  const tom = await signedInPage(browser, PEOPLE.owner, "/access");
  expect((await tom.goto(`/access/${requestId}`))?.status()).toBe(404);
  expect((await tom.request.get(`/api/access/${requestId}/grants`)).status()).toBe(404);
  await tom.context().close();

  // Alex finds it in his queue and approves; the review needs MFA, so he confirms with his one-time code first.
  const alex = await signedInPage(browser, PEOPLE.approver, "/approvals");
  const queue = alex.getByRole("table", { name: "Requests waiting for your decision" });
  await queue.getByRole("link", { name: ROLE }).first().click();
  await alex.waitForURL(`**/access/${requestId}`);
  await expect(alex.getByText("Investigate the nightly ETL failures")).toBeVisible();
  await alex.getByLabel("Comment (optional)").fill("Fine for the incident.");
  await alex.getByRole("button", { name: "Approve" }).click();
  await expect(alex).toHaveURL(/\/signin\/step-up/);
  await alex.getByRole("button", { name: "Confirm with MFA" }).click();
  await answerIdp(alex, PEOPLE.approver, { mfa: true });
  await alex.waitForURL(`**/access/${requestId}`);
  // The typed comment survived the trip.
  await expect(alex.getByLabel("Comment (optional)")).toHaveValue("Fine for the incident.");
  await alex.getByRole("button", { name: "Approve" }).click();
  await expect(alex.getByText("Approved").first()).toBeVisible();

  // Dana's page follows: both grants become active through the worker, and the assignments exist in CIC.
  for (const name of ACCOUNTS) await expect(grants.getByRole("row", { name: new RegExp(name) })).toContainText("Active", { timeout: 60_000 });
  for (const name of ACCOUNTS) expect(await assignmentsOn(name)).toEqual([DANA_CIC_USER]);

  // CLI credentials, with MFA, shown once.
  const row = grants.getByRole("row", { name: new RegExp(ACCOUNTS[0]!) });
  await row.getByRole("button", { name: "Get CLI credentials" }).click();
  await expect(dana).toHaveURL(/\/signin\/step-up/);
  await dana.getByRole("button", { name: "Confirm with MFA" }).click();
  await answerIdp(dana, PEOPLE.requester, { mfa: true });
  await dana.waitForURL(`**/access/${requestId}`);
  // With MFA, a forged POST of the approve action for her own request is still refused: she is the requester.
  const approve = builtActions().find((action) => action.exportedName === "approveAccessRequest");
  expect(approve).toBeDefined();
  expect(await postAction(dana.request, baseURL!, approve!, { requestId, version: 1 })).toContain('"code":"FORBIDDEN"');
  await grants.getByRole("row", { name: new RegExp(ACCOUNTS[0]!) }).getByRole("button", { name: "Get CLI credentials" }).click();
  const dialog = dana.getByRole("dialog", { name: `CLI credentials for ${ACCOUNTS[0]}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Shown once");
  const shell = await dialog.locator("pre").first().textContent();
  expect(shell).toMatch(/export TENCENTCLOUD_SECRET_ID=\S+/);
  expect(shell).toMatch(/export TENCENTCLOUD_SECRET_KEY=\S+/);
  expect(shell).toMatch(/export TENCENTCLOUD_SESSION_TOKEN=\S+/);
  const secretId = /TENCENTCLOUD_SECRET_ID=(\S+)/.exec(shell ?? "")![1]!;
  await dialog.getByRole("button", { name: "Done: forget them" }).click();
  await expect(dialog).toBeHidden();
  await expect(dana.getByText(secretId)).toHaveCount(0);
  await dana.reload();
  await expect(dana.getByText(secretId)).toHaveCount(0);
  await expect(grants.getByRole("row", { name: new RegExp(ACCOUNTS[0]!) })).toContainText("CLI credentials issued 1 time");

  // Dana's access page lists it under "Your access".
  await dana.goto("/access");
  await expect(dana.getByRole("table", { name: "Your access", exact: true }).getByRole("row", { name: new RegExp(ACCOUNTS[1]!) })).toContainText("Active");

  // At expiry the access is removed, in Lattice and in Cloud Identity Center.
  await expireNow(requestId);
  await dana.goto(`/access/${requestId}`);
  for (const name of ACCOUNTS) await expect(grants.getByRole("row", { name: new RegExp(name) })).toContainText("Expired", { timeout: 60_000 });
  for (const name of ACCOUNTS) expect(await assignmentsOn(name)).toEqual([]);
  await dana.goto("/access");
  await expect(dana.getByText("You hold no access right now.")).toBeVisible();
});

test("an owner revokes access to their account at once", async ({ browser }) => {
  test.setTimeout(90_000);
  // Dana asks for a sandbox role on an account Tom owns; Tom, an owner, approves it and later takes it back.
  const dana = await signedInPage(browser, PEOPLE.requester, "/access/new");
  await dana.getByLabel("Catalog role").selectOption({ label: "Sandbox administrator" });
  await dana.getByLabel("Filter accounts").fill("core-dev-sp-ci");
  await dana.getByRole("checkbox", { name: /core-dev-sp-ci/ }).check();
  await dana.getByLabel("Justification").fill("Try the new CI runner image in the core CI account.");
  await dana.getByRole("button", { name: "Submit for review" }).click();
  await expect(dana).toHaveURL(/\/access\/(?!new)[A-Za-z0-9_-]+$/);
  const requestPath = new URL(dana.url()).pathname;

  const tom = await signedInPage(browser, PEOPLE.owner, "/approvals", true);
  await tom.getByRole("table", { name: "Requests waiting for your decision" }).getByRole("link", { name: "Sandbox administrator" }).first().click();
  await tom.getByRole("button", { name: "Approve" }).click();
  const grants = tom.getByRole("table", { name: /^Accounts of JIT-\d+$/ });
  const row = grants.getByRole("row", { name: /core-dev-sp-ci/ });
  await expect(row).toContainText("Active", { timeout: 60_000 });
  expect(await assignmentsOn("core-dev-sp-ci", "lattice-sandbox-admin")).toEqual([DANA_CIC_USER]);

  await row.getByRole("button", { name: "Revoke…" }).click();
  await tom.getByLabel("Reason (optional, shown in the history)").fill("The CI test is done.");
  await tom.getByRole("button", { name: "Revoke access" }).click();
  await expect(row).toContainText("Revoked", { timeout: 60_000 });
  await expect(row).toContainText("by Tom Becker");
  expect(await assignmentsOn("core-dev-sp-ci", "lattice-sandbox-admin")).toEqual([]);

  await dana.goto(requestPath);
  await expect(dana.getByRole("table", { name: /^Accounts of JIT-\d+$/ }).getByRole("row", { name: /core-dev-sp-ci/ })).toContainText("Revoked");
});

test("break-glass: immediate access with MFA and a reason, then a post-incident review only security closes", async ({ browser }) => {
  test.setTimeout(90_000);
  const dana = await signedInPage(browser, PEOPLE.requester, "/access/new");
  await dana.getByLabel("Catalog role").selectOption({ label: "Production operator" });
  await dana.getByLabel("Filter accounts").fill("core-prod-sg-network");
  await dana.getByRole("checkbox", { name: /core-prod-sg-network/ }).check();
  await dana.getByLabel("Break-glass: this is an emergency").check();
  await expect(dana.getByText("Access starts now without a review.")).toBeVisible();
  await dana.getByLabel("What is the emergency?").fill("Payments API is down in Singapore (INC-5120); restart the gateway fleet now.");
  await dana.getByRole("button", { name: "Break glass and activate now" }).click();
  // Her session has no MFA: she confirms with her one-time code and finds the form as she left it.
  await expect(dana).toHaveURL(/\/signin\/step-up/);
  await dana.getByRole("button", { name: "Confirm with MFA" }).click();
  await answerIdp(dana, PEOPLE.requester, { mfa: true });
  await dana.waitForURL("**/access/new");
  await expect(dana.getByText("Confirmed with MFA")).toBeVisible();
  await expect(dana.getByLabel("What is the emergency?")).toHaveValue(/Payments API is down/);
  await expect(dana.getByRole("checkbox", { name: /core-prod-sg-network/ })).toBeChecked();
  await dana.getByRole("button", { name: "Break glass and activate now" }).click();
  await expect(dana).toHaveURL(/\/access\/(?!new)[A-Za-z0-9_-]+$/);
  await expect(dana.getByText("Break-glass access").first()).toBeVisible();
  const row = dana.getByRole("table", { name: /^Accounts of JIT-\d+$/ }).getByRole("row", { name: /core-prod-sg-network/ });
  await expect(row).toContainText("Active", { timeout: 60_000 });
  // Dana cannot close her own review.
  await expect(dana.getByRole("button", { name: "Close the review" })).toHaveCount(0);
  const requestPath = new URL(dana.url()).pathname;

  // Security sees it among everyone's live access, finds the open review and closes it with findings.
  const mei = await signedInPage(browser, PEOPLE.security, "/access?scope=all", true);
  await expect(mei.getByRole("table", { name: "Live access across the organization" }).getByRole("row", { name: /core-prod-sg-network/ })).toContainText("Dana Wright");
  await mei.goto("/access/reviews");
  const review = mei.getByRole("row", { name: /Payments API is down/ });
  await expect(review).toContainText("Open");
  await review.getByRole("link").first().click();
  await mei.waitForURL(`**${requestPath}`);
  // The review is of what was done: security ends the access first.
  await expect(mei.getByText("You can close it once the access has ended")).toBeVisible();
  const meiRow = mei.getByRole("table", { name: /^Accounts of JIT-\d+$/ }).getByRole("row", { name: /core-prod-sg-network/ });
  await meiRow.getByRole("button", { name: "Revoke…" }).click();
  await mei.getByRole("button", { name: "Revoke access" }).click();
  await expect(meiRow).toContainText("Revoked", { timeout: 60_000 });
  await mei.getByLabel("Findings").fill("Restart matched the incident timeline; no other changes were made.");
  await mei.getByRole("button", { name: "Close the review" }).click();
  await expect(mei.getByText(/Closed by Mei Tan/)).toBeVisible();
});
