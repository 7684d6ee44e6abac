import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/core/html";
import type { NotificationRequest, Recipient } from "./types";
import {
  decisionOutcome,
  deliveryJobId,
  emailFor,
  escapeSlack,
  escapeWecom,
  genericBody,
  isTopicCurrent,
  recipientsFor,
  requestUrl,
  signWebhook,
  slackBody,
  verifyWebhookSignature,
  webhookBody,
  webhookSignature,
  wecomBody,
} from "./utils";

const PORTAL = "https://lattice.example.com";
const dana = { id: "user_dana", name: "Dana Wright", email: "dana@lattice.example" };
const alex = { id: "user_alex", name: "Alex Chen", email: "alex@lattice.example" };
const sam = { id: "user_sam", name: "Sam Okafor", email: "sam@lattice.example" };
const mei = { id: "user_mei", name: "Mei Tan", email: "mei@lattice.example" };

function request(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  return {
    id: "req_1",
    reference: "AR-12",
    name: "pay-prd-sg-ledger",
    status: "PENDING",
    environment: "PROD",
    unit: "Payments",
    requester: dana,
    owners: [
      { ...dana, role: "PRIMARY", active: true },
      { ...sam, role: "SECONDARY", active: true },
      { id: "user_victor", name: "Victor Hale", email: "victor@lattice.example", role: "SECONDARY", active: false },
    ],
    requiredStages: ["PLATFORM", "SECURITY"],
    approvals: [],
    closeReason: null,
    memberUin: null,
    expiresAt: new Date("2026-12-02T09:00:00Z"),
    submittedAt: new Date("2026-11-29T09:00:00Z"),
    decidedAt: null,
    closedAt: null,
    updatedAt: new Date("2026-11-29T09:00:00Z"),
    failedStep: null,
    ...overrides,
  };
}

describe("recipients", () => {
  it("asks each eligible approver once, with every stage they may decide, and never the requester", () => {
    const eligible = [
      { stage: "PLATFORM" as const, people: [alex, sam, dana] },
      { stage: "SECURITY" as const, people: [mei, sam] },
    ];
    const recipients = recipientsFor("account-request.awaiting-approval", request(), eligible);
    expect(recipients.map((recipient) => recipient.email).sort()).toEqual([alex.email, mei.email, sam.email]);
    expect(recipients.find((recipient) => recipient.userId === sam.id)?.reasons).toEqual([{ kind: "approver", stages: ["PLATFORM", "SECURITY"] }]);
  });

  it("tells the requester of a decision and of a failure", () => {
    for (const topic of ["account-request.decided", "account-request.failed"] as const) {
      expect(recipientsFor(topic, request({ status: "REJECTED" }))).toEqual([{ userId: dana.id, name: dana.name, email: dana.email, reasons: [{ kind: "requester" }] }]);
    }
  });

  it("tells the requester and the active owners that the account is ready, each once", () => {
    const recipients = recipientsFor("account-request.ready", request({ status: "COMPLETED" }));
    expect(recipients.map((recipient) => [recipient.userId, recipient.reasons.map((reason) => reason.kind)])).toEqual([
      [dana.id, ["requester", "owner"]],
      [sam.id, ["owner"]],
    ]);
  });
});

describe("staleness and outcomes", () => {
  it("asks for approval only while pending, and announces ready/failed only in that state", () => {
    expect(isTopicCurrent("account-request.awaiting-approval", "PENDING")).toBe(true);
    expect(isTopicCurrent("account-request.awaiting-approval", "APPROVED")).toBe(false);
    expect(isTopicCurrent("account-request.decided", "PROVISIONING")).toBe(true);
    expect(isTopicCurrent("account-request.decided", "PENDING")).toBe(false);
    expect(isTopicCurrent("account-request.ready", "COMPLETED")).toBe(true);
    expect(isTopicCurrent("account-request.failed", "APPROVED")).toBe(false);
  });

  it("reads an approval that has moved on as approved", () => {
    expect(decisionOutcome("COMPLETED")).toBe("APPROVED");
    expect(decisionOutcome("REJECTED")).toBe("REJECTED");
    expect(decisionOutcome("EXPIRED")).toBe("EXPIRED");
  });
});

