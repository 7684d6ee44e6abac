// The delivery service against the local SMTP sink and webhook receiver (loopback only, no database).
import { afterEach, describe, expect, it } from "vitest";
import { createMailer, DeliveryError, postWebhook } from "./service";
import { checkSignature, startSmtpSink, startWebhookReceiver, type SmtpSink, type WebhookReceiver } from "./testing";
import type { WebhookTarget } from "./types";

const SECRET = "0123456789abcdef0123456789abcdef";
const running: (SmtpSink | WebhookReceiver)[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

async function receiver(respond?: NonNullable<Parameters<typeof startWebhookReceiver>[0]>["respond"]) {
  const started = await startWebhookReceiver({ respond });
  running.push(started);
  return started;
}

const target = (url: string, format: WebhookTarget["format"] = "generic"): WebhookTarget => ({ name: "audit", format, url, secret: SECRET });

describe("postWebhook", () => {
  it("POSTs the body as is, signed, with a delivery id the receiver can verify", async () => {
    const hooks = await receiver();
    const body = JSON.stringify({ topic: "account-request.ready", request: { id: "req_1", name: "ünïcode" } });
    await expect(postWebhook(target(hooks.url()), body, { deliveryId: "job-1", timeoutMs: 5_000 })).resolves.toEqual({ status: 200 });
    const [received] = hooks.requests;
    expect(received?.body).toBe(body);
    expect(received?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(received?.headers["x-lattice-delivery"]).toBe("job-1");
    expect(checkSignature(received, SECRET)).toEqual({ ok: true });
  });

  it("throws on a non-2xx answer, without the URL in the message", async () => {
    const hooks = await receiver(() => 500);
    const url = hooks.url("/services/T000/B000/secret-token");
    const failure = await postWebhook(target(url), "{}", { deliveryId: "job-2", timeoutMs: 5_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as Error).message).toBe('webhook "audit" answered HTTP 500');
    expect((failure as Error).message).not.toContain("secret-token");
  });

  it("does not follow a redirect", async () => {
    const hooks = await receiver(() => ({ status: 302, body: "" }));
    await expect(postWebhook(target(hooks.url()), "{}", { deliveryId: "job-3", timeoutMs: 5_000 })).rejects.toThrow("answered HTTP 302");
    expect(hooks.requests).toHaveLength(1);
  });

  it("treats a WeCom errcode other than 0 as a failure", async () => {
    const hooks = await receiver(({ index }) => ({ status: 200, body: JSON.stringify({ errcode: index === 0 ? 93000 : 0, errmsg: "x" }) }));
    await expect(postWebhook(target(hooks.url(), "wecom"), "{}", { deliveryId: "job-4", timeoutMs: 5_000 })).rejects.toThrow("errcode 93000");
    await expect(postWebhook(target(hooks.url(), "wecom"), "{}", { deliveryId: "job-4", timeoutMs: 5_000 })).resolves.toEqual({ status: 200 });
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const hooks = await receiver(() => ({ status: 200, delayMs: 2_000 }));
    await expect(postWebhook(target(hooks.url()), "{}", { deliveryId: "job-5", timeoutMs: 200 })).rejects.toThrow("did not answer within 0.2 s");
  });

  it("reports an unreachable receiver", async () => {
    const hooks = await receiver();
    const url = hooks.url();
    await hooks.stop();
    running.splice(0);
    await expect(postWebhook(target(url), "{}", { deliveryId: "job-6", timeoutMs: 2_000 })).rejects.toThrow('webhook "audit" unreachable: ECONNREFUSED');
  });
});

describe("createMailer", () => {
  it("sends through the SMTP server of the URL, with its credentials", async () => {
    const sink = await startSmtpSink({ user: "lattice", password: "p@ss:word" });
    running.push(sink);
    const mailer = createMailer({ smtpUrl: sink.url, from: "Lattice <lattice@example.com>" });
    await mailer.send({ to: "sam@lattice.example", subject: "AR-1 waits", text: "plain", html: "<p>rich</p>" });
    expect(sink.messages).toEqual([
      expect.objectContaining({ user: "lattice", mailFrom: "lattice@example.com", rcptTo: ["sam@lattice.example"], to: "sam@lattice.example", subject: "AR-1 waits", text: "plain", html: "<p>rich</p>" }),
    ]);
  });

  it("fails, retryably, when the server is down", async () => {
    const sink = await startSmtpSink();
    await sink.stop();
    const mailer = createMailer({ smtpUrl: sink.url, from: "lattice@example.com" });
    const failure = await mailer.send({ to: "sam@lattice.example", subject: "s", text: "t", html: "h" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ permanent: false });
  });
});
