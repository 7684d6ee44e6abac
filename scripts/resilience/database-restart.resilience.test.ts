// PostgreSQL restarted under load, with real processes: the production portal (`next start`) and the worker
// (scripts/worker.ts) on an embedded PostgreSQL of this file's own (a persistent data folder, so it can stop and
// start again on the same port). Signed-in clients loop over pages, API routes and a server action while the
// server is stopped (fast shutdown) for a few seconds and started again, and the worker holds a job (a webhook
// delivery the test keeps waiting) that finishes during the outage. During the outage every answer says the
// database is unavailable (503, the UNAVAILABLE message, the layout's notice, the error page in a browser) — never a
// stack or raw driver text, never an internal error — and none hangs; after it, without touching either process,
// everything answers again, a write succeeds and the worker runs the jobs that write queued.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startEmbeddedPostgres, type RunningPostgres } from "@/lib/core/embedded-postgres";
import { APP_ERROR_CODES } from "@/lib/core/errors";
import { applyMigrations, stopProcess } from "../support";
import type * as WorldModule from "./world";
import { actionOutcome, builtActions, sessionCookieFor, postAction, startPortal, type BuiltAction, type Portal } from "./portal";
import type { WorkerProcess } from "./processes";

vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "database-restart" }) }));

// ./world and everything that reaches lib/core/db are imported once DATABASE_URL names this file's own server.
let world: typeof WorldModule;
const FULL_RUN = process.env.LATTICE_RESILIENCE_MODE === "full";
const DATABASE = "lattice_restart";
const OUTAGE_MS = FULL_RUN ? 10_000 : 6_000;
/** No request may take longer than this, outage or not. */
const REQUEST_BOUND_MS = 30_000;
/** After the health check is ok again, how long the portal may take to answer every request kind again. */
const SETTLE_MS = 5_000;
/** Raw driver or Prisma text, or a stack frame: what an answer must never show. */
const LEAK = /PrismaClient|Invalid `prisma|prisma\.\w+\.\w+\(|ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|57P01|\n\s+at \S+ \(\S+:\d+:\d+\)/;
const UNAVAILABLE = APP_ERROR_CODES.UNAVAILABLE;

const folder = mkdtempSync(path.join(os.tmpdir(), "lattice-restart-pg-"));
let postgres: RunningPostgres;
let portal: Portal | undefined;
let worker: WorkerProcess | undefined;
let browser: Browser | undefined;
let cookies: { admin: string; auditor: string; requester: string; other: string };
let verifyChain: BuiltAction;
let requestAccess: BuiltAction;
let accessForm: Record<string, unknown>;

/**
 * The worker's webhook (NOTIFY_WEBHOOKS): answers at once, or, while `holding`, keeps the delivery waiting until the
 * test releases it — so a job is in the worker's hands when PostgreSQL goes away and finishes during the outage.
 */
const webhook = { server: undefined as Server | undefined, holding: false, held: [] as ServerResponse[], received: [] as string[] };

async function startWebhook(): Promise<string> {
  webhook.server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      webhook.received.push(body);
      if (webhook.holding) webhook.held.push(response);
      else response.end("ok");
    });
  });
  await new Promise<void>((resolve) => webhook.server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}/hook`;
}

function startPostgres(port?: number): Promise<RunningPostgres> {
  return startEmbeddedPostgres({ dataDir: path.join(folder, "data"), persistent: true, database: DATABASE, preferredPort: port, log: () => {} });
}

