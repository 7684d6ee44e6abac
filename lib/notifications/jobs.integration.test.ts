// Notifications end to end: real PostgreSQL and pg-boss, the local SMTP sink and webhook receiver.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expireRequest } from "@/lib/account-requests/mutations";
import { db } from "@/lib/core/db";
import type { ApprovalStage } from "@/lib/core/generated/prisma/enums";
import { getQueue, JOBS, startQueue, type JobName, type JobQueue } from "@/lib/core/queue";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { dispatchNotification, registerNotificationJobs } from "./jobs";
import { waitFor } from "@/lib/core/testing/wait-for";
import { checkSignature, startSmtpSink, startWebhookReceiver, type SmtpSink, type WebhookReceiver } from "./testing";
import type { NotificationConfig, WebhookTarget } from "./types";

const PORTAL = "https://lattice.example.com";
const FAST = { pollingIntervalSeconds: 0.5 };
const SECRET = "0123456789abcdef0123456789abcdef";
const DELIVERY_JOBS: JobName[] = ["notification.dispatch", "notification.email", "notification.webhook"];

const queues: JobQueue[] = [];
const servers: (SmtpSink | WebhookReceiver)[] = [];

async function worker(config: NotificationConfig): Promise<JobQueue> {
  const queue = await startQueue({ worker: true });
  queues.push(queue);
  await registerNotificationJobs(queue, config, FAST);
  return queue;
}

/** Retries at once (1 s apart) instead of the production backoff, for the jobs queued from now on. */
async function retryQuickly(queue: JobQueue, name: "notification.email" | "notification.webhook") {
  await queue.boss.updateQueue(name, { name, ...JOBS[name].queue, retryDelay: 1, retryBackoff: false });
}

async function sink(port?: number) {
  const started = await startSmtpSink({ port });
  servers.push(started);
  return started;
}

async function receiver(respond?: NonNullable<Parameters<typeof startWebhookReceiver>[0]>["respond"]) {
  const started = await startWebhookReceiver({ respond });
  servers.push(started);
  return started;
}

function config(overrides: Partial<NotificationConfig>): NotificationConfig {
  return { portalUrl: PORTAL, email: null, webhooks: [], webhookTimeoutMs: 5_000, ...overrides };
}

const webhook = (name: string, format: WebhookTarget["format"], url: string): WebhookTarget => ({ name, format, url, secret: `${SECRET}-${name}` });

async function jobsOf(name: JobName) {
  return db.$queryRaw<{ id: string; state: string; retry_count: number; data: unknown; output: unknown }[]>`
    SELECT id::text, state::text, retry_count, data, output FROM pgboss.job WHERE name = ${name} ORDER BY created_on`;
}

let sequence = 0;
/** A submitted request by Alex (himself a platform approver) for a new account, owned by Dana and Sam. */
async function createPendingRequest(options: { requiredStages?: ApprovalStage[]; expiresAt?: Date } = {}) {
  sequence += 1;
  const unit = await db.unit.findFirstOrThrow({ where: { parentId: { not: null } }, orderBy: { path: "asc" } });
  const now = new Date();
  return db.accountRequest.create({
    data: {
      requesterId: "user_alex",
      status: "PENDING",
      version: 1,
      name: `notify-prd-sg-test${sequence}`,
      nameParts: { product: "notify", descriptor: `test${sequence}` },
      unitId: unit.id,
      environment: "PROD",
      regions: ["ap-singapore"],
      costCenter: "CC-1001",
      dataClassification: "CONFIDENTIAL",
      justification: "A test account for the notification integration tests, long enough.",
      tags: { owner: "dana@lattice.example", "cost-center": "CC-1001" },
      requiredStages: options.requiredStages ?? ["PLATFORM", "SECURITY"],
      approvalVersion: 1,
      submittedAt: now,
      expiresAt: options.expiresAt ?? new Date(now.getTime() + 72 * 3_600_000),
      owners: { create: [{ userId: "user_dana", role: "PRIMARY" }, { userId: "user_tom", role: "SECONDARY" }] },
    },
  });
}

beforeAll(async () => {
  await writeMatrix(generateMatrix({ accounts: 5 }));
  // Transitions send through the process's queue; starting it re-applies the production queue settings, so it
  // starts before any test speeds up retries.
  await getQueue();
});

