import type {
  AccessGrantStatus,
  AccessRequestStatus,
  AccountRequestStatus,
  ApprovalDecision,
  ApprovalStage,
  Environment,
  OwnerRole,
} from "@/lib/core/generated/prisma/enums";
import type { JobData } from "@/lib/core/queue";
import type { ReviewRules } from "@/lib/access/types";
import type { WEBHOOK_FORMATS } from "./constants";

/** What happened to an account request; the dispatch job names one (see JOBS in lib/core/queue.ts). */
export type AccountRequestTopic = JobData<"notification.dispatch">["topic"];
/** What happened to an access request or one of its grants; the access job names one. */
export type AccessTopic = JobData<"notification.access">["topic"];
/** Every event Lattice tells people and systems about. */
export type NotificationTopic = AccountRequestTopic | AccessTopic;

/** How a webhook's body is shaped: Slack incoming webhook, WeCom group robot, or Lattice's own JSON. */
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** One configured webhook. The URL and secret come from the environment only, never from a job. */
export interface WebhookTarget {
  /** Lower-case name, e.g. "ops"; jobs refer to the webhook by it. */
  name: string;
  format: WebhookFormat;
  url: string;
  secret: string;
}

/** The notification settings (lib/notifications/schema.ts reads them from the environment). */
export interface NotificationConfig {
  /** Public URL of the portal, for links; null only when no channel is on. */
  portalUrl: string | null;
  /** SMTP delivery; null when SMTP_URL is unset (no email is sent). */
  email: { smtpUrl: string; from: string } | null;
  webhooks: WebhookTarget[];
  /** One webhook POST may take this long before it counts as failed (and is retried). */
  webhookTimeoutMs: number;
}

export interface NotificationPerson {
  id: string;
  name: string;
  email: string;
}

/** The facts about a request that notifications tell (see toNotificationRequest). */
export interface NotificationRequest {
  id: string;
  reference: string;
  name: string;
  status: AccountRequestStatus;
  environment: Environment;
  unit: string;
  requester: NotificationPerson;
  owners: (NotificationPerson & { role: OwnerRole; active: boolean })[];
  requiredStages: ApprovalStage[];
  approvals: { stage: ApprovalStage; decision: string; comment: string | null; approver: NotificationPerson; createdAt: Date }[];
  closeReason: string | null;
  memberUin: string | null;
  expiresAt: Date | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  /** The failed provisioning step, if any. */
  failedStep: { step: string; errorCode: string | null; finishedAt: Date | null } | null;
}

/** One grant of an access request: the access on one account. */
export interface NotificationGrant {
  id: string;
  status: AccessGrantStatus;
  account: { name: string; memberUin: string | null };
  activatedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  revokedBy: NotificationPerson | null;
  revokeReason: string | null;
  /** The last failure of the current transition (activation or removal), as Tencent reported it. */
  errorCode: string | null;
  tencentRequestId: string | null;
  expiryWarnedAt: Date | null;
  updatedAt: Date;
}

/** The facts about an access request that notifications tell, with the grant a grant event is about. */
export interface NotificationAccess extends ReviewRules {
  id: string;
  reference: string;
  status: AccessRequestStatus;
  breakGlass: boolean;
  /** The catalog role's name in the version the request was made under. */
  role: string;
  requester: NotificationPerson;
  accounts: { name: string; memberUin: string | null }[];
  durationSeconds: number;
  startAt: Date | null;
  justification: string;
  ticketUrl: string | null;
  approvals: { decision: ApprovalDecision; comment: string | null; asSecurity: boolean; approver: NotificationPerson; createdAt: Date }[];
  reviewDeadline: Date | null;
  decidedAt: Date | null;
  closeReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The grant a grant event names (null for request events). */
  grant: NotificationGrant | null;
}

/** A person who may review an access request (findEligibleReviewers): `security` when their groups make them a security reviewer. */
export type EligibleReviewer = NotificationPerson & { security: boolean };

/**
 * One event as every channel tells it, whatever it is about: the email, the Slack/WeCom message and the generic
 * JSON are all built from this (emailFor, slackBody, wecomBody and genericBody in utils.ts).
 */
export interface NotificationMessage {
  topic: NotificationTopic;
  /** "AR-12", "JIT-7". */
  reference: string;
  /** What happened, after the reference: "pay-prd-sg-ledger waits for approval". */
  summary: string;
  /** Facts in plain words, one per line. No markup: each channel escapes them its own way. */
  details: string[];
  /** The page to open. */
  url: string;
  /** Break-glass: the subject and the summaries start with "[BREAK-GLASS]". */
  urgent: boolean;
  /** From the subject's own timestamps, so a retried dispatch says the same. */
  occurredAt: Date;
  /** What the generic JSON carries besides topic, summary, url and occurredAt (e.g. `{ request: {...} }`). */
  facts: Record<string, unknown>;
}

/** Why one person hears about an event: it shapes the personal lines of their email. */
export type RecipientReason =
  /** Account requests: may decide these open stages. */
  | { kind: "approver"; stages: ApprovalStage[] }
  | { kind: "requester" }
  /** Account requests: named owner of the new account. */
  | { kind: "owner"; role: OwnerRole }
  /** Access requests: may review it (as a security reviewer when `asSecurity`). */
  | { kind: "reviewer"; asSecurity: boolean }
  /** Access requests: a security reviewer, told of break-glass use or of access Lattice could not change. */
  | { kind: "security" };

export interface Recipient {
  userId: string;
  name: string;
  email: string;
  /** Every reason this person hears about it (a requester may also be an owner). */
  reasons: RecipientReason[];
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What a receiver gets besides the body: the signature headers. */
export interface SignedHeaders {
  "X-Lattice-Timestamp": string;
  "X-Lattice-Signature": string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "malformed" | "expired" | "mismatch" };
