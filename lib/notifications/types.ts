import type { AccountRequestStatus, ApprovalStage, Environment, OwnerRole } from "@/lib/core/generated/prisma/enums";
import type { JobData } from "@/lib/core/queue";
import type { WEBHOOK_FORMATS } from "./constants";

/** What happened to an account request; the dispatch job names one (see JOBS in lib/core/queue.ts). */
export type NotificationTopic = JobData<"notification.dispatch">["topic"];

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

/** Why one person hears about a request: it shapes the personal line of their email. */
export type RecipientReason = { kind: "approver"; stages: ApprovalStage[] } | { kind: "requester" } | { kind: "owner"; role: OwnerRole };

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
