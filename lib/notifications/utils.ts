import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { describeOutstanding, expiryWarningAt, outstandingReview } from "@/lib/access/utils";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import { escapeHtml } from "@/lib/core/html";
import type { RequestDetail } from "@/lib/account-requests/data";
import { requestReference } from "@/lib/account-requests/utils";
import type { AccountRequestStatus, ApprovalStage } from "@/lib/core/generated/prisma/enums";
import { formatDuration } from "@/lib/role-catalog/utils";
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, SLACK_TEXT_MAX, TIMESTAMP_HEADER, URGENT_PREFIX, WECOM_CONTENT_MAX_BYTES } from "./constants";
import type {
  AccessTopic,
  AccountRequestTopic,
  EligibleReviewer,
  EmailMessage,
  NotificationAccess,
  NotificationMessage,
  NotificationPerson,
  NotificationRequest,
  NotificationTopic,
  Recipient,
  RecipientReason,
  SignatureCheck,
  SignedHeaders,
  WebhookFormat,
} from "./types";

/** The facts notifications tell, from the request page's read (findRequestDetail). */
export function toNotificationRequest(detail: RequestDetail): NotificationRequest {
  const failed = detail.steps.find((step) => step.status === "FAILED");
  return {
    id: detail.id,
    reference: requestReference(detail.number),
    name: detail.name,
    status: detail.status,
    environment: detail.environment,
    unit: detail.unit.name,
    requester: detail.requester,
    owners: detail.owners.map((owner) => ({ ...owner.user, role: owner.role })),
    requiredStages: detail.requiredStages,
    approvals: detail.approvals.map((approval) => ({
      stage: approval.stage,
      decision: approval.decision,
      comment: approval.comment,
      approver: approval.approver,
      createdAt: approval.createdAt,
    })),
    closeReason: detail.closeReason,
    memberUin: detail.memberUin,
    expiresAt: detail.expiresAt,
    submittedAt: detail.submittedAt,
    decidedAt: detail.decidedAt,
    closedAt: detail.closedAt,
    updatedAt: detail.updatedAt,
    failedStep: failed ? { step: failed.step, errorCode: failed.errorCode, finishedAt: failed.finishedAt } : null,
  };
}

/**
 * Whether the request is still in the state the topic announces. The dispatch runs after the transition committed,
 * possibly much later (retries, a worker that was down): approvers are never asked to decide a request that is no
 * longer pending, nor told of a failure already retried.
 */
export function isTopicCurrent(topic: AccountRequestTopic, status: AccountRequestStatus): boolean {
  switch (topic) {
    case "account-request.awaiting-approval":
      return status === "PENDING";
    case "account-request.decided":
      return status !== "DRAFT" && status !== "PENDING";
    case "account-request.ready":
      return status === "COMPLETED";
    case "account-request.failed":
      return status === "FAILED";
  }
}

/** How a decided request was decided; once approved it moves on (provisioning…), which still means approved. */
export function decisionOutcome(status: AccountRequestStatus): "APPROVED" | "REJECTED" | "EXPIRED" | "CANCELLED" {
  return status === "REJECTED" || status === "EXPIRED" || status === "CANCELLED" ? status : "APPROVED";
}

/** The request page; the portal URL may carry a path prefix. */
export function requestUrl(portalUrl: string, requestId: string): string {
  return `${portalUrl.replace(/\/+$/, "")}/requests/${encodeURIComponent(requestId)}`;
}

/** When the announced event happened, from the request's own timestamps (so a retried dispatch says the same). */
export function occurredAt(topic: AccountRequestTopic, request: NotificationRequest): Date {
  switch (topic) {
    case "account-request.awaiting-approval":
      return request.approvals.at(-1)?.createdAt ?? request.submittedAt ?? request.updatedAt;
    case "account-request.decided":
      return request.closedAt ?? request.decidedAt ?? request.updatedAt;
    case "account-request.ready":
      return request.closedAt ?? request.updatedAt;
    case "account-request.failed":
      return request.failedStep?.finishedAt ?? request.updatedAt;
  }
}

