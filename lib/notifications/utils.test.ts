import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/core/html";
import type { AccessTopic, AccountRequestTopic, NotificationAccess, NotificationGrant, NotificationRequest, Recipient } from "./types";
import {
  accessMessage,
  accessRecipientsFor,
  accessUrl,
  accountRequestMessage,
  decisionOutcome,
  deliveryJobId,
  emailFor,
  escapeSlack,
  escapeWecom,
  genericBody,
  isAccessTopicCurrent,
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

/** The account-request event every channel is built from. */
const message = (topic: AccountRequestTopic, subject: NotificationRequest) => accountRequestMessage(topic, subject, PORTAL);

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
    const email = emailFor(message("account-request.awaiting-approval", request()), approver);
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
    const { html, text, subject } = emailFor(message("account-request.decided", hostile), recipient);
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
    expect(emailFor(message("account-request.decided", request({ status: "APPROVED" })), requester).text).toContain("Provisioning of the account starts now.");
    expect(emailFor(message("account-request.decided", request({ status: "EXPIRED" })), requester).subject).toBe("AR-12 pay-prd-sg-ledger expired");
    expect(emailFor(message("account-request.decided", request({ status: "CANCELLED" })), requester).subject).toBe("AR-12 pay-prd-sg-ledger was cancelled");
    const ready = emailFor(message("account-request.ready", request({ status: "COMPLETED", memberUin: "100000000123" })), { ...requester, reasons: [{ kind: "owner", role: "PRIMARY" }] });
    expect(ready.subject).toBe("AR-12 pay-prd-sg-ledger is ready");
    expect(ready.text).toContain("Member account UIN 100000000123");
    expect(ready.text).toContain("You are its primary owner.");
    const failed = emailFor(message("account-request.failed", request({ status: "FAILED", failedStep: { step: "CREATE_MEMBER", errorCode: "LimitExceeded", finishedAt: null } })), requester);
    expect(failed.text).toContain("Stopped at CREATE_MEMBER (LimitExceeded)");
  });

  it("keeps a path prefix of the portal URL and encodes the id", () => {
    expect(requestUrl("https://example.com/lattice/", "a/b")).toBe("https://example.com/lattice/requests/a%2Fb");
  });
});

