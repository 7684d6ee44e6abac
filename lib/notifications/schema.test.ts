import { describe, expect, it } from "vitest";
import { NotificationConfigError, readNotificationConfig, webhookVariables } from "./schema";

const SECRET = "0123456789abcdef0123456789abcdef";

function problems(source: Record<string, string | undefined>): Record<string, string> {
  try {
    readNotificationConfig(source);
  } catch (error) {
    if (!(error instanceof NotificationConfigError)) throw error;
    return Object.fromEntries(error.issues.map((issue) => [issue.variable, issue.problem]));
  }
  throw new Error("expected the configuration to be refused");
}

describe("notification configuration", () => {
  it("is off, and valid, when nothing is set", () => {
    expect(readNotificationConfig({})).toEqual({ portalUrl: null, email: null, webhooks: [], webhookTimeoutMs: 10_000 });
  });

  it("reads SMTP, the sender, the portal URL (AUTH_URL first) and each listed webhook", () => {
    const config = readNotificationConfig({
      SMTP_URL: "smtp://lattice:pa%40ss@mail.example.com:587",
      MAIL_FROM: "Lattice <lattice@example.com>",
      AUTH_URL: "https://lattice.example.com",
      PORTAL_URL: "https://ignored.example.com",
      NOTIFY_WEBHOOKS: " ops=slack, sec-team=wecom ,audit=generic",
      NOTIFY_WEBHOOK_OPS_URL: "https://hooks.slack.com/services/T/B/X",
      NOTIFY_WEBHOOK_OPS_SECRET: SECRET,
      NOTIFY_WEBHOOK_SEC_TEAM_URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
      NOTIFY_WEBHOOK_SEC_TEAM_SECRET: SECRET,
      NOTIFY_WEBHOOK_AUDIT_URL: "http://127.0.0.1:9000/lattice",
      NOTIFY_WEBHOOK_AUDIT_SECRET: SECRET,
      NOTIFY_WEBHOOK_TIMEOUT_SECONDS: "5",
    });
    expect(config).toEqual({
      portalUrl: "https://lattice.example.com",
      email: { smtpUrl: "smtp://lattice:pa%40ss@mail.example.com:587", from: "Lattice <lattice@example.com>" },
      webhooks: [
        { name: "ops", format: "slack", url: "https://hooks.slack.com/services/T/B/X", secret: SECRET },
        { name: "sec-team", format: "wecom", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", secret: SECRET },
        { name: "audit", format: "generic", url: "http://127.0.0.1:9000/lattice", secret: SECRET },
      ],
      webhookTimeoutMs: 5_000,
    });
  });

  it("falls back to PORTAL_URL and treats empty values as unset", () => {
    const config = readNotificationConfig({ SMTP_URL: "smtps://mail.example.com", MAIL_FROM: "lattice@example.com", AUTH_URL: "", PORTAL_URL: "https://portal.example.com" });
    expect(config.portalUrl).toBe("https://portal.example.com");
    expect(readNotificationConfig({ SMTP_URL: "  ", NOTIFY_WEBHOOKS: "" }).email).toBeNull();
  });

  it("names each malformed variable", () => {
    expect(problems({ SMTP_URL: "mail.example.com:25", MAIL_FROM: "not an address", PORTAL_URL: "lattice.example.com", NOTIFY_WEBHOOK_TIMEOUT_SECONDS: "0" })).toEqual({
      SMTP_URL: expect.stringContaining("smtp://"),
      MAIL_FROM: expect.stringContaining("lattice@example.com"),
      PORTAL_URL: expect.stringContaining("http(s) URL"),
      NOTIFY_WEBHOOK_TIMEOUT_SECONDS: expect.stringContaining("1–60"),
    });
  });

  it("needs MAIL_FROM with SMTP_URL, and a portal URL once a channel is on", () => {
    expect(problems({ SMTP_URL: "smtp://mail.example.com" })).toEqual({
      MAIL_FROM: expect.stringContaining("is not set"),
      PORTAL_URL: expect.stringContaining("is not set (nor AUTH_URL)"),
    });
  });

  it("refuses a malformed webhook list", () => {
    expect(problems({ NOTIFY_WEBHOOKS: "ops" })).toEqual({ NOTIFY_WEBHOOKS: expect.stringContaining('"ops": each entry is name=format') });
    expect(problems({ NOTIFY_WEBHOOKS: "ops=teams" })).toEqual({ NOTIFY_WEBHOOKS: expect.stringContaining("slack, wecom, generic") });
    expect(problems({ NOTIFY_WEBHOOKS: "Ops=slack" })).toHaveProperty("NOTIFY_WEBHOOKS");
    expect(problems({ NOTIFY_WEBHOOKS: "ops=slack,ops=generic" })).toEqual({ NOTIFY_WEBHOOKS: '"ops" is listed twice' });
  });

  it("needs each listed webhook's URL and secret, names the variable and never echoes the secret", () => {
    const issues = problems({
      PORTAL_URL: "https://lattice.example.com",
      NOTIFY_WEBHOOKS: "ops=slack,audit=generic",
      NOTIFY_WEBHOOK_OPS_URL: "http://hooks.example.com/x",
      NOTIFY_WEBHOOK_OPS_SECRET: "short-secret",
    });
    expect(issues).toEqual({
      NOTIFY_WEBHOOK_OPS_URL: "must be an https:// URL (http:// only for localhost)",
      NOTIFY_WEBHOOK_OPS_SECRET: expect.stringContaining("at least 16 characters"),
      NOTIFY_WEBHOOK_AUDIT_URL: "is not set",
      NOTIFY_WEBHOOK_AUDIT_SECRET: "is not set",
    });
    expect(JSON.stringify(issues)).not.toContain("short-secret");
  });

  it("reports every problem in one message that names the variables", () => {
    expect(() => readNotificationConfig({ NOTIFY_WEBHOOKS: "ops=slack" })).toThrow(/NOTIFY_WEBHOOK_OPS_URL: is not set[\s\S]*NOTIFY_WEBHOOK_OPS_SECRET: is not set[\s\S]*PORTAL_URL/);
  });

  it("derives the variable names from the webhook name", () => {
    expect(webhookVariables("sec-team")).toEqual({ url: "NOTIFY_WEBHOOK_SEC_TEAM_URL", secret: "NOTIFY_WEBHOOK_SEC_TEAM_SECRET" });
  });
});