describe("email", () => {
  const approver: Recipient = { userId: sam.id, name: sam.name, email: sam.email, reasons: [{ kind: "approver", stages: ["PLATFORM"] }] };

  it("names the request, the stage to decide and links to the request page", () => {
    const email = emailFor("account-request.awaiting-approval", request(), approver, PORTAL);
    expect(email).toMatchObject({ to: sam.email, subject: "AR-12 pay-prd-sg-ledger waits for approval" });
    expect(email.text).toContain("It waits for your decision as Platform approver.");
    expect(email.text).toContain("Decide by 2026-12-02 09:00 UTC");
    expect(email.text).toContain("Open AR-12: https://lattice.example.com/requests/req_1");
    expect(email.html).toContain('<a href="https://lattice.example.com/requests/req_1">');
    expect(email.text).toContain("because you may approve this request");
  });

  it("escapes every value in the HTML part", () => {
    const hostile = request({
      status: "REJECTED",
      requester: { ...dana, name: '<script>alert("x")</script>' },
      closeReason: `Use the "shared" account & <b>stop</b>`,
      approvals: [{ stage: "PLATFORM", decision: "REJECTED", comment: null, approver: { ...alex, name: "Alex <img src=x onerror=1>" }, createdAt: new Date() }],
    });
    const recipient: Recipient = { userId: dana.id, name: '<script>alert("x")</script>', email: dana.email, reasons: [{ kind: "requester" }] };
    const { html, text, subject } = emailFor("account-request.decided", hostile, recipient, PORTAL);
    expect(subject).toBe("AR-12 pay-prd-sg-ledger was rejected");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>stop");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("Reason: Use the &quot;shared&quot; account &amp; &lt;b&gt;stop&lt;/b&gt;");
    expect(text).toContain(`Reason: Use the "shared" account & <b>stop</b>`);
  });

  it("words each decision and the ready and failed events", () => {
    const requester: Recipient = { userId: dana.id, name: dana.name, email: dana.email, reasons: [{ kind: "requester" }] };
    expect(emailFor("account-request.decided", request({ status: "APPROVED" }), requester, PORTAL).text).toContain("Provisioning of the account starts now.");
    expect(emailFor("account-request.decided", request({ status: "EXPIRED" }), requester, PORTAL).subject).toBe("AR-12 pay-prd-sg-ledger expired");
    expect(emailFor("account-request.decided", request({ status: "CANCELLED" }), requester, PORTAL).subject).toBe("AR-12 pay-prd-sg-ledger was cancelled");
    const ready = emailFor("account-request.ready", request({ status: "COMPLETED", memberUin: "100000000123" }), { ...requester, reasons: [{ kind: "owner", role: "PRIMARY" }] }, PORTAL);
    expect(ready.subject).toBe("AR-12 pay-prd-sg-ledger is ready");
    expect(ready.text).toContain("Member account UIN 100000000123");
    expect(ready.text).toContain("You are its primary owner.");
    const failed = emailFor("account-request.failed", request({ status: "FAILED", failedStep: { step: "CREATE_MEMBER", errorCode: "LimitExceeded", finishedAt: null } }), requester, PORTAL);
    expect(failed.text).toContain("Stopped at CREATE_MEMBER (LimitExceeded)");
  });

  it("keeps a path prefix of the portal URL and encodes the id", () => {
    expect(requestUrl("https://example.com/lattice/", "a/b")).toBe("https://example.com/lattice/requests/a%2Fb");
  });
});

describe("webhook formats", () => {
  const hostile = request({ requester: { ...dana, name: "<!channel> *boss* [click](https://evil.example)" } });

  it("Slack: text plus blocks, with &, < and > escaped so nobody can mention the channel", () => {
    const body = slackBody("account-request.awaiting-approval", hostile, PORTAL);
    expect(body.text).toBe("AR-12 pay-prd-sg-ledger waits for approval");
    expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    const section = (body.blocks[0] as { text: { text: string } }).text.text;
    expect(section).toMatch(/^\*<https:\/\/lattice\.example\.com\/requests\/req_1\|AR-12>\* pay-prd-sg-ledger waits for approval\n/);
    expect(section).toContain("&lt;!channel&gt;");
    expect(section).not.toContain("<!channel>");
    expect(escapeSlack("a & <b>")).toBe("a &amp; &lt;b&gt;");
  });

  it("WeCom: markdown content whose people-supplied text cannot make links, tags or mentions", () => {
    const body = wecomBody("account-request.awaiting-approval", hostile, PORTAL);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.content.startsWith("**[AR-12](https://lattice.example.com/requests/req_1)** pay-prd-sg-ledger waits for approval\n> ")).toBe(true);
    expect(body.markdown.content).not.toContain("[click]");
    expect(body.markdown.content).not.toContain("<!channel>");
    expect(escapeWecom('<font color="warning">x</font>')).toBe('＜font color="warning"＞x＜/font＞');
  });

  it("WeCom: content stays within 4,096 bytes", () => {
    const long = request({ status: "REJECTED", closeReason: "拒绝".repeat(2_000) });
    const content = wecomBody("account-request.decided", long, PORTAL).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4_096);
    expect(content.endsWith("…")).toBe(true);
  });

  it("generic: topic, the request's facts, the link and when it happened", () => {
    const approvedAt = new Date("2026-11-30T10:00:00Z");
    const body = genericBody(
      "account-request.decided",
      request({ status: "APPROVED", decidedAt: approvedAt, approvals: [{ stage: "PLATFORM", decision: "APPROVED", comment: "ok", approver: alex, createdAt: approvedAt }] }),
      PORTAL,
    );
    expect(body).toMatchObject({
      topic: "account-request.decided",
      summary: "AR-12 pay-prd-sg-ledger was approved",
      request: { id: "req_1", reference: "AR-12", name: "pay-prd-sg-ledger", status: "APPROVED", environment: "PROD", unit: "Payments", requester: dana },
      url: "https://lattice.example.com/requests/req_1",
      occurredAt: "2026-11-30T10:00:00.000Z",
    });
    expect(JSON.parse(webhookBody("generic", "account-request.decided", request({ status: "APPROVED", decidedAt: approvedAt }), PORTAL))).toMatchObject({ occurredAt: approvedAt.toISOString() });
  });

  it("escapes HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("delivery job ids", () => {
  it("are UUIDs derived from the dispatch and the channel: the same on a retry, different otherwise", () => {
    const id = deliveryJobId("3c24f7a0-0000-4000-8000-000000000001", "email:user_sam");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryJobId("3c24f7a0-0000-4000-8000-000000000001", "email:user_sam")).toBe(id);
    expect(deliveryJobId("3c24f7a0-0000-4000-8000-000000000001", "email:user_mei")).not.toBe(id);
    expect(deliveryJobId("3c24f7a0-0000-4000-8000-000000000002", "email:user_sam")).not.toBe(id);
  });
});

