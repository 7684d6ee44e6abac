import "server-only";
import { z } from "zod";
import { findEligibleReviewers } from "@/lib/access/data";
import { findEligibleApprovers, findRequestDetail } from "@/lib/account-requests/data";
import { logger } from "@/lib/core/logger";
import type { JobContext, JobInput, JobName, JobQueue } from "@/lib/core/queue";
import { findAccessNotification, findSecurityReviewers } from "./data";
import { createMailer, DeliveryError, postWebhook } from "./service";
import type { NotificationConfig, NotificationMessage, Recipient } from "./types";
import {
  accessMessage,
  accessRecipientsFor,
  accountRequestMessage,
  deliveryJobId,
  emailFor,
  isAccessTopicCurrent,
  isTopicCurrent,
  recipientsFor,
  toNotificationRequest,
  webhookBody,
} from "./utils";

/** Deliveries mostly wait on the network: this many of each kind run at once in one worker. */
const DELIVERY_CONCURRENCY = 4;

export interface DispatchResult {
  skipped?: "request not found" | "grant not found" | "stale" | "no channel";
  emails: number;
  webhooks: number;
}

/** What a dispatch found: nothing to send (and why), or the message and who is emailed. */
type Prepared = { skipped: NonNullable<DispatchResult["skipped"]> } | { message: NotificationMessage; recipients: Recipient[] };

/**
 * Queues one delivery of a dispatch, at most once: its job id is derived from the dispatch job and the channel, and
 * pg-boss inserts nothing when that id exists. The key is kept as singletonKey too, for operators reading
 * pgboss.job. False when the delivery was queued already.
 */
async function queueDeliveryOnce<N extends "notification.email" | "notification.webhook">(
  queue: JobQueue,
  name: N,
  data: JobInput<N>,
  dispatchJobId: string,
  channel: string,
): Promise<boolean> {
  const id = await queue.send(name, data, { id: deliveryJobId(dispatchJobId, channel), singletonKey: `${dispatchJobId}:${channel}` });
  return id !== null;
}

/**
 * The one path of every notification job (account requests and access alike): unless every channel is off,
 * `prepare` reads the subject as it is now and says what to send (recipients only when email is on, so their reads
 * are skipped otherwise); then one email per recipient and one POST per configured webhook are queued, each once
 * however often this dispatch runs (see queueDeliveryOnce), and each is then retried on its own.
 */
async function deliver(
  queue: JobQueue,
  config: NotificationConfig,
  jobId: string,
  prepare: (context: { portalUrl: string; withRecipients: boolean }) => Promise<Prepared>,
): Promise<DispatchResult> {
  const { portalUrl } = config;
  if (!portalUrl || (!config.email && config.webhooks.length === 0)) return { skipped: "no channel", emails: 0, webhooks: 0 };
  const prepared = await prepare({ portalUrl, withRecipients: config.email !== null });
  if ("skipped" in prepared) return { skipped: prepared.skipped, emails: 0, webhooks: 0 };
  const { message } = prepared;

  let emails = 0;
  if (config.email) {
    for (const recipient of prepared.recipients) {
      // One address the email job would refuse must not stop everybody else's notification.
      if (!z.email().safeParse(recipient.email).success) {
        logger.warn("notification email skipped: the address is not valid", { job: jobId, userId: recipient.userId });
        continue;
      }
      if (await queueDeliveryOnce(queue, "notification.email", emailFor(message, recipient), jobId, `email:${recipient.userId}`)) emails += 1;
    }
  }
  let webhooks = 0;
  for (const webhook of config.webhooks) {
    const body = webhookBody(webhook.format, message);
    if (await queueDeliveryOnce(queue, "notification.webhook", { webhook: webhook.name, body }, jobId, `webhook:${webhook.name}`)) webhooks += 1;
  }
  return { emails, webhooks };
}

/** An account-request event: approvers, the requester, owners (see recipientsFor). */
export async function dispatchNotification(queue: JobQueue, config: NotificationConfig, job: JobContext<"notification.dispatch">): Promise<DispatchResult> {
  const { topic, requestId } = job.data;
  return deliver(queue, config, job.id, async ({ portalUrl, withRecipients }) => {
    const detail = await findRequestDetail(requestId);
    if (!detail) return { skipped: "request not found" };
    const request = toNotificationRequest(detail);
    if (!isTopicCurrent(topic, request.status)) return { skipped: "stale" };
    const eligible =
      withRecipients && topic === "account-request.awaiting-approval"
        ? await findEligibleApprovers({
            requesterId: request.requester.id,
            requiredStages: request.requiredStages,
            approvals: request.approvals.map((approval) => ({ stage: approval.stage, approverId: approval.approver.id })),
            ownerIds: request.owners.map((owner) => owner.id),
          })
        : [];
    for (const { stage, people } of eligible) {
      if (people.length === 0) logger.warn("nobody may decide an open stage: no active person has its role", { job: job.id, requestId, stage });
    }
    return { message: accountRequestMessage(topic, request, portalUrl), recipients: withRecipients ? recipientsFor(topic, request, eligible) : [] };
  });
}