/**
 * The job id of one delivery of one dispatch, derived from both (a UUID-shaped SHA-256 prefix): a dispatch that
 * runs again derives the same ids, and pg-boss refuses a job whose id exists. (A singletonKey alone does not
 * deduplicate on a "standard" queue, and singletonSeconds slots are at most 12 hours, so a retry could straddle one.)
 */
export function deliveryJobId(dispatchJobId: string, channel: string): string {
  const hex = createHash("sha256").update(`${dispatchJobId}:${channel}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** "2026-12-02 09:00 UTC". */
export function formatUtc(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function stageLabels(stages: readonly ApprovalStage[]): string {
  return stages.map((stage) => STAGE_LABEL[stage]).join(", ");
}

type Eligible = { stage: ApprovalStage; people: { id: string; name: string; email: string }[] }[];

/**
 * Who hears about the event: for awaiting-approval the people who may decide an open stage (`eligible`, from
 * findEligibleApprovers), never the requester; otherwise the requester, and for a ready account also its active
 * owners. One entry per person, with every reason they hear about it.
 */
export function recipientsFor(topic: AccountRequestTopic, request: NotificationRequest, eligible: Eligible = []): Recipient[] {
  const byUser = new Map<string, Recipient>();
  const add = (person: { id: string; name: string; email: string }, reason: RecipientReason) => {
    const existing = byUser.get(person.id);
    if (existing) existing.reasons.push(reason);
    else byUser.set(person.id, { userId: person.id, name: person.name, email: person.email, reasons: [reason] });
  };
  if (topic === "account-request.awaiting-approval") {
    const stagesByPerson = new Map<string, { person: Eligible[number]["people"][number]; stages: ApprovalStage[] }>();
    for (const { stage, people } of eligible) {
      for (const person of people) {
        // findEligibleApprovers already leaves the requester out; this keeps the rule if that read ever changes.
        if (person.id === request.requester.id) continue;
        const entry = stagesByPerson.get(person.id) ?? { person, stages: [] };
        entry.stages.push(stage);
        stagesByPerson.set(person.id, entry);
      }
    }
    for (const { person, stages } of stagesByPerson.values()) add(person, { kind: "approver", stages });
    return [...byUser.values()];
  }
  add(request.requester, { kind: "requester" });
  if (topic === "account-request.ready") {
    for (const owner of request.owners) if (owner.active) add(owner, { kind: "owner", role: owner.role });
  }
  return [...byUser.values()];
}

/** The event in plain words: a one-line summary (after the reference) and detail lines. No markup. */
export function describeEvent(topic: AccountRequestTopic, request: NotificationRequest): { summary: string; details: string[] } {
  const where = `${request.unit} (${request.environment})`;
  switch (topic) {
    case "account-request.awaiting-approval": {
      const approved = new Set(request.approvals.map((approval) => approval.stage));
      const open = request.requiredStages.filter((stage) => !approved.has(stage));
      return {
        summary: `${request.name} waits for approval`,
        details: [
          `Requested by ${request.requester.name} for ${where}`,
          `Waiting for: ${stageLabels(open)}`,
          ...request.approvals.map((approval) => `Approved by ${approval.approver.name} (${STAGE_LABEL[approval.stage]})`),
          ...(request.expiresAt ? [`Decide by ${formatUtc(request.expiresAt)}`] : []),
        ],
      };
    }
    case "account-request.decided": {
      const outcome = decisionOutcome(request.status);
      const reason = request.closeReason ? [`Reason: ${request.closeReason}`] : [];
      if (outcome === "APPROVED") {
        return {
          summary: `${request.name} was approved`,
          details: [
            ...request.approvals.map((approval) => `Approved by ${approval.approver.name} (${STAGE_LABEL[approval.stage]})`),
            "Provisioning of the account starts now.",
          ],
        };
      }
      if (outcome === "REJECTED") {
        const rejection = request.approvals.find((approval) => approval.decision === "REJECTED");
        return {
          summary: `${request.name} was rejected`,
          details: [...(rejection ? [`Rejected by ${rejection.approver.name} (${STAGE_LABEL[rejection.stage]})`] : []), ...reason],
        };
      }
      if (outcome === "EXPIRED") return { summary: `${request.name} expired`, details: ["Nobody decided it in time.", ...reason] };
      return { summary: `${request.name} was cancelled`, details: reason };
    }
    case "account-request.ready":
      return {
        summary: `${request.name} is ready`,
        details: [
          ...(request.memberUin ? [`Member account UIN ${request.memberUin}`] : []),
          `In ${where}`,
          `Owners: ${request.owners.map((owner) => `${owner.name}${owner.role === "PRIMARY" ? " (primary)" : ""}`).join(", ")}`,
        ],
      };
    case "account-request.failed":
      return {
        summary: `${request.name}: provisioning failed`,
        details: [
          ...(request.failedStep ? [`Stopped at ${request.failedStep.step}${request.failedStep.errorCode ? ` (${request.failedStep.errorCode})` : ""}`] : []),
          "A platform admin can retry it from the request page.",
        ],
      };
  }
}

/** An account request event as every channel tells it. */
export function accountRequestMessage(topic: AccountRequestTopic, request: NotificationRequest, portalUrl: string): NotificationMessage {
  return {
    topic,
    reference: request.reference,
    ...describeEvent(topic, request),
    url: requestUrl(portalUrl, request.id),
    urgent: false,
    occurredAt: occurredAt(topic, request),
    facts: {
      request: {
        id: request.id,
        reference: request.reference,
        name: request.name,
        status: request.status,
        environment: request.environment,
        unit: request.unit,
        requester: request.requester,
        requiredStages: request.requiredStages,
        approvals: request.approvals.map((approval) => ({
          stage: approval.stage,
          decision: approval.decision,
          approver: approval.approver,
          at: approval.createdAt.toISOString(),
        })),
        closeReason: request.closeReason,
        memberUin: request.memberUin,
      },
    },
  };
}

// Access requests (JIT access): the request, and the grant a grant event is about.

export function isAccessTopic(topic: NotificationTopic): topic is AccessTopic {
  return topic.startsWith("access-");
}

/** The access request's page; the portal URL may carry a path prefix. */
export function accessUrl(portalUrl: string, requestId: string): string {
  return `${portalUrl.replace(/\/+$/, "")}/access/${encodeURIComponent(requestId)}`;
}

/**
 * Whether the request (or the grant) is still where the topic says. As for account requests, the dispatch may run
 * long after the event: nobody is asked to review a request decided meanwhile, told that access is active once it
 * has ended, or alerted about a removal that has since succeeded.
 */
export function isAccessTopicCurrent(topic: AccessTopic, access: NotificationAccess): boolean {
  const grant = access.grant?.status;
  switch (topic) {
    case "access-request.awaiting-review":
      return access.status === "PENDING";
    case "access-request.decided":
      return access.status !== "PENDING";
    case "access-request.break-glass":
      return access.breakGlass;
    case "access-grant.active":
    case "access-grant.expiring":
      return grant === "ACTIVE";
    case "access-grant.removed":
      return grant === "EXPIRED" || grant === "REVOKED";
    case "access-grant.failed":
      return grant === "FAILED" || grant === "REMOVAL_FAILED";
  }
}

/** When the announced event happened, from the request's and grant's own timestamps. */
export function accessOccurredAt(topic: AccessTopic, access: NotificationAccess): Date {
  const { grant } = access;
  switch (topic) {
    case "access-request.awaiting-review":
      return access.approvals.at(-1)?.createdAt ?? access.createdAt;
    case "access-request.decided":
      return access.decidedAt ?? access.updatedAt;
    case "access-request.break-glass":
      return access.createdAt;
    case "access-grant.active":
      return grant?.activatedAt ?? grant?.updatedAt ?? access.updatedAt;
    case "access-grant.expiring":
      return grant?.expiryWarnedAt ?? (grant?.expiresAt ? expiryWarningAt(grant.expiresAt) : (grant?.updatedAt ?? access.updatedAt));
    case "access-grant.removed":
      return grant?.endedAt ?? grant?.updatedAt ?? access.updatedAt;
    case "access-grant.failed":
      return (grant?.status === "FAILED" ? grant.endedAt : null) ?? grant?.updatedAt ?? access.updatedAt;
  }
}

/**
 * Who hears about an access event, each person once with every reason:
 * - awaiting-review: the people who may review it now (`reviewers`);
 * - break-glass: those reviewers and every security reviewer (`security`), at once;
 * - decided, grant active / expiring / removed: the requester;
 * - grant failed: the requester and every security reviewer.
 * The requester is never asked to review their own request, whatever the reads return.
 */
export function accessRecipientsFor(
  topic: AccessTopic,
  access: NotificationAccess,
  people: { reviewers?: readonly EligibleReviewer[]; security?: readonly NotificationPerson[] } = {},
): Recipient[] {
  const byUser = new Map<string, Recipient>();
  const add = (person: NotificationPerson, reason: RecipientReason) => {
    const existing = byUser.get(person.id);
    if (existing) existing.reasons.push(reason);
    else byUser.set(person.id, { userId: person.id, name: person.name, email: person.email, reasons: [reason] });
  };
  const others = <P extends NotificationPerson>(list: readonly P[] = []) => list.filter((person) => person.id !== access.requester.id);
  switch (topic) {
    case "access-request.awaiting-review":
    case "access-request.break-glass":
      for (const person of others(people.reviewers)) add(person, { kind: "reviewer", asSecurity: person.security && access.securityRequired });
      if (topic === "access-request.break-glass") for (const person of others(people.security)) add(person, { kind: "security" });
      break;
    case "access-grant.failed":
      add(access.requester, { kind: "requester" });
      for (const person of people.security ?? []) add(person, { kind: "security" });
      break;
    default:
      add(access.requester, { kind: "requester" });
  }
  return [...byUser.values()];
}

function accountLabel(account: { name: string; memberUin: string | null }): string {
  return account.memberUin ? `${account.name} (UIN ${account.memberUin})` : account.name;
}

/** The facts every access message repeats: role, account(s) with UIN, duration, start, justification, ticket. */
function accessFacts(access: NotificationAccess): string[] {
  const accounts = access.grant ? [access.grant.account] : access.accounts;
  return [
    `Role: ${access.role}`,
    `${accounts.length === 1 ? "Account" : "Accounts"}: ${accounts.map(accountLabel).join(", ")}`,
    `Requested by ${access.requester.name}`,
    `Duration: ${formatDuration(access.durationSeconds)}`,
    ...(access.grant ? [] : [`Starts: ${access.breakGlass ? "at once (break-glass)" : access.startAt ? formatUtc(access.startAt) : "as soon as it is approved"}`]),
    `Justification: ${access.justification}`,
    ...(access.ticketUrl ? [`Ticket: ${access.ticketUrl}`] : []),
  ];
}

/** The event in plain words, after the reference: a summary and detail lines. No markup. */
export function describeAccessEvent(topic: AccessTopic, access: NotificationAccess): { summary: string; details: string[] } {
  const { grant } = access;
  const target = grant ? grant.account.name : access.accounts.length === 1 ? (access.accounts[0]?.name ?? "") : `${access.accounts.length} accounts`;
  const what = `${access.role} on ${target}`;
  const facts = accessFacts(access);
  const approvedBy = access.approvals.filter((approval) => approval.decision === "APPROVED").map((approval) => approval.approver.name);
  const reason = access.closeReason ? [`Reason: ${access.closeReason}`] : [];
  const tencentError = grant?.errorCode ? [`Tencent error code: ${grant.errorCode}${grant.tencentRequestId ? ` (RequestId ${grant.tencentRequestId})` : ""}`] : [];
  switch (topic) {
    case "access-request.awaiting-review":
      return {
        summary: `${what} waits for review`,
        details: [
          ...facts,
          `Needs: ${describeOutstanding(outstandingReview(access, access.approvals.map((approval) => ({ ...approval, approverId: approval.approver.id }))))}`,
          ...(approvedBy.length > 0 ? [`Approved so far by ${approvedBy.join(", ")}`] : []),
          ...(access.reviewDeadline ? [`Review by ${formatUtc(access.reviewDeadline)}`] : []),
        ],
      };
    case "access-request.decided":
      switch (access.status) {
        case "REJECTED": {
          const denial = access.approvals.find((approval) => approval.decision === "REJECTED");
          const why = reason.length > 0 ? reason : denial?.comment ? [`Reason: ${denial.comment}`] : [];
          return { summary: `${what} was denied`, details: [...(denial ? [`Denied by ${denial.approver.name}`] : []), ...why, ...facts] };
        }
        case "EXPIRED":
          return { summary: `${what} expired unreviewed`, details: ["Nobody reviewed it in time; no access was given.", ...reason, ...facts] };
        case "CANCELLED":
          return { summary: `${what} was cancelled`, details: [...reason, ...facts] };
        default:
          return {
            summary: `${what} was approved`,
            details: [
              ...(approvedBy.length > 0 ? [`Approved by ${approvedBy.join(", ")}`] : []),
              ...access.approvals.filter((approval) => approval.decision === "APPROVED" && approval.comment).map((approval) => `${approval.approver.name}: “${approval.comment}”`),
              access.startAt && access.startAt > (access.decidedAt ?? access.updatedAt) ? `Access starts at ${formatUtc(access.startAt)}.` : "Access starts now.",
              ...facts,
            ],
          };
      }
    case "access-request.break-glass":
      return {
        summary: `${access.requester.name} used break-glass access: ${what}`,
        details: ["Access was given at once, without review. A security reviewer reviews it afterwards.", ...facts],
      };
    case "access-grant.active":
      return {
        summary: `${what} is active`,
        details: [
          ...(grant?.activatedAt ? [`Active since ${formatUtc(grant.activatedAt)}`] : []),
          ...(grant?.expiresAt ? [`Ends at ${formatUtc(grant.expiresAt)}`] : []),
          "Sign in to the Tencent Cloud console through your Cloud Identity Center user portal, or get CLI credentials from the request page.",
          ...facts,
        ],
      };
    case "access-grant.expiring":
      // The exact end, not "in 15 minutes": a dispatch that ran late would say too much.
      return {
        summary: `${what} ends soon${grant?.expiresAt ? `, at ${formatUtc(grant.expiresAt)}` : ""}`,
        details: ["Console sessions and CLI credentials stop working then.", "Need more time? Make a new request.", ...facts],
      };
    case "access-grant.removed":
      if (grant?.status === "REVOKED") {
        return {
          summary: `${what} was revoked`,
          details: [
            `Revoked by ${grant.revokedBy?.name ?? "Lattice"}${grant.endedAt ? ` at ${formatUtc(grant.endedAt)}` : ""}`,
            ...(grant.revokeReason ? [`Reason: ${grant.revokeReason}`] : []),
            ...facts,
          ],
        };
      }
      return {
        summary: `${what} has expired`,
        details: [`Expired at ${formatUtc(grant?.expiresAt ?? grant?.endedAt ?? access.updatedAt)}; the access is removed.`, ...facts],
      };
    case "access-grant.failed":
      if (grant?.status === "REMOVAL_FAILED") {
        return {
          summary: `${what}: removal is failing`,
          details: ["The access is still in place on Tencent Cloud. Lattice keeps retrying the removal.", ...tencentError, ...facts],
        };
      }
      return {
        summary: `${what}: activation failed`,
        details: ["Tencent Cloud did not give the access: it is not in place.", ...tencentError, ...facts],
      };
  }
}

/** An access event as every channel tells it; break-glass is urgent. */
export function accessMessage(topic: AccessTopic, access: NotificationAccess, portalUrl: string): NotificationMessage {
  const { grant } = access;
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    topic,
    reference: access.reference,
    ...describeAccessEvent(topic, access),
    url: accessUrl(portalUrl, access.id),
    urgent: topic === "access-request.break-glass",
    occurredAt: accessOccurredAt(topic, access),
    facts: {
      request: {
        id: access.id,
        reference: access.reference,
        status: access.status,
        breakGlass: access.breakGlass,
        role: access.role,
        requester: access.requester,
        accounts: access.accounts,
        durationSeconds: access.durationSeconds,
        startAt: iso(access.startAt),
        justification: access.justification,
        ticketUrl: access.ticketUrl,
        approvalsRequired: access.approvalsRequired,
        reviewers: access.reviewers,
        securityRequired: access.securityRequired,
        approvals: access.approvals.map((approval) => ({
          decision: approval.decision,
          asSecurity: approval.asSecurity,
          approver: approval.approver,
          at: approval.createdAt.toISOString(),
        })),
        reviewDeadline: iso(access.reviewDeadline),
        closeReason: access.closeReason,
      },
      grant: grant
        ? {
            id: grant.id,
            status: grant.status,
            account: grant.account,
            activatedAt: iso(grant.activatedAt),
            expiresAt: iso(grant.expiresAt),
            endedAt: iso(grant.endedAt),
            revokedBy: grant.revokedBy,
            revokeReason: grant.revokeReason,
            errorCode: grant.errorCode,
            tencentRequestId: grant.tencentRequestId,
          }
        : null,
    },
  };
}

// Every channel, for every kind of event.

/** The subject line: the reference and the summary, urgent events marked first. */
export function headline(message: NotificationMessage): string {
  return `${message.urgent ? `${URGENT_PREFIX} ` : ""}${message.reference} ${message.summary}`;
}

function personalLines(topic: NotificationTopic, reasons: readonly RecipientReason[]): { lead: string[]; why: string } {
  const lead: string[] = [];
  const why: string[] = [];
  for (const reason of reasons) {
    switch (reason.kind) {
      case "approver":
        lead.push(`It waits for your decision as ${stageLabels(reason.stages)}.`);
        why.push("you may approve this request");
        break;
      case "requester":
        why.push(isAccessTopic(topic) ? "you requested this access" : "you requested this account");
        break;
      case "owner":
        if (topic === "account-request.ready") lead.push(`You are its ${reason.role === "PRIMARY" ? "primary" : "secondary"} owner.`);
        why.push(`you are named ${reason.role === "PRIMARY" ? "the primary" : "a secondary"} owner of this account`);
        break;
      case "reviewer":
        if (topic === "access-request.break-glass") lead.push("It is active already: nobody reviewed it first.");
        else lead.push(reason.asSecurity ? "Your approval would give the security review it needs." : "You may approve or deny it.");
        why.push("you may review this request");
        break;
      case "security":
        lead.push(
          topic === "access-request.break-glass"
            ? "As a security reviewer, review this break-glass use and close its review on the request page."
            : "Security reviewers hear when Lattice cannot change access on Tencent Cloud.",
        );
        why.push("you are a security reviewer");
        break;
    }
  }
  return { lead, why: `You receive this email because ${why.join(" and ")}.` };
}

/** One email to one recipient: subject, plain text and HTML (every value escaped), with a link to the page. */
export function emailFor(message: NotificationMessage, recipient: Recipient): EmailMessage {
  const { details, url, reference } = message;
  const { lead, why } = personalLines(message.topic, recipient.reasons);
  const subject = headline(message);
  const text = [`Hello ${recipient.name},`, "", `${subject}.`, ...lead, "", ...details, "", `Open ${reference}: ${url}`, "", "-- ", why, ""].join("\n");
  const paragraph = (line: string) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`;
  const html = [
    "<!doctype html>",
    '<html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:14px;line-height:1.5;color:#111">',
    paragraph(`Hello ${recipient.name},`),
    `<p style="margin:0 0 8px"><strong>${escapeHtml(subject)}.</strong></p>`,
    ...lead.map(paragraph),
    `<ul style="margin:0 0 12px;padding-left:20px">${details.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
    `<p style="margin:0 0 16px"><a href="${escapeHtml(url)}">Open ${escapeHtml(reference)} in Lattice</a></p>`,
    `<p style="margin:0;color:#666;font-size:12px">${escapeHtml(why)}</p>`,
    "</body></html>",
  ].join("\n");
  return { to: recipient.email, subject, text, html };
}

/** Slack treats &, < and > as control characters (links, mentions such as <!channel>); everything else is text. */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * WeCom markdown has no escape character: brackets, angle brackets, backticks and asterisks from people's input
 * become their full-width look-alikes, so a name cannot make a link, a <font>/<@mention> tag or formatting.
 */
export function escapeWecom(value: string): string {
  const replacements: Record<string, string> = { "[": "［", "]": "］", "<": "＜", ">": "＞", "`": "｀", "*": "＊" };
  return value.replace(/[[\]<>`*]/g, (character) => replacements[character] ?? character).replace(/[\r\n]+/g, " ");
}

function truncateChars(value: string, max: number): string {
  const characters = [...value];
  return characters.length <= max ? value : `${characters.slice(0, max - 1).join("")}…`;
}

function truncateBytes(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  const characters = [...value];
  while (characters.length > 0 && Buffer.byteLength(`${characters.join("")}…`) > maxBytes) characters.pop();
  return `${characters.join("")}…`;
}

/** A Slack incoming-webhook message: `text` (the notification fallback) and `blocks`. */
export function slackBody(message: NotificationMessage) {
  const { summary, details, url, reference } = message;
  const urgent = message.urgent ? `${URGENT_PREFIX} ` : "";
  const section = truncateChars(
    [`${urgent}*<${url}|${escapeSlack(reference)}>* ${escapeSlack(summary)}`, ...details.map((line) => `• ${escapeSlack(line)}`)].join("\n"),
    SLACK_TEXT_MAX,
  );
  return {
    text: truncateChars(escapeSlack(headline(message)), SLACK_TEXT_MAX),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: section } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Lattice · ${message.topic}` }] },
    ],
  };
}