describe("webhook signatures", () => {
  const secret = "0123456789abcdef0123456789abcdef";
  const body = JSON.stringify({ topic: "account-request.ready", request: { id: "req_1" } });
  const now = new Date("2026-11-29T09:00:00Z");

  it("signs timestamp.body with HMAC-SHA256 in the documented headers", () => {
    const headers = signWebhook(secret, body, now);
    expect(headers["X-Lattice-Timestamp"]).toBe("1795942800");
    expect(headers["X-Lattice-Signature"]).toBe(webhookSignature(secret, "1795942800", body));
    expect(headers["X-Lattice-Signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it("verifies a fresh, untouched delivery", () => {
    const headers = signWebhook(secret, body, now);
    const check = verifyWebhookSignature({ secret, body, timestamp: headers["X-Lattice-Timestamp"], signature: headers["X-Lattice-Signature"], now: new Date(now.getTime() + 60_000) });
    expect(check).toEqual({ ok: true });
  });

  it("refuses a tampered body, a moved timestamp and the wrong secret", () => {
    const headers = signWebhook(secret, body, now);
    const base = { secret, body, timestamp: headers["X-Lattice-Timestamp"], signature: headers["X-Lattice-Signature"], now };
    expect(verifyWebhookSignature({ ...base, body: body.replace("ready", "failed") })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ ...base, timestamp: String(Number(base.timestamp) + 1) })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature({ ...base, secret: "another-secret-another-secret" })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a replay outside the window, in either direction", () => {
    const headers = signWebhook(secret, body, now);
    const base = { secret, body, timestamp: headers["X-Lattice-Timestamp"], signature: headers["X-Lattice-Signature"] };
    expect(verifyWebhookSignature({ ...base, now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: "expired" });
    expect(verifyWebhookSignature({ ...base, now: new Date(now.getTime() - 301_000) })).toEqual({ ok: false, reason: "expired" });
    expect(verifyWebhookSignature({ ...base, now: new Date(now.getTime() + 3_600_000), toleranceSeconds: 7_200 })).toEqual({ ok: true });
  });

  it("refuses missing or malformed headers, and accepts any of several secrets during a rotation", () => {
    const headers = signWebhook(secret, body, now);
    expect(verifyWebhookSignature({ secret, body, timestamp: undefined, signature: headers["X-Lattice-Signature"], now })).toEqual({ ok: false, reason: "missing" });
    expect(verifyWebhookSignature({ secret, body, timestamp: "yesterday", signature: headers["X-Lattice-Signature"], now })).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebhookSignature({ secret, body, timestamp: headers["X-Lattice-Timestamp"], signature: "sha1=abc", now })).toEqual({ ok: false, reason: "malformed" });
    expect(
      verifyWebhookSignature({ secret: ["new-secret-new-secret-new", secret], body, timestamp: headers["X-Lattice-Timestamp"], signature: headers["X-Lattice-Signature"], now }),
    ).toEqual({ ok: true });
  });
});
