// Access notifications end to end: real PostgreSQL and pg-boss, the worker's notification jobs, the local SMTP sink
// and webhook receiver. People, accounts, owners, a catalog role and access requests are seeded directly.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import type { AccessGrantStatus } from "@/lib/core/generated/prisma/enums";
import { startQueue, type JobData, type JobQueue } from "@/lib/core/queue";
import { waitFor } from "@/lib/core/testing/wait-for";
import { dispatchAccessNotification, registerNotificationJobs, type DispatchResult } from "./jobs";
import { checkSignature, startSmtpSink, startWebhookReceiver, type SmtpSink, type WebhookReceiver } from "./testing";
import type { NotificationConfig, WebhookTarget } from "./types";

const PORTAL = "https://lattice.example.com";
const SECRET = "0123456789abcdef0123456789abcdef";
type Topic = JobData<"notification.access">["topic"];

// Groups as in TEST_AUTH_ENV's AUTH_GROUP_ROLES (lib/core/testing/test-env.ts).
const PEOPLE = {
  /** Requests access; also an approver, so the rule "never your own request" is what keeps them out. */
  dana: ["engineering", "lattice-approvers"],
  alex: ["engineering", "lattice-approvers"],
  mei: ["engineering", "lattice-security"],
  /** Approver and security reviewer. */
  sam: ["engineering", "lattice-approvers", "lattice-security"],
  /** Owns both accounts: may review when the role names owners. */
  olga: ["engineering"],
  /** Owns one of the two accounts only. */
  omar: ["engineering"],
  /** An approver who has left: inactive. */
  ivan: ["engineering", "lattice-approvers"],
  rita: ["engineering", "lattice-auditors"],
} as const;
type Name = keyof typeof PEOPLE;
const email = (name: Name) => `${name}@lattice.example`;

let queue: JobQueue;
let mail: SmtpSink;
let hooks: WebhookReceiver;
let targets: WebhookTarget[];
let settings: NotificationConfig;
let roleId: string;
let roleVersionId: string;
let ledgerId: string;
let vaultId: string;

