import { z } from "zod";
import { envText } from "@/lib/core/validation";
import { DEFAULT_WEBHOOK_TIMEOUT_SECONDS, WEBHOOK_FORMATS, WEBHOOK_SECRET_MIN } from "./constants";
import type { NotificationConfig, WebhookFormat, WebhookTarget } from "./types";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const smtpUrl = z.string().refine((value) => ["smtp:", "smtps:"].includes(parsedUrl(value)?.protocol ?? ""), {
  message: "must look like smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS)",
});

/** "lattice@example.com" or "Lattice <lattice@example.com>". */
const mailFrom = z.string().regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
  message: 'must be an address such as lattice@example.com or "Lattice <lattice@example.com>"',
});

const portalUrl = z.string().refine((value) => ["http:", "https:"].includes(parsedUrl(value)?.protocol ?? ""), {
  message: "must be the portal's public http(s) URL, e.g. https://lattice.example.com",
});

/** The secret is in the receiver's hands too; a webhook body is signed, so the URL must at least not be plaintext. */
const webhookUrl = z.string().refine(
  (value) => {
    const url = parsedUrl(value);
    return url?.protocol === "https:" || (url?.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  },
  { message: "must be an https:// URL (http:// only for localhost)" },
);

const webhookSecret = z.string().min(WEBHOOK_SECRET_MIN, {
  message: `must be at least ${WEBHOOK_SECRET_MIN} characters (openssl rand -hex 32)`,
});

const WEBHOOK_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** "ops=slack,sec=wecom,audit=generic" → [{ name, format }]; names are unique. */
const webhookList = z.string().transform((value, context) => {
  const entries: { name: string; format: WebhookFormat }[] = [];
  for (const item of value.split(",").map((part) => part.trim()).filter(Boolean)) {
    const [name = "", format = "", ...rest] = item.split("=").map((part) => part.trim());
    if (!WEBHOOK_NAME.test(name) || rest.length > 0 || !(WEBHOOK_FORMATS as readonly string[]).includes(format)) {
      context.addIssue({
        code: "custom",
        message: `"${item}": each entry is name=format, the name lower-case letters, digits and dashes, the format one of ${WEBHOOK_FORMATS.join(", ")}`,
      });
      return z.NEVER;
    }
    if (entries.some((entry) => entry.name === name)) {
      context.addIssue({ code: "custom", message: `"${name}" is listed twice` });
      return z.NEVER;
    }
    entries.push({ name, format: format as WebhookFormat });
  }
  return entries;
});

/** The fixed variables; each webhook adds NOTIFY_WEBHOOK_<NAME>_URL and _SECRET (see webhookVariables). */
export const notificationEnvSchema = z.object({
  SMTP_URL: envText.pipe(smtpUrl.optional()),
  MAIL_FROM: envText.pipe(mailFrom.optional()),
  AUTH_URL: envText.pipe(portalUrl.optional()),
  PORTAL_URL: envText.pipe(portalUrl.optional()),
  NOTIFY_WEBHOOKS: envText.pipe(webhookList.optional()),
  NOTIFY_WEBHOOK_TIMEOUT_SECONDS: envText.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of seconds, 1–60")
      .transform(Number)
      .refine((seconds) => seconds >= 1 && seconds <= 60, "must be a whole number of seconds, 1–60")
      .optional(),
  ),
});

/** The environment variables that hold one webhook's URL and secret: "ops-alerts" → NOTIFY_WEBHOOK_OPS_ALERTS_URL. */
export function webhookVariables(name: string): { url: string; secret: string } {
  const stem = `NOTIFY_WEBHOOK_${name.toUpperCase().replaceAll("-", "_")}`;
  return { url: `${stem}_URL`, secret: `${stem}_SECRET` };
}

export interface ConfigIssue {
  variable: string;
  problem: string;
}

/** A malformed notification setting; `issues` name each variable (never its value: some are secrets). */
export class NotificationConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid notification configuration:\n${issues.map((issue) => `  - ${issue.variable}: ${issue.problem}`).join("\n")}\nSee docs/notifications.md.`);
    this.name = "NotificationConfigError";
  }
}

function toIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    variable: issue.path.map(String).join(".") || "?",
    problem: /received undefined/.test(issue.message) ? "is not set" : issue.message,
  }));
}

/**
 * The notification settings from the environment (the worker's process.env by default). Throws
 * NotificationConfigError naming every malformed or missing variable. Nothing configured is valid: notifications
 * are then off.
 */
export function readNotificationConfig(source: Record<string, string | undefined> = process.env): NotificationConfig {
  const base = notificationEnvSchema.safeParse(source);
  if (!base.success) throw new NotificationConfigError(toIssues(base.error));
  const fixed = base.data;
  const issues: ConfigIssue[] = [];

  const listed = fixed.NOTIFY_WEBHOOKS ?? [];
  const webhookShape: Record<string, z.ZodType<string>> = {};
  for (const { name } of listed) {
    const variables = webhookVariables(name);
    webhookShape[variables.url] = envText.pipe(webhookUrl);
    webhookShape[variables.secret] = envText.pipe(webhookSecret);
  }
  const perWebhook = z.object(webhookShape).safeParse(source);
  if (!perWebhook.success) issues.push(...toIssues(perWebhook.error));

  if (fixed.SMTP_URL && !fixed.MAIL_FROM) issues.push({ variable: "MAIL_FROM", problem: "is not set (SMTP_URL is): the sender of notification emails" });
  const linkBase = fixed.AUTH_URL ?? fixed.PORTAL_URL ?? null;
  if ((fixed.SMTP_URL || listed.length > 0) && !linkBase) {
    issues.push({ variable: "PORTAL_URL", problem: "is not set (nor AUTH_URL): notifications link to the portal's public URL" });
  }
  if (issues.length > 0 || !perWebhook.success) throw new NotificationConfigError(issues);

  const webhooks: WebhookTarget[] = listed.map(({ name, format }) => {
    const variables = webhookVariables(name);
    return { name, format, url: perWebhook.data[variables.url] ?? "", secret: perWebhook.data[variables.secret] ?? "" };
  });
  return {
    portalUrl: linkBase,
    email: fixed.SMTP_URL && fixed.MAIL_FROM ? { smtpUrl: fixed.SMTP_URL, from: fixed.MAIL_FROM } : null,
    webhooks,
    webhookTimeoutMs: (fixed.NOTIFY_WEBHOOK_TIMEOUT_SECONDS ?? DEFAULT_WEBHOOK_TIMEOUT_SECONDS) * 1000,
  };
}