/** A WeCom group-robot message (msgtype markdown). */
export function wecomBody(message: NotificationMessage) {
  const { summary, details, url, reference } = message;
  const urgent = message.urgent ? `${URGENT_PREFIX} ` : "";
  const content = [`${urgent}**[${escapeWecom(reference)}](${url})** ${escapeWecom(summary)}`, ...details.map((line) => `> ${escapeWecom(line)}`)].join("\n");
  return { msgtype: "markdown" as const, markdown: { content: truncateBytes(content, WECOM_CONTENT_MAX_BYTES) } };
}

/** Lattice's own JSON event, for receivers that process it (audit, ticketing). */
export function genericBody(message: NotificationMessage) {
  return {
    topic: message.topic,
    summary: headline(message),
    urgent: message.urgent,
    ...message.facts,
    url: message.url,
    occurredAt: message.occurredAt.toISOString(),
  };
}

/** The body a webhook of this format receives, as the exact string that is signed and sent. */
export function webhookBody(format: WebhookFormat, message: NotificationMessage): string {
  const body = format === "slack" ? slackBody(message) : format === "wecom" ? wecomBody(message) : genericBody(message);
  return JSON.stringify(body);
}

/** `sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The signature headers for one attempt; each retry signs again with a fresh timestamp (Unix seconds). */
export function signWebhook(secret: string, body: string, now: Date = new Date()): SignedHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) };
}

/**
 * For receivers: checks the signature of a delivery over the raw body as received (not re-serialized JSON), in
 * constant time, against one secret or several (during a rotation), and refuses a timestamp further than
 * `toleranceSeconds` from `now`, so a captured delivery cannot be replayed later.
 */
export function verifyWebhookSignature(input: {
  secret: string | readonly string[];
  body: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { body, timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "malformed" };
  const received = Buffer.from(signature.slice("sha256=".length), "hex");
  const secrets = typeof input.secret === "string" ? [input.secret] : input.secret;
  const matches = secrets.some((secret) => timingSafeEqual(Buffer.from(webhookSignature(secret, timestamp, body).slice("sha256=".length), "hex"), received));
  if (!matches) return { ok: false, reason: "mismatch" };
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: "expired" };
  return { ok: true };
}
