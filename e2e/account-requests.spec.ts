import { expect, test } from "@playwright/test";
import { builtActions, emulatorOrganization, PEOPLE, postAction, signedInPage } from "./fixtures";

const ACCOUNT_NAME = "pay-prod-sg-e2eledger";

test("a requester asks for a production account; two reviewers approve with MFA; it is provisioned and governed", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);

  // The requester fills the form, sees a naming error while typing, fixes it and submits.
  const dana = await signedInPage(browser, PEOPLE.requester, "/requests");
  await dana.getByRole("link", { name: "Request a new account" }).click();
  await expect(dana).toHaveURL(/\/requests\/new$/);
  await dana.getByLabel("Product").fill("Pay");
  await expect(dana.getByText("{product} must be lower-case letters and digits only")).toBeVisible();
  await dana.getByLabel("Product").fill("pay");
  await expect(dana.getByText("{product} must be lower-case letters and digits only")).toHaveCount(0);
  await dana.getByLabel("Descriptor").fill("e2eledger");
  await dana.getByLabel("Unit").selectOption("unit_cards");
  await dana.getByLabel("Environment", { exact: true }).selectOption("PROD");
  await expect(dana.getByTestId("generated-name")).toHaveText(ACCOUNT_NAME);
  await expect(dana.getByText("✓ available")).toBeVisible();
  await dana.getByLabel("Cost center").fill("CC-4242");
  await dana.getByLabel("Business justification").fill("Ledger for the new card programme; production launch in Singapore next quarter.");
  // Required tags are filled from the fields above.
  await expect(dana.getByLabel("Tag cost-center")).toHaveValue("CC-4242");
  await expect(dana.getByLabel("Tag environment")).toHaveValue("prod");
  await expect(dana.getByLabel("Tag owner")).toHaveValue("dana@lattice.example");
  await dana.getByRole("button", { name: "Submit for approval" }).click();
  await expect(dana).toHaveURL(/\/requests\/(?!new)[A-Za-z0-9_-]+$/);
  const requestUrl = new URL(dana.url()).pathname;
  const requestId = requestUrl.split("/").pop()!;
  await expect(dana.getByText("Waiting for approval").first()).toBeVisible();
  await expect(dana.getByText("You cannot approve your own request")).toBeVisible();
  await expect(dana.getByRole("button", { name: "Approve" })).toHaveCount(0);
  // Who else can approve is listed.
  await expect(dana.locator('[data-stage="PLATFORM"]')).toContainText("Alex Chen");
  await expect(dana.locator('[data-stage="SECURITY"]')).toContainText("Mei Tan");

  // A forged POST of the approve action by the requester is refused.
  const approveAction = builtActions().find((action) => action.exportedName === "approveAccountRequest");
  expect(approveAction).toBeDefined();
  const forged = await postAction(dana.request, baseURL!, approveAction!, { requestId, version: 1 });
  expect(forged).toContain('"code":"FORBIDDEN"');

  // A platform approver finds it in their queue and approves with MFA.
  const alex = await signedInPage(browser, PEOPLE.approver, "/approvals", true);
  await alex.getByRole("link", { name: ACCOUNT_NAME }).click();
  await alex.getByLabel("Comment (optional)").fill("Matches the launch plan.");
  await alex.getByRole("button", { name: "Approve" }).click();
  await expect(alex.locator('[data-stage="PLATFORM"]')).toContainText("Approved by Alex Chen");
  await expect(alex.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // Production needs a security reviewer too: a different person.
  const mei = await signedInPage(browser, PEOPLE.security, "/approvals", true);
  await mei.getByRole("link", { name: ACCOUNT_NAME }).click();
  await mei.getByRole("button", { name: "Approve" }).click();
  await expect(mei.locator('[data-stage="SECURITY"]')).toContainText("Approved by Mei Tan");

  // The requester, still on her request's page, sees the decisions arrive and the timeline reach "active" without
  // reloading.
  await expect(dana.locator('[data-stage="PLATFORM"]')).toContainText("Approved by Alex Chen", { timeout: 15_000 });
  const timeline = dana.getByRole("list", { name: "Provisioning steps" });
  await expect(timeline.locator('[data-step="CREATE_MEMBER"]')).toBeVisible({ timeout: 30_000 });
  await expect(timeline.locator('[data-step="ACTIVATE"][data-status="SUCCEEDED"]')).toBeVisible({ timeout: 120_000 });
  await expect(dana.getByText("The account is active")).toBeVisible();
  await dana.getByRole("link", { name: "Open the account" }).click();
  await expect(dana.getByRole("heading", { name: ACCOUNT_NAME })).toBeVisible();
  await expect(dana.getByText("Cards").first()).toBeVisible();
  await expect(dana.getByText("Dana Wright").first()).toBeVisible();
  await expect(dana.getByText("cost-center").first()).toBeVisible();

  // It is in the Accounts table …
  await dana.goto(`/accounts?q=${ACCOUNT_NAME}`);
  await expect(dana.getByRole("link", { name: ACCOUNT_NAME })).toBeVisible();

  // … and exactly once in the emulator's organization, in the Cards unit, with its tags.
  const members = await emulatorOrganization().DescribeOrganizationMembers({ Offset: 0, Limit: 50, SearchKey: ACCOUNT_NAME });
  const created = (members.Items ?? []).filter((member) => member.Name === ACCOUNT_NAME);
  expect(created).toHaveLength(1);
  expect(created[0]?.NodeName).toBe("Cards");
  expect(created[0]?.Tags).toEqual(expect.arrayContaining([{ TagKey: "environment", TagValue: "prod" }]));
});

test("a requester saves a draft, resumes it, submits it, and cancels it", async ({ browser }) => {
  const dana = await signedInPage(browser, PEOPLE.requester, "/requests/new");
  await dana.getByLabel("Product").fill("wal");
  await dana.getByLabel("Unit").selectOption("unit_wallet");
  // Production asks for a data-classification tag; back in Development the tag is gone and the others follow.
  await dana.getByLabel("Environment", { exact: true }).selectOption("PROD");
  await expect(dana.getByLabel("Tag data-classification")).toHaveValue("internal");
  await dana.getByLabel("Environment", { exact: true }).selectOption("DEV");
  await expect(dana.getByLabel("Tag data-classification")).toHaveCount(0);
  await expect(dana.getByLabel("Tag environment")).toHaveValue("dev");
  await dana.getByRole("button", { name: "Save draft" }).click();
  await expect(dana.getByText(/Draft saved at/)).toBeVisible();
  await expect(dana).toHaveURL(/\/requests\/new\?draft=/);
  await dana.goto("/requests");
  await dana.getByRole("link", { name: "wal-dev-sg-{descriptor}" }).click();
  await expect(dana.getByText("Draft").first()).toBeVisible();
  await dana.getByRole("link", { name: "Resume draft" }).click();
  await expect(dana.getByLabel("Product")).toHaveValue("wal");

  await dana.getByLabel("Descriptor").fill("sandboxing");
  await dana.getByLabel("Cost center").fill("CC-7");
  await dana.getByLabel("Business justification").fill("A development account for the wallet team's new reconciliation service.");
  await dana.getByRole("button", { name: "Submit for approval" }).click();
  await expect(dana.getByRole("heading", { name: "wal-dev-sg-sandboxing" })).toBeVisible();
  await expect(dana.getByText("Waiting for approval").first()).toBeVisible();

  await dana.getByRole("button", { name: "Cancel request" }).click();
  await dana.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(dana.getByText("Cancelled").first()).toBeVisible();
});