describe("webhook formats", () => {
  const hostile = request({ requester: { ...dana, name: "<!channel> *boss* [click](https://evil.example)" } });

  it("Slack: text plus blocks, with &, < and > escaped so nobody can mention the channel", () => {
    const body = slackBody(message("account-request.awaiting-approval", hostile));
    expect(body.text).toBe("AR-12 pay-prd-sg-ledger waits for approval");
    expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    const section = (body.blocks[0] as { text: { text: string } }).text.text;
    expect(section).toMatch(/^\*<https:\/\/lattice\.example\.com\/requests\/req_1\|AR-12>\* pay-prd-sg-ledger waits for approval\n/);
    expect(section).toContain("&lt;!channel&gt;");
    expect(section).not.toContain("<!channel>");
    expect(escapeSlack("a & <b>")).toBe("a &amp; &lt;b&gt;");
  });

  it("WeCom: markdown content whose people-supplied text cannot make links, tags or mentions", () => {
    const body = wecomBody(message("account-request.awaiting-approval", hostile));
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.content.startsWith("**[AR-12](https://lattice.example.com/requests/req_1)** pay-prd-sg-ledger waits for approval\n> ")).toBe(true);
    expect(body.markdown.content).not.toContain("[click]");
    expect(body.markdown.content).not.toContain("<!channel>");
    expect(escapeWecom('<font color="warning">x</font>')).toBe('＜font color="warning"＞x＜/font＞');
  });

  it("WeCom: content stays within 4,096 bytes", () => {
    const long = request({ status: "REJECTED", closeReason: "拒绝".repeat(2_000) });
    const content = wecomBody(message("account-request.decided", long)).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4_096);
    expect(content.endsWith("…")).toBe(true);
  });

  it("generic: topic, the request's facts, the link and when it happened", () => {
    const approvedAt = new Date("2026-11-30T10:00:00Z");
    const body = genericBody(
      message(
        "account-request.decided",
        request({ status: "APPROVED", decidedAt: approvedAt, approvals: [{ stage: "PLATFORM", decision: "APPROVED", comment: "ok", approver: alex, createdAt: approvedAt }] }),
      ),
    );
    expect(body).toMatchObject({
      topic: "account-request.decided",
      summary: "AR-12 pay-prd-sg-ledger was approved",
      request: { id: "req_1", reference: "AR-12", name: "pay-prd-sg-ledger", status: "APPROVED", environment: "PROD", unit: "Payments", requester: dana },
      url: "https://lattice.example.com/requests/req_1",
      occurredAt: "2026-11-30T10:00:00.000Z",
    });
    expect(JSON.parse(webhookBody("generic", message("account-request.decided", request({ status: "APPROVED", decidedAt: approvedAt }))))).toMatchObject({ occurredAt: approvedAt.toISOString() });
  });

  it("escapes HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

// Access requests (JIT access): the same channels, built from an access event.

const LEDGER = { name: "pay-prd-sg-ledger", memberUin: "100000000123" };
const VAULT = { name: "pay-prd-sg-vault", memberUin: "100000000456" };

function access(overrides: Partial<NotificationAccess> = {}): NotificationAccess {
  return {
    id: "acc_1",
    reference: "JIT-7",
    status: "PENDING",
    breakGlass: false,
    role: "Payments admin",
    requester: dana,
    accounts: [LEDGER],
    durationSeconds: 5_400,
    startAt: new Date("2026-12-01T08:00:00Z"),
    justification: "Rotate the ledger database credentials (CHG-1234).",
    ticketUrl: "https://tickets.example.com/CHG-1234",
    approvalsRequired: 1,
    reviewers: ["APPROVER", "ACCOUNT_OWNER"],
    securityRequired: true,
    approvals: [],
    reviewDeadline: new Date("2026-11-30T09:00:00Z"),
    decidedAt: null,
    closeReason: null,
    createdAt: new Date("2026-11-29T09:00:00Z"),
    updatedAt: new Date("2026-11-29T09:00:00Z"),
    grant: null,
    ...overrides,
  };
}

function grant(overrides: Partial<NotificationGrant> = {}): NotificationGrant {
  return {
    id: "grant_1",
    status: "ACTIVE",
    account: LEDGER,
    activatedAt: new Date("2026-12-01T08:00:30Z"),
    expiresAt: new Date("2026-12-01T09:30:30Z"),
    endedAt: null,
    revokedBy: null,
    revokeReason: null,
    errorCode: null,
    tencentRequestId: null,
    expiryWarnedAt: null,
    updatedAt: new Date("2026-12-01T08:00:30Z"),
    ...overrides,
  };
}

const accessEmail = (topic: AccessTopic, subject: NotificationAccess, recipient: Recipient) => emailFor(accessMessage(topic, subject, PORTAL), recipient);
const asRequester: Recipient = { userId: dana.id, name: dana.name, email: dana.email, reasons: [{ kind: "requester" }] };
const reviewerFlags = (list: typeof alex[], security: string[] = []) => list.map((person) => ({ ...person, security: security.includes(person.id) }));

describe("access recipients", () => {
  it("asks the eligible reviewers to review, never the requester, and says whose approval counts as security's", () => {
    const recipients = accessRecipientsFor("access-request.awaiting-review", access(), { reviewers: reviewerFlags([alex, dana, mei], [mei.id]) });
    expect(recipients).toEqual([
      { userId: alex.id, name: alex.name, email: alex.email, reasons: [{ kind: "reviewer", asSecurity: false }] },
      { userId: mei.id, name: mei.name, email: mei.email, reasons: [{ kind: "reviewer", asSecurity: true }] },
    ]);
    // Without a security requirement a security reviewer is one reviewer among others.
    expect(accessRecipientsFor("access-request.awaiting-review", access({ securityRequired: false }), { reviewers: reviewerFlags([mei], [mei.id]) })[0]?.reasons).toEqual([
      { kind: "reviewer", asSecurity: false },
    ]);
  });

  it("tells the eligible reviewers and every security reviewer of break-glass use at once, each person once, never the requester", () => {
    const recipients = accessRecipientsFor("access-request.break-glass", access({ breakGlass: true, status: "APPROVED" }), {
      reviewers: reviewerFlags([alex, mei], [mei.id]),
      security: [mei, sam, dana],
    });
    expect(recipients.map((recipient) => [recipient.userId, recipient.reasons.map((reason) => reason.kind)])).toEqual([
      [alex.id, ["reviewer"]],
      [mei.id, ["reviewer", "security"]],
      [sam.id, ["security"]],
    ]);
  });

  it("tells the requester alone of the decision and of their access starting, ending soon and ending", () => {
    const topics = ["access-request.decided", "access-grant.active", "access-grant.expiring", "access-grant.removed"] as const;
    for (const topic of topics) {
      expect(accessRecipientsFor(topic, access({ grant: grant() }), { reviewers: reviewerFlags([alex]), security: [mei] }), topic).toEqual([asRequester]);
    }
  });

  it("tells the requester and every security reviewer that Lattice could not change the access (a requester in security once)", () => {
    const recipients = accessRecipientsFor("access-grant.failed", access({ grant: grant({ status: "FAILED" }) }), { security: [mei, dana] });
    expect(recipients.map((recipient) => [recipient.userId, recipient.reasons.map((reason) => reason.kind)])).toEqual([
      [dana.id, ["requester", "security"]],
      [mei.id, ["security"]],
    ]);
  });
});

describe("access staleness", () => {
  it("announces each event only while the request or the grant is still where the topic says", () => {
    expect(isAccessTopicCurrent("access-request.awaiting-review", access())).toBe(true);
    expect(isAccessTopicCurrent("access-request.awaiting-review", access({ status: "APPROVED" }))).toBe(false);
    expect(isAccessTopicCurrent("access-request.decided", access({ status: "REJECTED" }))).toBe(true);
    expect(isAccessTopicCurrent("access-request.decided", access())).toBe(false);
    expect(isAccessTopicCurrent("access-request.break-glass", access({ breakGlass: true, status: "APPROVED" }))).toBe(true);
    expect(isAccessTopicCurrent("access-request.break-glass", access())).toBe(false);
    expect(isAccessTopicCurrent("access-grant.active", access({ grant: grant() }))).toBe(true);
    expect(isAccessTopicCurrent("access-grant.expiring", access({ grant: grant({ status: "EXPIRED" }) }))).toBe(false);
    expect(isAccessTopicCurrent("access-grant.removed", access({ grant: grant({ status: "REVOKED" }) }))).toBe(true);
    expect(isAccessTopicCurrent("access-grant.removed", access({ grant: grant({ status: "REMOVING" }) }))).toBe(false);
    expect(isAccessTopicCurrent("access-grant.failed", access({ grant: grant({ status: "REMOVAL_FAILED" }) }))).toBe(true);
    // A removal that failed and then succeeded is no longer worth an alert.
    expect(isAccessTopicCurrent("access-grant.failed", access({ grant: grant({ status: "EXPIRED" }) }))).toBe(false);
  });
});

describe("access messages", () => {
  const reviewer: Recipient = { userId: mei.id, name: mei.name, email: mei.email, reasons: [{ kind: "reviewer", asSecurity: true }] };

  it("asks a reviewer with every fact: reference, role, accounts with UIN, duration, start, justification, deadline, link", () => {
    const email = accessEmail("access-request.awaiting-review", access({ accounts: [LEDGER, VAULT] }), reviewer);
    expect(email).toMatchObject({ to: mei.email, subject: "JIT-7 Payments admin on 2 accounts waits for review" });
    for (const line of [
      "Your approval would give the security review it needs.",
      "Role: Payments admin",
      "Accounts: pay-prd-sg-ledger (UIN 100000000123), pay-prd-sg-vault (UIN 100000000456)",
      "Requested by Dana Wright",
      "Duration: 1 h 30 min",
      "Starts: 2026-12-01 08:00 UTC",
      "Justification: Rotate the ledger database credentials (CHG-1234).",
      "Ticket: https://tickets.example.com/CHG-1234",
      "Needs: 1 more approval, one from a security reviewer",
      "Review by 2026-11-30 09:00 UTC",
      "Open JIT-7: https://lattice.example.com/access/acc_1",
      "You receive this email because you may review this request.",
    ]) {
      expect(email.text).toContain(line);
    }
    expect(email.html).toContain('<a href="https://lattice.example.com/access/acc_1">Open JIT-7 in Lattice</a>');
  });

  it("tells the requester how it was decided, with the reason", () => {
    const approved = accessEmail("access-request.decided", access({ status: "APPROVED", decidedAt: new Date("2026-11-29T10:00:00Z"), approvals: [{ decision: "APPROVED", comment: "Fine for the rotation.", asSecurity: true, approver: mei, createdAt: new Date() }] }), asRequester);
    expect(approved.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger was approved");
    expect(approved.text).toContain("Approved by Mei Tan");
    expect(approved.text).toContain("Mei Tan: “Fine for the rotation.”");
    expect(approved.text).toContain("Access starts at 2026-12-01 08:00 UTC.");
    expect(approved.text).toContain("You receive this email because you requested this access.");

    const denied = accessEmail(
      "access-request.decided",
      access({ status: "REJECTED", closeReason: "Use the read-only role for this.", approvals: [{ decision: "REJECTED", comment: "Use the read-only role for this.", asSecurity: false, approver: alex, createdAt: new Date() }] }),
      asRequester,
    );
    expect(denied.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger was denied");
    expect(denied.text).toContain("Denied by Alex Chen");
    expect(denied.text).toContain("Reason: Use the read-only role for this.");

    const expired = accessEmail("access-request.decided", access({ status: "EXPIRED", closeReason: "Not reviewed in time." }), asRequester);
    expect(expired.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger expired unreviewed");
    expect(expired.text).toContain("Nobody reviewed it in time; no access was given.");
    expect(expired.text).toContain("Reason: Not reviewed in time.");
  });

  it("marks break-glass urgent in the subject and in every webhook format", () => {
    const glass = access({ breakGlass: true, status: "APPROVED", startAt: null, justification: "Payments are down in Singapore; restart the ledger." });
    const security: Recipient = { userId: sam.id, name: sam.name, email: sam.email, reasons: [{ kind: "security" }] };
    const email = accessEmail("access-request.break-glass", glass, security);
    expect(email.subject).toBe("[BREAK-GLASS] JIT-7 Dana Wright used break-glass access: Payments admin on pay-prd-sg-ledger");
    expect(email.text).toContain("As a security reviewer, review this break-glass use and close its review on the request page.");
    expect(email.text).toContain("Starts: at once (break-glass)");
    expect(email.text).toContain("because you are a security reviewer.");
    const event = accessMessage("access-request.break-glass", glass, PORTAL);
    expect(slackBody(event).text.startsWith("[BREAK-GLASS] JIT-7 ")).toBe(true);
    expect(wecomBody(event).markdown.content.startsWith("[BREAK-GLASS] **[JIT-7](https://lattice.example.com/access/acc_1)** ")).toBe(true);
    expect(genericBody(event)).toMatchObject({ topic: "access-request.break-glass", urgent: true, summary: expect.stringMatching(/^\[BREAK-GLASS\] JIT-7 /) });
    expect(accessMessage("access-request.awaiting-review", access(), PORTAL).urgent).toBe(false);
  });

  it("tells the requester their access is active, ends in 15 minutes, and ended (expired, or revoked by whom)", () => {
    const active = accessEmail("access-grant.active", access({ status: "APPROVED", accounts: [LEDGER, VAULT], grant: grant() }), asRequester);
    expect(active.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger is active");
    expect(active.text).toContain("Active since 2026-12-01 08:00 UTC");
    expect(active.text).toContain("Ends at 2026-12-01 09:30 UTC");
    // A grant event names its own account only.
    expect(active.text).toContain("Account: pay-prd-sg-ledger (UIN 100000000123)");
    expect(active.text).not.toContain("pay-prd-sg-vault");

    const expiring = accessEmail("access-grant.expiring", access({ status: "APPROVED", grant: grant() }), asRequester);
    expect(expiring.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger ends soon, at 2026-12-01 09:30 UTC");
    expect(expiring.text).toContain("Console sessions and CLI credentials stop working then.");

    const expired = accessEmail("access-grant.removed", access({ status: "APPROVED", grant: grant({ status: "EXPIRED", endedAt: new Date("2026-12-01T09:30:40Z") }) }), asRequester);
    expect(expired.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger has expired");
    expect(expired.text).toContain("Expired at 2026-12-01 09:30 UTC; the access is removed.");

    const revoked = accessEmail(
      "access-grant.removed",
      access({ status: "APPROVED", grant: grant({ status: "REVOKED", revokedBy: mei, revokeReason: "Incident closed.", endedAt: new Date("2026-12-01T08:40:00Z") }) }),
      asRequester,
    );
    expect(revoked.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger was revoked");
    expect(revoked.text).toContain("Revoked by Mei Tan at 2026-12-01 08:40 UTC");
    expect(revoked.text).toContain("Reason: Incident closed.");
  });

  it("says which change failed, with Tencent's error code and RequestId", () => {
    const security: Recipient = { userId: mei.id, name: mei.name, email: mei.email, reasons: [{ kind: "security" }] };
    const failure = { errorCode: "FailedOperation.RoleConfigurationNotProvisioned", tencentRequestId: "5f1c-req" };
    const activation = accessEmail("access-grant.failed", access({ status: "APPROVED", grant: grant({ status: "FAILED", ...failure }) }), security);
    expect(activation.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger: activation failed");
    expect(activation.text).toContain("Tencent Cloud did not give the access: it is not in place.");
    expect(activation.text).toContain("Tencent error code: FailedOperation.RoleConfigurationNotProvisioned (RequestId 5f1c-req)");
    const removal = accessEmail("access-grant.failed", access({ status: "APPROVED", grant: grant({ status: "REMOVAL_FAILED", ...failure }) }), security);
    expect(removal.subject).toBe("JIT-7 Payments admin on pay-prd-sg-ledger: removal is failing");
    expect(removal.text).toContain("The access is still in place on Tencent Cloud. Lattice keeps retrying the removal.");
    expect(removal.text).toContain("Security reviewers hear when Lattice cannot change access on Tencent Cloud.");
  });

  it("escapes the justification and every other value in the HTML, Slack and WeCom", () => {
    const hostile = access({
      justification: `<script>alert("x")</script> & <!channel> [click](https://evil.example) *now*`,
      requester: { ...dana, name: "Dana <img src=x onerror=1>" },
      role: "Admin <b>all</b>",
    });
    const { html, text } = accessEmail("access-request.awaiting-review", hostile, reviewer);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>all");
    expect(html).toContain("Justification: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;!channel&gt;");
    expect(text).toContain(`Justification: <script>alert("x")</script> & <!channel>`);
    const event = accessMessage("access-request.awaiting-review", hostile, PORTAL);
    const section = (slackBody(event).blocks[0] as { text: { text: string } }).text.text;
    expect(section).not.toContain("<!channel>");
    expect(section).toContain("&lt;!channel&gt;");
    const content = wecomBody(event).markdown.content;
    expect(content).not.toContain("[click]");
    expect(content).not.toContain("<script>");
    expect(content).toContain("＜script＞");
  });

  it("generic: the request's and the grant's facts, the access page and when it happened", () => {
    const removed = access({ status: "APPROVED", grant: grant({ status: "REVOKED", revokedBy: mei, endedAt: new Date("2026-12-01T08:40:00Z") }) });
    const body = JSON.parse(webhookBody("generic", accessMessage("access-grant.removed", removed, PORTAL)));
    expect(body).toMatchObject({
      topic: "access-grant.removed",
      summary: "JIT-7 Payments admin on pay-prd-sg-ledger was revoked",
      urgent: false,
      request: { id: "acc_1", reference: "JIT-7", status: "APPROVED", role: "Payments admin", requester: dana, accounts: [LEDGER], durationSeconds: 5_400 },
      grant: { id: "grant_1", status: "REVOKED", account: LEDGER, revokedBy: mei, endedAt: "2026-12-01T08:40:00.000Z" },
      url: "https://lattice.example.com/access/acc_1",
      occurredAt: "2026-12-01T08:40:00.000Z",
    });
    expect(accessUrl("https://example.com/lattice/", "a/b")).toBe("https://example.com/lattice/access/a%2Fb");
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
