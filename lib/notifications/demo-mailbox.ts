// The demo's mailbox: an SMTP sink the demo worker sends its notifications to, and a plain HTML page (no scripts)
// that lists what arrived, newest first, so a person trying the demo sees the emails Lattice sends. Kept in memory;
// for the demo only (`npm run demo` starts it unless SMTP_URL is set).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { escapeHtml } from "@/lib/core/html";
import { startSmtpSink, type ReceivedEmail } from "./testing";

export interface DemoMailbox {
  /** SMTP_URL for the worker. */
  smtpUrl: string;
  /** Where a person reads the mail. */
  url: string;
  stop(): Promise<void>;
}

function renderMailbox(messages: readonly ReceivedEmail[]): string {
  const items = [...messages]
    .reverse()
    .map(
      (message) => `<article>
  <h2>${escapeHtml(message.subject)}</h2>
  <p class="meta">To ${escapeHtml(message.to)} · ${escapeHtml(message.receivedAt.toISOString().replace("T", " ").slice(0, 19))} UTC</p>
  <pre>${escapeHtml(message.text)}</pre>
</article>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Lattice demo mailbox (${messages.length})</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f1f5f9; color: #0f172a; margin: 0; padding: 1.5rem; }
  main { max-width: 48rem; margin: 0 auto; }
  article { background: #fff; border: 1px solid #e2e8f0; border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1rem; }
  h1 { font-size: 1.25rem; } h2 { font-size: 1rem; margin: 0; } .meta { color: #475569; font-size: .8rem; }
  pre { white-space: pre-wrap; font-family: inherit; font-size: .875rem; margin: .5rem 0 0; }
</style></head>
<body><main><h1>Lattice demo mailbox</h1>
<p class="meta">Every email the demo's worker sends lands here (refreshes every 5 seconds; kept until the demo stops).</p>
${items || "<p>No email yet. Submit an account request: its approvers are notified.</p>"}
</main></body></html>`;
}

export async function startDemoMailbox(options: { httpPort: number }): Promise<DemoMailbox> {
  const sink = await startSmtpSink();
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" || (request.url ?? "/") !== "/") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" });
    response.end(renderMailbox(sink.messages));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.httpPort, "127.0.0.1", () => resolve());
  });
  return {
    smtpUrl: sink.url,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sink.stop();
    },
  };
}