beforeAll(async () => {
  for (const [name, groups] of Object.entries(PEOPLE)) {
    await db.user.create({ data: { id: `user_${name}`, email: email(name as Name), name: name[0]!.toUpperCase() + name.slice(1), groups: [...groups], active: name !== "ivan" } });
  }
  const organization = await db.organization.create({ data: { managementUin: "100000000001", name: "Lattice test org" } });
  const root = await db.unit.create({ data: { organizationId: organization.id, name: "Root", path: "/root/" } });
  const unit = await db.unit.create({ data: { organizationId: organization.id, parentId: root.id, name: "Payments", path: "/root/payments/" } });
  const account = (name: string, memberUin: string) =>
    db.account.create({ data: { organizationId: organization.id, unitId: unit.id, name, memberUin, environment: "PROD", status: "ACTIVE", regions: ["ap-singapore"] } });
  const ledger = await account("pay-prd-sg-ledger", "100000000123");
  const vault = await account("pay-prd-sg-vault", "100000000456");
  ledgerId = ledger.id;
  vaultId = vault.id;
  await db.accountOwner.createMany({
    data: [
      { accountId: ledger.id, userId: "user_olga", role: "PRIMARY" },
      { accountId: vault.id, userId: "user_olga", role: "PRIMARY" },
      { accountId: ledger.id, userId: "user_omar", role: "SECONDARY" },
    ],
  });
  const role = await db.catalogRole.create({
    data: {
      slug: "payments-admin",
      currentVersion: 1,
      versions: {
        create: {
          version: 1,
          name: "Payments admin",
          description: "Administer the payments accounts.",
          policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["*"],"resource":["*"]}]}'],
          environments: ["PROD"],
          maxDurationSeconds: 14_400,
          approvalsRequired: 1,
          reviewers: ["APPROVER", "ACCOUNT_OWNER"],
          securityForProd: true,
          breakGlassAllowed: true,
          changeNote: "First version",
        },
      },
    },
    include: { versions: true },
  });
  roleId = role.id;
  roleVersionId = role.versions[0]!.id;

  mail = await startSmtpSink();
  hooks = await startWebhookReceiver({ respond: ({ path }) => (path === "/sec" ? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' } : 200) });
  targets = (["slack", "wecom", "generic"] as const).map((format, index) => {
    const name = ["ops", "sec", "audit"][index]!;
    return { name, format, url: hooks.url(`/${name}`), secret: `${SECRET}-${name}` };
  });
  settings = { portalUrl: PORTAL, email: { smtpUrl: mail.url, from: "Lattice <lattice@example.com>" }, webhooks: targets, webhookTimeoutMs: 5_000 };
  queue = await startQueue({ worker: true });
  expect(await registerNotificationJobs(queue, settings, { pollingIntervalSeconds: 0.5 })).toEqual([
    "notification.dispatch",
    "notification.access",
    "notification.email",
    "notification.webhook",
  ]);
});

afterAll(async () => {
  await queue?.stop(1_000);
  await mail?.stop();
  await hooks?.stop();
});

/** A pending request of Dana's for the payments admin role on both accounts (a production request: security required). */
async function createRequest(overrides: { requester?: Name; breakGlass?: boolean; justification?: string } = {}) {
  return db.accessRequest.create({
    data: {
      requesterId: `user_${overrides.requester ?? "dana"}`,
      roleId,
      roleVersionId,
      status: overrides.breakGlass ? "APPROVED" : "PENDING",
      durationSeconds: 7_200,
      startAt: overrides.breakGlass ? null : new Date("2026-12-01T08:00:00Z"),
      justification: overrides.justification ?? "Rotate the ledger database credentials after the vendor change (CHG-1234).",
      ticketUrl: "https://tickets.example.com/CHG-1234",
      approvalsRequired: 1,
      reviewers: ["APPROVER", "ACCOUNT_OWNER"],
      securityRequired: true,
      breakGlass: overrides.breakGlass ?? false,
      reviewDeadline: new Date("2026-11-30T09:00:00Z"),
      grants: { create: [{ accountId: ledgerId, status: overrides.breakGlass ? "ACTIVATING" : "REQUESTED" }, { accountId: vaultId, status: overrides.breakGlass ? "ACTIVATING" : "REQUESTED" }] },
    },
    include: { grants: { include: { account: true } } },
  });
}

async function grantOn(requestId: string, accountId: string) {
  return db.accessGrant.findUniqueOrThrow({ where: { requestId_accountId: { requestId, accountId } } });
}

async function setGrant(id: string, status: AccessGrantStatus, data: Record<string, unknown> = {}) {
  await db.accessGrant.update({ where: { id }, data: { status, ...data } });
}

/** Sends one notification.access job to the worker and returns what it delivered: the emails and webhook POSTs. */
async function notify(topic: Topic, requestId: string, grantId: string | null = null) {
  const emailsBefore = mail.messages.length;
  const hooksBefore = hooks.requests.length;
  const id = await queue.send("notification.access", { topic, requestId, grantId });
  const job = await waitFor(`the ${topic} dispatch`, async () => {
    const found = await queue.boss.getJobById("notification.access", id!);
    return found?.state === "completed" ? found : null;
  });
  const result = job.output as DispatchResult;
  await waitFor(`${result.emails} emails and ${result.webhooks} webhooks`, () => mail.messages.length >= emailsBefore + result.emails && hooks.requests.length >= hooksBefore + result.webhooks);
  const emails = mail.messages.slice(emailsBefore);
  return {
    result,
    emails,
    to: emails.flatMap((message) => message.rcptTo).sort(),
    bodies: hooks.requests.slice(hooksBefore),
    emailTo: (name: Name) => emails.find((message) => message.rcptTo.includes(email(name))),
  };
}

describe("access notifications", () => {
  it("asks every eligible reviewer once, never the requester, and posts the event to every webhook, signed", async () => {
    const request = await createRequest();
    const sent = await notify("access-request.awaiting-review", request.id);

    // Approvers (Alex, Sam), the security reviewer the production request needs (Mei), the owner of both accounts
    // (Olga). Not Dana (requester, though an approver), Omar (owns one account), Ivan (inactive), Rita (auditor).
    expect(sent.to).toEqual([email("alex"), email("mei"), email("olga"), email("sam")]);
    expect(sent.to).not.toContain(email("dana"));
    expect(sent.result).toEqual({ emails: 4, webhooks: 3 });
    const toMei = sent.emailTo("mei");
    expect(toMei?.subject).toBe(`JIT-${request.number} Payments admin on 2 accounts waits for review`);
    for (const line of [
      "Your approval would give the security review it needs.",
      "Role: Payments admin",
      "Accounts: pay-prd-sg-ledger (UIN 100000000123), pay-prd-sg-vault (UIN 100000000456)",
      "Duration: 2 h",
      "Starts: 2026-12-01 08:00 UTC",
      "Justification: Rotate the ledger database credentials after the vendor change (CHG-1234).",
      "Needs: 1 more approval, one from a security reviewer",
      `Open JIT-${request.number}: ${PORTAL}/access/${request.id}`,
    ]) {
      expect(toMei?.text).toContain(line);
    }
    expect(sent.emailTo("olga")?.text).toContain("You may approve or deny it.");

    expect(sent.bodies.map((received) => received.path).sort()).toEqual(["/audit", "/ops", "/sec"]);
    for (const received of sent.bodies) {
      const target = targets.find((candidate) => received.path === `/${candidate.name}`)!;
      expect(checkSignature(received, target.secret), received.path).toEqual({ ok: true });
    }
    const body = (path: string) => JSON.parse(sent.bodies.find((received) => received.path === path)?.body ?? "null");
    expect(body("/ops")).toMatchObject({ text: `JIT-${request.number} Payments admin on 2 accounts waits for review` });
    expect(body("/sec").markdown.content).toContain(`(${PORTAL}/access/${request.id})`);
    expect(body("/audit")).toMatchObject({
      topic: "access-request.awaiting-review",
      urgent: false,
      request: { id: request.id, reference: `JIT-${request.number}`, status: "PENDING", role: "Payments admin", requester: { id: "user_dana" } },
      grant: null,
      url: `${PORTAL}/access/${request.id}`,
      occurredAt: request.createdAt.toISOString(),
    });
  });

  it("asks nobody to review a request decided meanwhile, and tells the requester alone of the decision with the reason", async () => {
    const request = await createRequest();
    await db.accessApproval.create({ data: { requestId: request.id, approverId: "user_alex", decision: "REJECTED", comment: "Use the read-only role.", asSecurity: false } });
    await db.accessRequest.update({ where: { id: request.id }, data: { status: "REJECTED", decidedAt: new Date(), closeReason: "Use the read-only role for a rotation." } });

    const stale = await notify("access-request.awaiting-review", request.id);
    expect(stale.result).toEqual({ skipped: "stale", emails: 0, webhooks: 0 });
    expect(stale.emails).toEqual([]);

    const decided = await notify("access-request.decided", request.id);
    expect(decided.to).toEqual([email("dana")]);
    expect(decided.emails[0]?.subject).toBe(`JIT-${request.number} Payments admin on 2 accounts was denied`);
    expect(decided.emails[0]?.text).toContain("Denied by Alex");
    expect(decided.emails[0]?.text).toContain("Reason: Use the read-only role for a rotation.");
    expect(decided.bodies).toHaveLength(3);
  });

  it("tells the requester of the grant's life: active, ending in 15 minutes, revoked by whom", async () => {
    const request = await createRequest();
    await db.accessRequest.update({ where: { id: request.id }, data: { status: "APPROVED", decidedAt: new Date() } });
    const ledger = await grantOn(request.id, ledgerId);
    const activatedAt = new Date("2026-12-01T08:00:00Z");
    await setGrant(ledger.id, "ACTIVE", { activatedAt, expiresAt: new Date("2026-12-01T10:00:00Z") });

    const active = await notify("access-grant.active", request.id, ledger.id);
    expect(active.to).toEqual([email("dana")]);
    expect(active.emails[0]?.subject).toBe(`JIT-${request.number} Payments admin on pay-prd-sg-ledger is active`);
    expect(active.emails[0]?.text).toContain("Account: pay-prd-sg-ledger (UIN 100000000123)");
    expect(active.emails[0]?.text).toContain("Ends at 2026-12-01 10:00 UTC");

    const expiring = await notify("access-grant.expiring", request.id, ledger.id);
    expect(expiring.to).toEqual([email("dana")]);
    expect(expiring.emails[0]?.subject).toBe(`JIT-${request.number} Payments admin on pay-prd-sg-ledger ends soon, at 2026-12-01 10:00 UTC`);

    await setGrant(ledger.id, "REVOKED", { endedAt: new Date("2026-12-01T08:30:00Z"), revokedById: "user_mei", revokeReason: "The rotation is done." });
    // The "active" event is no longer true.
    expect((await notify("access-grant.active", request.id, ledger.id)).result).toMatchObject({ skipped: "stale" });
    const removed = await notify("access-grant.removed", request.id, ledger.id);
    expect(removed.to).toEqual([email("dana")]);
    expect(removed.emails[0]?.subject).toBe(`JIT-${request.number} Payments admin on pay-prd-sg-ledger was revoked`);
    expect(removed.emails[0]?.text).toContain("Revoked by Mei at 2026-12-01 08:30 UTC");
    expect(removed.emails[0]?.text).toContain("Reason: The rotation is done.");
  });

  it("tells the requester and every security reviewer which change failed, with Tencent's error code", async () => {
    const request = await createRequest();
    await db.accessRequest.update({ where: { id: request.id }, data: { status: "APPROVED", decidedAt: new Date() } });
    const vault = await grantOn(request.id, vaultId);
    await setGrant(vault.id, "REMOVAL_FAILED", { errorCode: "InternalError", tencentRequestId: "6b3f0c1e-req", attempts: 3 });

    const failed = await notify("access-grant.failed", request.id, vault.id);
    expect(failed.to).toEqual([email("dana"), email("mei"), email("sam")]);
    for (const message of failed.emails) {
      expect(message.subject).toBe(`JIT-${request.number} Payments admin on pay-prd-sg-vault: removal is failing`);
      expect(message.text).toContain("Tencent error code: InternalError (RequestId 6b3f0c1e-req)");
    }
    expect(failed.emailTo("mei")?.text).toContain("because you are a security reviewer.");
    expect(failed.emailTo("dana")?.text).toContain("because you requested this access.");

    // A grant id of another request is not this request's grant.
    const other = await createRequest();
    expect((await notify("access-grant.failed", other.id, vault.id)).result).toEqual({ skipped: "grant not found", emails: 0, webhooks: 0 });
  });

  it("alerts the eligible reviewers and every security reviewer of break-glass use at once, marked urgent, never the requester", async () => {
    const request = await createRequest({ requester: "sam", breakGlass: true, justification: `Payments are down <script>alert("x")</script> & <!channel>` });
    const sent = await notify("access-request.break-glass", request.id);

    // Approvers (Alex, Dana), the owner of both accounts (Olga), security (Mei); Sam broke the glass.
    expect(sent.to).toEqual([email("alex"), email("dana"), email("mei"), email("olga")]);
    expect(sent.to).not.toContain(email("sam"));
    for (const message of sent.emails) expect(message.subject.startsWith(`[BREAK-GLASS] JIT-${request.number} Sam used break-glass access`)).toBe(true);
    expect(sent.emailTo("mei")?.text).toContain("As a security reviewer, review this break-glass use");
    expect(sent.emailTo("alex")?.text).toContain("It is active already: nobody reviewed it first.");
    const html = sent.emailTo("alex")?.html ?? "";
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;!channel&gt;");
    const slack = JSON.parse(sent.bodies.find((received) => received.path === "/ops")?.body ?? "null");
    expect(slack.text.startsWith("[BREAK-GLASS] ")).toBe(true);
    expect(JSON.stringify(slack)).not.toContain("<!channel>");
    expect(JSON.parse(sent.bodies.find((received) => received.path === "/audit")?.body ?? "null")).toMatchObject({ topic: "access-request.break-glass", urgent: true });
  });

  it("queues nothing twice when an access dispatch runs again", async () => {
    const request = await createRequest();
    const sender = await startQueue({ worker: false });
    try {
      const offline = { ...settings, email: { smtpUrl: "smtp://127.0.0.1:9", from: "lattice@example.com" }, webhooks: [] };
      const job = { id: randomUUID(), name: "notification.access" as const, data: { topic: "access-request.awaiting-review" as const, requestId: request.id, grantId: null }, retryCount: 0, retryLimit: 5 };
      expect(await dispatchAccessNotification(sender, offline, job)).toEqual({ emails: 4, webhooks: 0 });
      expect(await dispatchAccessNotification(sender, offline, { ...job, retryCount: 1 })).toEqual({ emails: 0, webhooks: 0 });
    } finally {
      // The worker would deliver them to the sink; nothing of this test needs them.
      await queue.boss.purgeQueue("notification.email");
      await sender.stop(1_000);
    }
  });
});
