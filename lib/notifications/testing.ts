// Local stand-ins for the outside world in tests: an SMTP sink (smtp-server + mailparser) and a webhook receiver
// (node:http), both on 127.0.0.1, both keeping what they receive in memory. The portal never uses them; the demo's
// mailbox (demo-mailbox.ts) reuses the SMTP sink.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./constants";
import type { SignatureCheck } from "./types";
import { verifyWebhookSignature } from "./utils";

export interface ReceivedEmail {
  /** SMTP envelope. */
  mailFrom: string;
  rcptTo: string[];
  /** The user who authenticated, when the sink asks for credentials. */
  user: string | null;
  /** Parsed message. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: Date;
}

export interface SmtpSink {
  port: number;
  /** An SMTP_URL for this sink (with the credentials it expects, if any). */
  url: string;
  messages: ReceivedEmail[];
  stop(): Promise<void>;
}

/**
 * An SMTP server that accepts every message and keeps it parsed. With `user`/`password` it requires AUTH with
 * exactly those credentials. Plain text only (STARTTLS is off), so the client never needs a certificate.
 */
export async function startSmtpSink(options: { port?: number; user?: string; password?: string } = {}): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = [];
  const requireAuth = Boolean(options.user);
  const server = new SMTPServer({
    logger: false,
    disabledCommands: requireAuth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !requireAuth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            rcptTo: session.envelope.rcptTo.map((address) => address.address),
            user: typeof session.user === "string" ? session.user : null,
            from: parsed.from?.text ?? "",
            to: Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(", ") : (parsed.to?.text ?? ""),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: new Date(),
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.user ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.password ?? "")}@` : "";
  return {
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what the signature covers). */
  body: string;
  /** What the receiver answered. */
  status: number;
}

/** Checks a received POST's signature as a receiver does: over the raw body, with its timestamp and signature headers. */
export function checkSignature(received: ReceivedWebhook | undefined, secret: string): SignatureCheck {
  const header = (name: string) => {
    const value = received?.headers[name.toLowerCase()];
    return typeof value === "string" ? value : undefined;
  };
  return verifyWebhookSignature({ secret, body: received?.body ?? "", timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) });
}

export interface WebhookReceiver {
  port: number;
  /** A URL on this receiver; `path` tells webhooks apart. */
  url(path?: string): string;
  requests: ReceivedWebhook[];
  stop(): Promise<void>;
}

/**
 * An HTTP server that records every request. `respond` picks the answer per request (by the number of requests
 * seen on that path so far, from 0): a status, or a status and a body; 200 by default.
 */
export async function startWebhookReceiver(
  options: { respond?: (request: { path: string; index: number }) => number | { status: number; body?: string; delayMs?: number } } = {},
): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      const index = requests.filter((seen) => seen.path === path).length;
      const answer = options.respond?.({ path, index }) ?? 200;
      const { status, body = "ok", delayMs = 0 } = typeof answer === "number" ? { status: answer } : answer;
      requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(status, { "content-type": body.startsWith("{") ? "application/json" : "text/plain" });
        response.end(body);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