beforeAll(async () => {
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the folder.
  chmodSync(folder, 0o755);
  postgres = await startPostgres();
  await applyMigrations({ ...process.env, DATABASE_URL: postgres.url });
  // This file's modules talk to its own server, not to the launcher's per-file database.
  process.env.DATABASE_URL = postgres.url;
  world = await import("./world");
  const { accessRequestForm, ACCOUNTS } = world;
  const { insertCatalogRole } = await import("@/lib/grants/testing");
  await world.buildWorld();
  const role = await insertCatalogRole({ slug: "restart-read", policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'] });
  accessForm = accessRequestForm(role.id, [ACCOUNTS.tom]);
  // The test's own queue (buildWorld starts one to send jobs) would only add noise during the outage.
  await (await import("@/lib/core/queue")).getQueue().then((queue) => queue.stop(2_000));

  portal = await startPortal(postgres.url);
  const webhookUrl = await startWebhook();
  // Imported after DATABASE_URL points here, like world: its modules open the database on import.
  const { startWorker } = await import("./processes");
  worker = startWorker({
    databaseUrl: postgres.url,
    env: {
      AUTH_URL: portal.url,
      NOTIFY_WEBHOOKS: "hold=generic",
      NOTIFY_WEBHOOK_HOLD_URL: webhookUrl,
      NOTIFY_WEBHOOK_HOLD_SECRET: "restart-webhook-secret",
    },
  });
  cookies = {
    admin: await sessionCookieFor(postgres.url, "user_priya", { mfa: true }),
    auditor: await sessionCookieFor(postgres.url, "user_jordan", { mfa: true }),
    requester: await sessionCookieFor(postgres.url, "user_dana", { mfa: true }),
    other: await sessionCookieFor(postgres.url, "user_luis", { mfa: true }),
  };
  const actions = builtActions();
  verifyChain = actions.find((action) => action.name === "verifyChain")!;
  requestAccess = actions.find((action) => action.name === "requestAccess")!;
  expect(verifyChain && requestAccess, "the build serves verifyChain and requestAccess").toBeTruthy();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
}, 600_000);

afterAll(async () => {
  // A failed assertion leaves the clients looping: stop them before what they talk to.
  await load?.stop();
  for (const response of webhook.held.splice(0)) response.end("ok");
  if (webhook.server) await new Promise((resolve) => webhook.server!.close(resolve));
  await browser?.close();
  await portal?.stop();
  await stopProcess(worker?.child, { group: true });
  await postgres?.stop();
  rmSync(folder, { recursive: true, force: true });
});

// ── the load ─────────────────────────────────────────────────────────────────────────────────────────────────────

interface Sample {
  kind: string;
  started: number;
  ended: number;
  status: number;
  /** "ok", an error code, or HTTP <status>. */
  outcome: string;
  body: string;
}

const KINDS = ["page /accounts", "page /dashboards/ownership", "GET /api/health", "GET /api/approvals/count", "action verifyChain"] as const;

async function request(kind: (typeof KINDS)[number]): Promise<Sample> {
  const started = performance.now();
  const url = portal!.url;
  let status = 0;
  let outcome: string;
  let body = "";
  try {
    if (kind === "action verifyChain") {
      const response = await postAction(url, verifyChain, {}, { cookie: cookies.auditor, timeoutMs: REQUEST_BOUND_MS });
      ({ status, body } = response);
      outcome = actionOutcome(response);
    } else {
      const target = kind.replace(/^(page|GET) /, "");
      const response = await fetch(`${url}${target}`, { headers: { cookie: cookies.admin }, redirect: "manual", signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
      status = response.status;
      body = await response.text();
      // A page whose render failed outright gets Next's error document (500), which a browser turns into app/error.tsx.
      if (kind.startsWith("page")) outcome = status === 500 && body.includes("__next_error__") ? "error document (page)" : status !== 200 ? `HTTP ${status}` : body.includes("The database is unavailable") ? "“database unavailable” notice" : "ok";
      else outcome = status === 200 ? "ok" : String((JSON.parse(body) as { code?: string }).code ?? `HTTP ${status}`);
    }
  } catch (error) {
    outcome = error instanceof Error && error.name === "TimeoutError" ? "hung" : `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { kind, started, ended: performance.now(), status, outcome, body };
}

let load: { stop: () => Promise<Sample[]> } | undefined;

function startLoad(clients: number): { stop: () => Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let i = client; running; i += 1) samples.push(await request(KINDS[i % KINDS.length]!));
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return samples;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(): Promise<{ status: number; body: { status?: string; database?: { status?: string } } }> {
  try {
    const response = await fetch(`${portal!.url}/api/health`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
    return { status: response.status, body: (await response.json()) as { status?: string } };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Waits (bounded) until the health check answers 200; resolves with when it did. */
async function healthyAgain(boundMs: number): Promise<number> {
  const deadline = performance.now() + boundMs;
  for (;;) {
    if ((await health()).status === 200) return performance.now();
    if (performance.now() > deadline) throw new Error(`the portal did not report a healthy database within ${boundMs / 1000} s of the restart:\n${portal!.output()}`);
    await sleep(200);
  }
}

/** "200 ×74, 503 UNAVAILABLE ×76": the answers by status and, when not ok, the error code. */
function countBy(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const { status, outcome } of samples) {
    const key = outcome === "ok" || outcome === `HTTP ${status}` ? String(status || "-") : `${status || "-"} ${outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort().map(([key, n]) => `${key} ×${n}`).join(", ");
}

it("PostgreSQL restarted under load: the portal says the database is unavailable, then recovers by itself, and so does the worker", async () => {
  const CLIENTS = world.caseCount(12, 6);
  const RESTARTS = world.caseCount(2, 1);
  const outages: { stopping: number; down: number; up: number; started: number; healthy: number }[] = [];
  const probes: string[] = [];
  load = startLoad(CLIENTS);
  await sleep(FULL_RUN ? 10_000 : 4_000);

  for (let restart = 0; restart < RESTARTS; restart += 1) {
    await healthyAgain(60_000);
    const port = postgres.port;
    if (restart === 0) {
      // A job in flight: a request's webhook delivery, held by the webhook until PostgreSQL is down.
      webhook.holding = true;
      const queued = await postAction(portal!.url, requestAccess, accessForm, { cookie: cookies.other });
      expect(actionOutcome(queued), `requestAccess before the outage: ${queued.body}`).toBe("ok");
      const deadline = performance.now() + 60_000;
      while (webhook.held.length === 0) {
        expect(performance.now() < deadline, `the worker delivered no webhook before the outage:\n${worker!.output()}`).toBe(true);
        await sleep(200);
      }
    }
    // Fast shutdown: the server ends every session (57P01) and stops accepting connections.
    const stopping = performance.now();
    await postgres.stop();
    const down = performance.now();

    // While it is down: what each kind of caller sees.
    const healthDown = await health();
    expect(healthDown.status, "/api/health during the outage").toBe(503);
    expect(healthDown.body.database?.status, "database status during the outage").not.toBe("ok");
    const route = await request("GET /api/approvals/count");
    expect(route.status, `/api/approvals/count during the outage: ${route.body}`).toBe(503);
    expect(JSON.parse(route.body)).toEqual({ code: "UNAVAILABLE", message: UNAVAILABLE });
    const action = await postAction(portal!.url, verifyChain, {}, { cookie: cookies.auditor, timeoutMs: REQUEST_BOUND_MS });
    expect(action.result?.serverError, `verifyChain during the outage: ${action.body}`).toEqual(expect.objectContaining({ code: "UNAVAILABLE", message: UNAVAILABLE }));
    if (restart === 0) {
      // The held delivery answers now: the worker finishes its job while it cannot record that.
      webhook.holding = false;
      for (const response of webhook.held.splice(0)) response.end("ok");
      probes.push("a webhook job finished during the outage");
      const context = await browser!.newContext();
      const [name, value] = cookies.admin.split(/=(.*)/s) as [string, string];
      await context.addCookies([{ name, value, url: portal!.url }]);
      const page = await context.newPage();
      await page.goto(`${portal!.url}/accounts`, { timeout: REQUEST_BOUND_MS }).catch(() => {});
      await page.getByText("The database is unavailable").first().waitFor({ timeout: 20_000 });
      const text = await page.locator("body").innerText();
      expect(text, "the error page in the browser").not.toMatch(LEAK);
      await context.close();
      probes.push("the browser shows “The database is unavailable”");
    }

    const remaining = OUTAGE_MS - (performance.now() - down);
    if (remaining > 0) await sleep(remaining);
    // Before the start: a request that ended before this surely saw no server.
    const up = performance.now();
    postgres = await startPostgres(port);
    expect(postgres.port, "PostgreSQL started again on the same port").toBe(port);
    const started = performance.now();
    outages.push({ stopping, down, up, started, healthy: await healthyAgain(60_000) });
  }
  await sleep(SETTLE_MS + 3_000);
  const samples = await load.stop();

  // Both processes are the ones started before the first outage.
  expect(portal!.child.exitCode, `next start exited:\n${portal!.output()}`).toBeNull();
  expect(worker!.child.exitCode, `the worker exited:\n${worker!.output()}`).toBeNull();

  const inOutage = samples.filter((sample) => outages.some((o) => sample.started >= o.down && sample.ended <= o.up));
  const afterRecovery = samples.filter((sample) => outages.every((o) => sample.started >= o.healthy + SETTLE_MS || sample.ended <= o.stopping));
  const around = samples.filter((sample) => !inOutage.includes(sample) && !afterRecovery.includes(sample));
  // Around the stop and the start, a request may still succeed or already fail, but never as an internal error: a
  // lost connection is "unavailable" too. (A page whose render fails at that instant gets Next's error document,
  // 500, which the browser turns into the error page that asks /api/health.)
  const internal = around.filter((sample) => sample.outcome === "INTERNAL" || (sample.status === 500 && !sample.kind.startsWith("page")));
  expect(internal.map((sample) => `${sample.kind}: ${sample.status} ${sample.outcome}`), `internal errors around the restart; the portal logged:\n${portal!.output().split("\n").filter((line) => line.includes("INTERNAL")).join("\n")}`).toEqual([]);
  for (const sample of samples) {
    expect(sample.outcome, `${sample.kind} hung`).not.toBe("hung");
    expect(sample.ended - sample.started, `${sample.kind} took too long`).toBeLessThan(REQUEST_BOUND_MS + 1_000);
    expect(sample.body, `${sample.kind} answered ${sample.status} with raw text`).not.toMatch(LEAK);
    expect(sample.outcome, `${sample.kind}: the portal could not be reached`).not.toMatch(/^failed/);
  }
  for (const sample of inOutage) {
    if (sample.kind === "GET /api/health" || sample.kind === "GET /api/approvals/count") expect(sample.status, `${sample.kind} during the outage`).toBe(503);
    if (sample.kind === "GET /api/approvals/count") expect(sample.outcome).toBe("UNAVAILABLE");
    if (sample.kind === "action verifyChain") expect(sample.outcome, `verifyChain during the outage: ${sample.body}`).toBe("UNAVAILABLE");
    // A page renders the layout's "The database is unavailable" notice (its status 200 is sent before the data).
    if (sample.kind.startsWith("page") && sample.status === 200) expect(sample.outcome, `${sample.kind} during the outage`).toBe("“database unavailable” notice");
  }
  expect(inOutage.length, "requests answered during the outage").toBeGreaterThan(0);
  for (const sample of afterRecovery) expect(`${sample.kind}: ${sample.outcome}`, `after recovery: ${sample.body.slice(0, 300)}`).toBe(`${sample.kind}: ok`);
  expect(afterRecovery.filter((sample) => sample.started > outages.at(-1)!.healthy).length, "requests after the last recovery").toBeGreaterThan(0);

  // After the restart, untouched processes: every kind answers, a write succeeds, the worker runs its job.
  for (const kind of KINDS) {
    const sample = await request(kind);
    expect(`${kind}: ${sample.outcome}`, sample.body.slice(0, 300)).toBe(`${kind}: ok`);
  }
  const written = await postAction(portal!.url, requestAccess, accessForm, { cookie: cookies.requester });
  expect(actionOutcome(written), `requestAccess after the restart: ${written.body}`).toBe("ok");
  const requestId = (written.result?.data as { requestId: string }).requestId;
  const { db } = await import("@/lib/core/db");
  const jobDone = performance.now();
  let state: string | undefined;
  while (performance.now() - jobDone < 90_000) {
    const rows = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE name = 'notification.access' AND data->>'requestId' = ${requestId}`;
    state = rows[0]?.state;
    if (state === "completed" || state === "failed") break;
    await sleep(500);
  }
  expect(state, `the worker's notification job for the request written after the restart:\n${worker!.output()}`).toBe("completed");
  const delivered = performance.now();
  while (!webhook.received.some((body) => body.includes(requestId)) && performance.now() - delivered < 60_000) await sleep(300);
  expect(webhook.received.some((body) => body.includes(requestId)), `the webhook for the request written after the restart:\n${worker!.output()}`).toBe(true);
  expect(worker!.child.exitCode, `the worker exited:\n${worker!.output()}`).toBeNull();

  const recoverSeconds = outages.map((o) => ((o.healthy - o.started) / 1000).toFixed(1)).join(", ");
  const kinds = (list: Sample[]) => KINDS.map((kind) => `${kind.replace(/^(page|GET|action) /, "")}: ${countBy(list.filter((s) => s.kind === kind)) || "none"}`).join("; ");
  world.report(
    `database restart: ${CLIENTS} clients, ${samples.length} requests, PostgreSQL stopped ${RESTARTS}× for ${OUTAGE_MS / 1000} s (fast shutdown) and started on the same port; ` +
      `during the outage ${inOutage.length} requests (${kinds(inOutage)}), 0 hung, 0 stack traces or raw driver text; ${probes.join("; ")}; ` +
      `around the stop/start ${around.length} (${countBy(around)}); health ok again ${recoverSeconds} s after PostgreSQL was up; after recovery ${afterRecovery.length} requests all ok; ` +
      `next start and the worker never restarted; a request written after the restart, its notification and webhook jobs run by the worker`,
  );
}, 900_000);