afterEach(async () => {
  const [first] = queues;
  // Deliveries left waiting would target servers that are gone; they must not reach the next test's.
  if (first) for (const name of DELIVERY_JOBS) await first.boss.purgeQueue(name);
  for (const queue of queues.splice(0)) await queue.stop(1_000);
  for (const server of servers.splice(0)) await server.stop();
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name LIKE 'notification.%'`;
});

afterAll(async () => {
  await (await getQueue()).stop(1_000);
});

describe("notification delivery", () => {
  it("emails each eligible approver once (never the requester) and posts one signed message per webhook", async () => {
    const mail = await sink();
    // The WeCom robot answers 200 with an errcode; Slack and the generic receiver answer "ok".
    const hooks = await receiver(({ path }) => (path === "/sec" ? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' } : 200));
    const targets = [webhook("ops", "slack", hooks.url("/ops")), webhook("sec", "wecom", hooks.url("/sec")), webhook("audit", "generic", hooks.url("/audit"))];
    const queue = await worker(config({ email: { smtpUrl: mail.url, from: "Lattice <lattice@example.com>" }, webhooks: targets }));
    const request = await createPendingRequest();

    const approvers = await db.user.findMany({
      where: { active: true, id: { not: "user_alex" }, groups: { hasSome: ["lattice-approvers", "lattice-security"] } },
      select: { email: true },
    });
    const expected = approvers.map((approver) => approver.email).sort();
    expect(expected).toEqual(["mei@lattice.example", "sam@lattice.example"]);

    const dispatchId = await queue.send("notification.dispatch", { topic: "account-request.awaiting-approval", requestId: request.id });
    await waitFor("two emails and three webhooks", () => mail.messages.length >= expected.length && hooks.requests.length >= targets.length);
    await waitFor("the dispatch to complete", async () => (await queue.boss.getJobById("notification.dispatch", dispatchId!))?.state === "completed");
    await waitFor("every delivery to complete", async () => (await jobsOf("notification.webhook")).every((job) => job.state === "completed"));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hooks.requests.map((received) => received.status)).toEqual([200, 200, 200]);
    expect(mail.messages).toHaveLength(2);

    expect(mail.messages.flatMap((message) => message.rcptTo).sort()).toEqual(expected);
    expect(mail.messages.flatMap((message) => message.rcptTo)).not.toContain("alex@lattice.example");
    const toSam = mail.messages.find((message) => message.rcptTo.includes("sam@lattice.example"));
    expect(toSam).toMatchObject({ mailFrom: "lattice@example.com", subject: `AR-${request.number} ${request.name} waits for approval` });
    expect(toSam?.text).toContain("It waits for your decision as Platform approver.");
    expect(toSam?.text).toContain(`${PORTAL}/requests/${request.id}`);
    expect(mail.messages.find((message) => message.rcptTo.includes("mei@lattice.example"))?.text).toContain("as Security reviewer");

    expect(hooks.requests.map((received) => received.path).sort()).toEqual(["/audit", "/ops", "/sec"]);
    for (const received of hooks.requests) {
      const target = targets.find((candidate) => received.path.endsWith(candidate.name))!;
      expect(checkSignature(received, target.secret), received.path).toEqual({ ok: true });
    }
    const body = (path: string) => JSON.parse(hooks.requests.find((received) => received.path === path)?.body ?? "null");
    expect(body("/ops")).toMatchObject({ text: `AR-${request.number} ${request.name} waits for approval`, blocks: expect.any(Array) });
    expect(body("/sec")).toMatchObject({ msgtype: "markdown", markdown: { content: expect.stringContaining(`(${PORTAL}/requests/${request.id})`) } });
    expect(body("/audit")).toMatchObject({
      topic: "account-request.awaiting-approval",
      request: { id: request.id, reference: `AR-${request.number}`, name: request.name, status: "PENDING" },
      url: `${PORTAL}/requests/${request.id}`,
      occurredAt: request.submittedAt?.toISOString(),
    });
    // The job payload names the webhook; its URL and secret never enter the queue.
    for (const job of await jobsOf("notification.webhook")) expect(JSON.stringify(job.data)).not.toMatch(/127\.0\.0\.1|0123456789abcdef/);
    expect((await queue.boss.getJobById("notification.dispatch", dispatchId!))?.output).toEqual({ emails: 2, webhooks: 3 });
  });

  it("queues nothing twice when a dispatch runs again (a retry after a crash)", async () => {
    const queue = await startQueue({ worker: false });
    queues.push(queue);
    const request = await createPendingRequest();
    const settings = config({ email: { smtpUrl: "smtp://127.0.0.1:9", from: "lattice@example.com" }, webhooks: [webhook("audit", "generic", "http://127.0.0.1:9/")] });
    const job = { id: randomUUID(), name: "notification.dispatch" as const, data: { topic: "account-request.awaiting-approval" as const, requestId: request.id }, retryCount: 0, retryLimit: 5 };

    expect(await dispatchNotification(queue, settings, job)).toEqual({ emails: 2, webhooks: 1 });
    expect(await dispatchNotification(queue, settings, { ...job, retryCount: 1 })).toEqual({ emails: 0, webhooks: 0 });
    expect(await jobsOf("notification.email")).toHaveLength(2);
    expect(await jobsOf("notification.webhook")).toHaveLength(1);
    // Another event (another dispatch job) about the same request is delivered again.
    expect(await dispatchNotification(queue, settings, { ...job, id: randomUUID() })).toEqual({ emails: 2, webhooks: 1 });
  });

  it("asks nobody to approve a request that is no longer pending", async () => {
    const queue = await startQueue({ worker: false });
    queues.push(queue);
    const request = await createPendingRequest();
    await db.accountRequest.update({ where: { id: request.id }, data: { status: "REJECTED", closedAt: new Date() } });
    const settings = config({ email: { smtpUrl: "smtp://127.0.0.1:9", from: "lattice@example.com" } });
    const job = { id: randomUUID(), name: "notification.dispatch" as const, data: { topic: "account-request.awaiting-approval" as const, requestId: request.id }, retryCount: 0, retryLimit: 5 };
    expect(await dispatchNotification(queue, settings, job)).toEqual({ skipped: "stale", emails: 0, webhooks: 0 });
  });

  it("retries a webhook whose receiver fails (500, then 200) and delivers it once", async () => {
    const hooks = await receiver(({ index }) => (index === 0 ? 500 : 200));
    const queue = await worker(config({ webhooks: [webhook("audit", "generic", hooks.url("/flaky"))] }));
    await retryQuickly(queue, "notification.webhook");
    const request = await createPendingRequest();

    await queue.send("notification.dispatch", { topic: "account-request.awaiting-approval", requestId: request.id });
    await waitFor("a 200", () => hooks.requests.some((received) => received.status === 200));
    const [delivery] = await waitFor("the delivery job to complete", async () => {
      const jobs = await jobsOf("notification.webhook");
      return jobs.every((job) => job.state === "completed") && jobs.length > 0 ? jobs : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(hooks.requests.map((received) => received.status)).toEqual([500, 200]);
    expect(delivery).toMatchObject({ state: "completed", retry_count: 1 });
    // Both attempts carry the same delivery id and the same body, each signed afresh.
    const [first, second] = hooks.requests;
    expect(first?.headers["x-lattice-delivery"]).toBe(delivery?.id);
    expect(second?.headers["x-lattice-delivery"]).toBe(delivery?.id);
    expect(second?.body).toBe(first?.body);
    expect(checkSignature(second, `${SECRET}-audit`)).toEqual({ ok: true });
  });

  it("leaves a transition alone while SMTP is down, and delivers once the server is back", async () => {
    const down = await sink();
    const port = down.port;
    await down.stop();
    servers.splice(servers.indexOf(down), 1);
    const queue = await worker(config({ email: { smtpUrl: `smtp://127.0.0.1:${port}`, from: "lattice@example.com" } }));
    await retryQuickly(queue, "notification.email");
    const request = await createPendingRequest({ expiresAt: new Date(Date.now() - 60_000) });

    // The transition commits and queues the dispatch in its own transaction; nothing waits for SMTP.
    expect(await expireRequest(request.id, new Date())).toBe(true);
    const after = await db.accountRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(after).toMatchObject({ status: "EXPIRED", version: 2, closeReason: "Not decided in time." });

    await waitFor("a failed email attempt", async () => (await jobsOf("notification.email")).some((job) => job.retry_count >= 1 || job.state === "retry"));
    expect(await db.accountRequest.findUniqueOrThrow({ where: { id: request.id } })).toEqual(after);

    const back = await sink(port);
    await waitFor("the email, once SMTP is back", () => back.messages.length >= 1);
    await waitFor("the email job to complete", async () => (await jobsOf("notification.email")).every((job) => job.state === "completed"));
    expect(back.messages).toEqual([expect.objectContaining({ rcptTo: ["alex@lattice.example"], subject: `AR-${request.number} ${request.name} expired` })]);
    expect(back.messages[0]?.text).toContain("Nobody decided it in time.");
    expect(await db.accountRequest.findUniqueOrThrow({ where: { id: request.id } })).toEqual(after);
  });
});
