import "server-only";
import nodemailer from "nodemailer";
import { DELIVERY_HEADER, SMTP_TIMEOUTS } from "./constants";
import type { EmailMessage, NotificationConfig, WebhookTarget } from "./types";
import { signWebhook } from "./utils";

/**
 * A delivery that did not happen. `permanent` means retrying cannot help (the server refused the recipient).
 * The message never holds a URL, credential or body: webhook URLs (Slack, WeCom) carry their own secret token.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface Mailer {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** Sends over the SMTP server of SMTP_URL (smtp:// upgrades with STARTTLS when offered; smtps:// is TLS). */
export function createMailer(email: NonNullable<NotificationConfig["email"]>): Mailer {
  // URL options (host, port, credentials, ?requireTLS=true …) take precedence over these defaults.
  const transport = nodemailer.createTransport({ url: email.smtpUrl, ...SMTP_TIMEOUTS });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({ from: email.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
        return { messageId: info.messageId };
      } catch (error) {
        const { code, responseCode } = error as { code?: string; responseCode?: number };
        // A 5xx answer to RCPT TO (unknown mailbox…) will not change on a retry; anything else (connection,
        // authentication, 4xx) may.
        const permanent = code === "EENVELOPE" && typeof responseCode === "number" && responseCode >= 500;
        throw new DeliveryError(`SMTP delivery failed: ${code ?? "error"}${responseCode ? ` ${responseCode}` : ""}`, permanent);
      }
    },
  };
}

/**
 * POSTs one signed body to a webhook. Resolves on a 2xx answer (and, for WeCom, errcode 0); throws DeliveryError
 * otherwise, so the job is retried. Redirects are not followed: a signed body goes only where it was configured.
 */
export async function postWebhook(target: WebhookTarget, body: string, options: { deliveryId: string; timeoutMs: number }): Promise<{ status: number }> {
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Lattice-Webhook/1",
        [DELIVERY_HEADER]: options.deliveryId,
        ...signWebhook(target.secret, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError") throw new DeliveryError(`webhook "${target.name}" did not answer within ${options.timeoutMs / 1000} s`);
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new DeliveryError(`webhook "${target.name}" unreachable: ${cause?.code ?? "network error"}`);
  }
  const text = await response.text().catch(() => "");
  if (response.status < 200 || response.status > 299) throw new DeliveryError(`webhook "${target.name}" answered HTTP ${response.status}`);
  if (target.format === "wecom") {
    // The WeCom robot answers 200 with {"errcode": …} even when it refuses a message.
    const errcode = parseErrcode(text);
    if (errcode !== 0) throw new DeliveryError(`webhook "${target.name}" (WeCom) answered errcode ${errcode ?? "missing"}`);
  }
  return { status: response.status };
}

function parseErrcode(text: string): number | null {
  try {
    const parsed = JSON.parse(text) as { errcode?: unknown };
    return typeof parsed.errcode === "number" ? parsed.errcode : null;
  } catch {
    return null;
  }
}