/** An access event: reviewers, security reviewers, the requester (see accessRecipientsFor). */
export async function dispatchAccessNotification(queue: JobQueue, config: NotificationConfig, job: JobContext<"notification.access">): Promise<DispatchResult> {
  const { topic, requestId, grantId } = job.data;
  return deliver(queue, config, job.id, async ({ portalUrl, withRecipients }) => {
    const found = await findAccessNotification(requestId, grantId);
    if (!found) return { skipped: "request not found" };
    const { access, targetOwnerIds } = found;
    if (topic.startsWith("access-grant.") && !access.grant) return { skipped: "grant not found" };
    if (!isAccessTopicCurrent(topic, access)) return { skipped: "stale" };
    if (!withRecipients) return { message: accessMessage(topic, access, portalUrl), recipients: [] };

    const askReviewers = topic === "access-request.awaiting-review" || topic === "access-request.break-glass";
    const reviewers = askReviewers
      ? await findEligibleReviewers({
          approvalsRequired: access.approvalsRequired,
          reviewers: access.reviewers,
          securityRequired: access.securityRequired,
          requesterId: access.requester.id,
          targetOwnerIds,
          // Break-glass asks everyone eligible to look at it; a review asks only those who have not decided yet.
          decidedBy: topic === "access-request.awaiting-review" ? access.approvals.map((approval) => approval.approver.id) : [],
        })
      : [];
    if (askReviewers && reviewers.length === 0) logger.warn("nobody may review an access request: no active person is eligible", { job: job.id, requestId });
    const security = topic === "access-request.break-glass" || topic === "access-grant.failed" ? await findSecurityReviewers() : [];
    return { message: accessMessage(topic, access, portalUrl), recipients: accessRecipientsFor(topic, access, { reviewers, security }) };
  });
}

/**
 * Registers the notification jobs in the worker. The dispatches (account requests and access) always run, so their
 * jobs never pile up; email and webhook deliveries run when configured. Logs once which channels are off. Returns
 * the names of the jobs it runs.
 */
export async function registerNotificationJobs(
  queue: JobQueue,
  config: NotificationConfig,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<JobName[]> {
  const polling = options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {};
  const enabled: JobName[] = ["notification.dispatch", "notification.access"];

  await queue.work(
    "notification.dispatch",
    async (job) => {
      const result = await dispatchNotification(queue, config, job);
      logger.info("notification dispatched", { job: job.id, topic: job.data.topic, requestId: job.data.requestId, attempt: job.retryCount + 1, ...result });
      return result;
    },
    polling,
  );
  await queue.work(
    "notification.access",
    async (job) => {
      const result = await dispatchAccessNotification(queue, config, job);
      logger.info("access notification dispatched", {
        job: job.id,
        topic: job.data.topic,
        requestId: job.data.requestId,
        grantId: job.data.grantId,
        attempt: job.retryCount + 1,
        ...result,
      });
      return result;
    },
    polling,
  );

  const { email } = config;
  if (email) {
    const mailer = createMailer(email);
    await queue.work(
      "notification.email",
      async (job) => {
        try {
          const { messageId } = await mailer.send(job.data);
          logger.info("notification email sent", { job: job.id, to: job.data.to, attempt: job.retryCount + 1, messageId });
          return { messageId };
        } catch (error) {
          if (error instanceof DeliveryError && error.permanent) {
            logger.warn("notification email refused for good: not retried", { job: job.id, to: job.data.to, error: error.message });
            return { refused: error.message };
          }
          logger.warn("notification email failed: retried", { job: job.id, to: job.data.to, attempt: job.retryCount + 1, error: errorMessage(error) });
          throw error;
        }
      },
      { ...polling, concurrency: DELIVERY_CONCURRENCY },
    );
    logger.info("notification email on", { from: email.from, smtpHost: smtpHost(email.smtpUrl) });
    enabled.push("notification.email");
  } else {
    logger.warn("notification email off: SMTP_URL is not set, so nobody is emailed (see docs/notifications.md)");
  }

  if (config.webhooks.length > 0) {
    const targets = new Map(config.webhooks.map((webhook) => [webhook.name, webhook]));
    await queue.work(
      "notification.webhook",
      async (job) => {
        const target = targets.get(job.data.webhook);
        if (!target) {
          // Removed from NOTIFY_WEBHOOKS since the job was queued: there is nowhere to send it.
          logger.warn("notification webhook dropped: no longer configured", { job: job.id, webhook: job.data.webhook });
          return { dropped: true };
        }
        try {
          const { status } = await postWebhook(target, job.data.body, { deliveryId: job.id, timeoutMs: config.webhookTimeoutMs });
          logger.info("notification webhook delivered", { job: job.id, webhook: target.name, status, bytes: Buffer.byteLength(job.data.body), attempt: job.retryCount + 1 });
          return { status };
        } catch (error) {
          logger.warn("notification webhook failed: retried", { job: job.id, webhook: target.name, attempt: job.retryCount + 1, error: errorMessage(error) });
          throw error;
        }
      },
      { ...polling, concurrency: DELIVERY_CONCURRENCY },
    );
    logger.info("notification webhooks on", { webhooks: config.webhooks.map((webhook) => `${webhook.name}=${webhook.format}`) });
    enabled.push("notification.webhook");
  } else {
    logger.info("notification webhooks off: NOTIFY_WEBHOOKS is not set");
  }
  return enabled;
}

function errorMessage(error: unknown): string {
  // DeliveryError messages are written to be safe to log; others (a bug) are logged by class only, in case they
  // quote a URL or a body.
  return error instanceof DeliveryError ? error.message : error instanceof Error ? error.name : "unknown error";
}

/** The SMTP host for the log line, without the credentials of the URL. */
function smtpHost(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}
