// The process-level resilience cases' portal: the production build (`next start`, built first when stale) on a
// given database, a session cookie minted for anyone (scripts/support.ts, shared with the benchmarks), and a server
// action POSTed the way a browser — or a forger — sends it.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { choosePort } from "@/lib/core/ports";
import { TEST_AUTH_ENV } from "@/lib/core/testing/test-env";
import { buildIfStale, mintSessionCookie, ROOT, startNextServer, stopProcess } from "../support";

/** What the portal and the worker read at start (and `next build` at build time): the test auth settings. */
export function portalEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return { ...process.env, ...TEST_AUTH_ENV, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: databaseUrl, LOG_LEVEL: "error" };
}

export interface Portal {
  url: string;
  child: ChildProcess;
  /** What the server printed (stdout and stderr), for a failure's post-mortem. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * buildIfStale, one test file at a time: the files run in parallel vitest workers, and two `next build`s in one
 * .next folder break each other. The second waits for the first's build, then finds it up to date.
 */
async function buildOnce(env: NodeJS.ProcessEnv): Promise<void> {
  const lock = path.join(os.tmpdir(), `lattice-build-${createHash("sha256").update(ROOT).digest("hex").slice(0, 8)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Left behind by a run that was killed mid-build: a build takes minutes, not half an hour.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 30 * 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  try {
    await buildIfStale(env);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the portal when a source is newer than the build, starts `next start` on a free port, waits for it. */
export async function startPortal(databaseUrl: string): Promise<Portal> {
  await buildOnce(portalEnv(databaseUrl));
  const port = await choosePort(undefined);
  const url = `http://127.0.0.1:${port}`;
  const { child, output } = await startNextServer({ port, env: { ...portalEnv(databaseUrl), AUTH_URL: url }, captureOutput: true, readyTimeoutMs: 90_000 });
  return { url, child, output, stop: () => stopProcess(child, { group: true }) };
}

/** A signed-in browser's cookie for `userId` (scripts/support.ts mintSessionCookie), with MFA or without. */
export async function sessionCookieFor(databaseUrl: string, userId: string, options: { mfa: boolean }): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await mintSessionCookie(client, { userId, authSecret: TEST_AUTH_ENV.AUTH_SECRET, mfa: options.mfa, userAgent: "resilience" })).cookie;
  } finally {
    await client.end();
  }
}

/** A server action the build serves, from Next's manifest (what a forged POST can target). */
export interface BuiltAction {
  id: string;
  name: string;
  /** A page that bundles it (any such page receives it). */
  page: string;
}

/** Every server action of the build (like e2e/fixtures.ts builtActions). */
export function builtActions(): BuiltAction[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((name) => !name.startsWith("app/_")) ?? "app/page";
    const page = worker.replace(/^app\//, "/").replace(/\/page$/, "").replace(/\[[^\]]+\]/g, "x");
    return { id, name: entry.exportedName, page: page === "" ? "/" : page };
  });
}

export interface ActionResponse {
  status: number;
  /** The action's result (next-safe-action's `{ data }`, `{ serverError }` or `{ validationErrors }`), when it ran. */
  result?: { data?: unknown; serverError?: { code: string; message: string }; validationErrors?: unknown };
  body: string;
}

/** POSTs a server action as the browser does: `Next-Action` names it, the body is its arguments. */
export async function postAction(baseUrl: string, action: BuiltAction, input: unknown, options: { cookie?: string; origin?: string; timeoutMs?: number } = {}): Promise<ActionResponse> {
  const response = await fetch(`${baseUrl}${action.page}`, {
    method: "POST",
    headers: {
      "Next-Action": action.id,
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: options.origin ?? baseUrl,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    body: JSON.stringify([input]),
    redirect: "manual",
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const body = await response.text();
  return { status: response.status, result: actionResult(body), body };
}

/** The action's return value in a React Flight response: the row that row 0's `a` points at ("$@1" → row 1). */
function actionResult(body: string): ActionResponse["result"] {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  try {
    const head = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
    const ref = typeof head?.a === "string" && head.a.startsWith("$@") ? head.a.slice(2) : undefined;
    const value = ref ? (JSON.parse(rows.get(ref) ?? "null") as unknown) : head?.a;
    return value && typeof value === "object" ? (value as ActionResponse["result"]) : undefined;
  } catch {
    return undefined;
  }
}

/** "ok", the refusal's code, "VALIDATION", or `HTTP <status>` when the action did not answer at all. */
export function actionOutcome(response: ActionResponse): string {
  if (response.result?.serverError) return response.result.serverError.code;
  if (response.result?.validationErrors !== undefined) return "VALIDATION";
  if (response.status === 200 && response.result) return "ok";
  return `HTTP ${response.status}`;
}
