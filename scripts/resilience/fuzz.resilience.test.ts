// Property-based fuzzing (fast-check) of every server action and every GET route handler's inputs. For each: arbitrary
// JSON-ish inputs and valid inputs with one field broken (too long, wrong type, unicode, injection strings, other
// people's ids, removed, extra fields), called as a person with every role, a plain engineer and an account owner.
// Properties: never an INTERNAL error (a 500) or a thrown action, validation failures name fields with clear
// messages, no raw error text reaches the browser, and nothing is written whenever the call fails.
import path from "node:path";
import fc from "fast-check";
import { globSync } from "tinyglobby";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/core/roles";
import { actingAs } from "@/lib/core/testing/acting-as";
import {
  ACCOUNTS,
  accessRequestForm,
  accountRequestForm,
  caseCount,
  changedTables,
  idPool,
  loadServerActions,
  person,
  report,
  ROLE_CONTENT,
  ROOT,
  tableChecksums,
  withEveryRole,
  type ActionResult,
  type Checksums,
  type ServerAction,
  type World,
  buildWorld,
} from "./world";

vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "fast-check" }) }));

const ACTION_CASES = caseCount(1_000, 100);
const ROUTE_CASES = caseCount(1_000, 100);
const EXAMPLES_KEPT = 3;

const APPROVAL_RULES = [
  { environments: [], classifications: [], stages: ["PLATFORM"] },
  { environments: ["PROD"], classifications: [], stages: ["PLATFORM", "SECURITY"] },
];

/**
 * A valid input for each action, to break one field at a time. An action without one fails the suite by name: add
 * its valid input here (arbitrary inputs alone rarely get past the schema).
 */
const VALID_INPUTS: Record<string, (world: World) => unknown> = {
  requestAccess: (w) => accessRequestForm(w.roleId, [ACCOUNTS.tom]),
  requestBreakGlassAccess: (w) => ({ ...accessRequestForm(w.roleId, [ACCOUNTS.prod]), breakGlass: true, justification: "Production payments are down (INC-3001); restart the gateway." }),
  approveAccessRequest: (w) => ({ requestId: w.pendingAccess, version: 0, comment: "Looks right." }),
  denyAccessRequest: (w) => ({ requestId: w.pendingAccess, version: 0, reason: "Use the reporting role instead." }),
  cancelAccess: (w) => ({ requestId: w.pendingAccess }),
  closeBreakGlass: (w) => ({ requestId: w.breakGlassRequest, findings: "Restart was needed; actions match the incident timeline." }),
  saveAccountRequestDraft: (w) => ({ requestId: w.draftAccount, unitId: "unit_cards", environment: "DEV", justification: "Still thinking about it." }),
  submitAccountRequest: () => accountRequestForm(person("dana")),
  approveAccountRequest: (w) => ({ requestId: w.pendingAccount, version: 1, comment: "Fine." }),
  rejectAccountRequest: (w) => ({ requestId: w.pendingAccount, version: 1, reason: "Use the shared ledger account." }),
  cancelAccountRequest: (w) => ({ requestId: w.pendingAccount, reason: "Not needed any more." }),
  retryAccountProvisioning: (w) => ({ requestId: w.failedAccount, nameParts: { product: "pay", descriptor: "retried" } }),
  verifyChain: () => ({}),
  requestCloudAuditImport: () => ({}),
  revokeAccessGrant: (w) => ({ grantId: w.activeGrant, reason: "Done with the incident." }),
  issueAccessCredentials: (w) => ({ grantId: w.activeGrant }),
  publishApprovalPolicyVersion: () => ({ baseVersion: 1, rules: APPROVAL_RULES, decisionHours: 48, description: "Security reviews production" }),
  publishNamingConventionVersion: () => ({ baseVersion: 1, template: "{product}-{env}-{region}-{descriptor}", description: "Same template, new note" }),
  createRole: () => ({ slug: "fuzz-read-only", content: ROLE_CONTENT, changeNote: "First version" }),
  publishRoleVersion: (w) => ({ roleId: w.roleId, baseVersion: 1, content: ROLE_CONTENT, changeNote: "Tighter policy" }),
  rollbackRole: (w) => ({ roleId: w.roleId, baseVersion: 1, toVersion: 1, changeNote: "Back to the first" }),
  setRoleStatus: (w) => ({ roleId: w.roleId, baseVersion: 1, status: "RETIRED", changeNote: "Nobody uses it" }),
  deactivateUser: () => ({ userId: "user_kenji" }),
  reactivateUser: () => ({ userId: "user_victor" }),
  signOutEverywhere: () => ({}),
  syncInventoryNow: () => ({}),
  confirmAccountOwnership: () => ({ accountId: ACCOUNTS.dana, confirmedAt: null }),
  claimUnmanagedAccount: () => ({ accountId: ACCOUNTS.unmanaged, primaryOwnerId: "user_tom", teamId: null, environment: "DEV" }),
};

/** Strings that have broken other systems: SQL and NoSQL injection, markup, templates, paths, control characters. */
const NASTY_STRINGS = [
  "' OR '1'='1' --",
  "1; DROP TABLE audit_event; --",
  '"); DELETE FROM "user"; --',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "${7*7}{{7*7}}#{7*7}",
  "../../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\u202eevil\u202c",
  "𝕷𝖆𝖙𝖙𝖎𝖈𝖊 👩🏽‍💻 ﷽",
  "Ω≈ç√∫˜µ≤≥÷",
  "__proto__",
  "constructor",
  '{"$gt":""}',
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "   ",
  "",
  "x".repeat(10_001),
  "é".repeat(70_000),
];

const NASTY_NUMBERS = [-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

/** Every path into a value: ["a"], ["a","b"], ["list",0] … */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

type Change = { kind: "set"; value: unknown } | { kind: "delete" } | { kind: "extra"; key: string; value: unknown };

function applyChange(input: unknown, where: (string | number)[], change: Change): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  if (change.kind === "extra") {
    Object.defineProperty(copy, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
    return copy;
  }
  let parent: Record<string | number, unknown> = copy;
  for (const key of where.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = where.at(-1)!;
  if (change.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = change.value;
  return copy;
}

function wrongTypes(ids: string[]) {
  return fc.oneof(
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ unit: "grapheme", maxLength: 60 }),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.constantFrom(...ids),
    fc.constantFrom(...NASTY_NUMBERS),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    fc.array(fc.constantFrom(...ids), { minLength: 30, maxLength: 60 }),
  );
}

/** A valid input with one thing broken, or something arbitrary. */
function inputs(valid: unknown, ids: string[]) {
  const paths = pathsOf(valid);
  const change: fc.Arbitrary<Change> = fc.oneof(
    { weight: 6, arbitrary: wrongTypes(ids).map((value): Change => ({ kind: "set", value })) },
    { weight: 1, arbitrary: fc.constant<Change>({ kind: "delete" }) },
    {
      weight: 1,
      arbitrary: fc
        .record({ key: fc.constantFrom("__proto__", "constructor", "requesterId", "actorId", "userId", "approverId", "status", "version", "stage", "id"), value: wrongTypes(ids) })
        .map(({ key, value }): Change => ({ kind: "extra", key, value })),
    },
  );
  const mutated = paths.length > 0 ? fc.tuple(fc.constantFrom(...paths), change).map(([where, what]) => applyChange(valid, where, what)) : change.map((what) => applyChange(valid, [], what.kind === "extra" ? what : { kind: "extra", key: "extra", value: 1 }));
  return fc.oneof(
    { weight: 7, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, "", [], 0, "{}", new Date(0)) },
  );
}

/** Validation messages from the schema (next-safe-action's formatted errors): every message a readable sentence. */
function messagesOf(errors: unknown): string[] {
  if (!errors || typeof errors !== "object") return [];
  return Object.entries(errors).flatMap(([key, value]) => (key === "_errors" && Array.isArray(value) ? (value as unknown[]).map(String) : messagesOf(value)));
}

const RAW_ERROR = /prisma|invalid `|\bat \w+ \(|ECONN|SQLSTATE|syntax error|violates|duplicate key|TypeError|ReferenceError|undefined is not|Cannot read prop/i;

function isClearMessage(message: string): boolean {
  return message.trim().length > 0 && message.length <= 400 && !RAW_ERROR.test(message);
}

interface Tally {
  cases: number;
  ok: number;
  refused: Record<string, number>;
  internal: number;
  partialWrites: number;
  unclear: number;
  examples: string[];
}

function describeInput(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === "string" && value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value));
  return text === undefined ? "undefined" : text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Checks one outcome; returns the problem, or null. */
function problemWith(result: ActionResult | "threw", thrown: unknown): string | null {
  if (result === "threw") return `threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message.slice(0, 300)}` : String(thrown)}`;
  if (result.serverError) {
    const { code, message, fieldErrors } = result.serverError;
    if (code === "INTERNAL") return "INTERNAL error (a 500)";
    if (!isClearMessage(message)) return `unclear or raw message: ${message}`;
    if (fieldErrors) {
      const bad = Object.entries(fieldErrors).filter(([field, messages]) => !field || messages.length === 0 || !messages.every(isClearMessage));
      if (bad.length > 0) return `unclear field errors: ${JSON.stringify(bad)}`;
    }
  }
  if (result.validationErrors !== undefined) {
    const messages = messagesOf(result.validationErrors);
    if (messages.length === 0 || !messages.every(isClearMessage)) return `unclear validation errors: ${JSON.stringify(result.validationErrors).slice(0, 300)}`;
  }
  return null;
}

let world: World;
let ids: string[];
let actions: ServerAction[];
const CALLERS: Record<string, () => Actor> = { "every role": () => withEveryRole("nora"), engineer: () => person("aisha"), owner: () => person("tom") };

beforeAll(async () => {
  world = await buildWorld();
  ids = await idPool();
  actions = await loadServerActions();
}, 120_000);

/** Runs `cases` fast-check cases of `call`, checking each; returns the tally (the test asserts on it). */
async function fuzz<I>(
  arbitrary: fc.Arbitrary<[I, string]>,
  cases: number,
  call: (input: I, caller: string) => Promise<ActionResult>,
  mayWrite: (result: ActionResult) => boolean,
  examples: [I, string][] = [],
): Promise<Tally> {
  const tally: Tally = { cases: 0, ok: 0, refused: {}, internal: 0, partialWrites: 0, unclear: 0, examples: [] };
  let before: Checksums = await tableChecksums();
  await fc.assert(
    fc.asyncProperty(arbitrary, async ([input, caller]) => {
      tally.cases += 1;
      let result: ActionResult | "threw";
      let thrown: unknown;
      try {
        result = await call(input, caller);
      } catch (error) {
        result = "threw";
        thrown = error;
      }
      const problem = problemWith(result, thrown);
      if (problem) {
        if (problem.startsWith("INTERNAL") || problem.startsWith("threw")) tally.internal += 1;
        else tally.unclear += 1;
      }
      const after = await tableChecksums();
      if (result !== "threw" && !result.serverError && result.validationErrors === undefined) tally.ok += 1;
      else {
        const code = result === "threw" ? "THREW" : (result.serverError?.code ?? "VALIDATION");
        tally.refused[code] = (tally.refused[code] ?? 0) + 1;
      }
      const failed = result === "threw" || !mayWrite(result);
      const written = changedTables(before, after);
      let partial: string | null = null;
      if (failed && written.length > 0) {
        tally.partialWrites += 1;
        partial = `wrote ${written.join(", ")} although it failed`;
      }
      before = after;
      const found = [problem, partial].filter(Boolean).join("; ");
      if (found && tally.examples.length < EXAMPLES_KEPT) {
        tally.examples.push(`as ${caller} with ${describeInput(input)} → ${found}${result !== "threw" ? ` (${JSON.stringify(result.serverError ?? result.validationErrors ?? "ok").slice(0, 200)})` : ""}`);
      }
    }),
    { numRuns: cases, seed: Number(process.env.LATTICE_FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: false, verbose: 0, examples: examples.map((example) => [example]) },
  );
  return tally;
}

function summary(what: string, tally: Tally, seconds: number): string {
  const refused = Object.entries(tally.refused)
    .sort()
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  return `fuzz ${what}: ${tally.cases} cases (${tally.ok} ok; refused: ${refused || "none"}), ${tally.internal} internal errors, ${tally.partialWrites} partial writes, ${tally.unclear} unclear errors (${seconds.toFixed(1)} s)`;
}

const succeeded = (result: ActionResult) => !result.serverError && result.validationErrors === undefined;

describe("fuzzing every server action", () => {
  it("knows a valid input for every action (a new action fails here by name until it has one)", () => {
    const names = actions.map((action) => action.name);
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name) => !VALID_INPUTS[name]), "actions without a valid input in VALID_INPUTS").toEqual([]);
    expect(Object.keys(VALID_INPUTS).filter((name) => !names.includes(name)), "VALID_INPUTS for actions that no longer exist").toEqual([]);
  });

  it("never answers with an INTERNAL error, explains every refusal and writes nothing when it fails", async () => {
    const failures: string[] = [];
    for (const action of actions) {
      const valid = VALID_INPUTS[action.name]?.(world) ?? {};
      const started = performance.now();
      const tally = await fuzz(
        fc.tuple(inputs(valid, ids), fc.constantFrom(...Object.keys(CALLERS))),
        ACTION_CASES,
        (input, caller) => actingAs(CALLERS[caller]!(), () => action.call(input)),
        succeeded,
      );
      report(summary(action.name, tally, (performance.now() - started) / 1000));
      if (tally.internal + tally.partialWrites + tally.unclear > 0) failures.push(`${action.name} (${action.file}):\n    ${tally.examples.join("\n    ")}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});

// ── GET route handlers ──────────────────────────────────────────────────────────────────────────────────────────

/** Routes not fuzzed here, and why. */
const ROUTES_NOT_FUZZED: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own OpenID Connect endpoints (sign-in flow), covered by the sign-in tests and e2e journeys",
};
/** GET routes that record what they did (an evidence export is itself audited). */
const ROUTES_THAT_WRITE = new Set(["app/api/audit/export/route.ts"]);

const QUERY_KEYS = ["__proto__", "constructor", "toString", "name", "except", "q", "page", "pageSize", "sort", "dir", "order", "from", "to", "actor", "action", "account", "accountId", "unit", "team", "environment", "env", "status", "before", "after", "limit", "format", "list", "view", "owner", "region", "search", "cursor", "key", "tag", "source", "target"];

function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

function routeFiles(): string[] {
  return globSync(["app/api/**/route.ts"], { cwd: ROOT }).sort();
}

describe("fuzzing every GET route handler's query and path", () => {
  it("never answers 500, answers errors as { code, message }, and writes nothing it should not", async () => {
    const failures: string[] = [];
    const callers: Record<string, Actor | null> = { "every role": withEveryRole("nora"), engineer: person("aisha"), auditor: person("jordan"), anonymous: null };
    for (const file of routeFiles().filter((route) => !ROUTES_NOT_FUZZED[route])) {
      const loaded = (await import(/* @vite-ignore */ path.join(ROOT, file))) as { GET?: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> };
      if (!loaded.GET) continue;
      const get = loaded.GET;
      const urlPath = "/" + file.replace(/^app\//, "").replace(/\/route\.ts$/, "");
      const paramNames = [...urlPath.matchAll(/\[(\w+)\]/g)].map((match) => match[1]!);
      const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((text) => text.length < 5_000), ...ids) }, { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) }, { weight: 1, arbitrary: fc.constantFrom("1", "0", "-5", "99999999999999999999", "2026-13-45", "true", "asc", "desc", "DEV", "PROD", ACCOUNTS.dana) });
      const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 10 })), value), { maxLength: 6 });
      // What Next.js hands a handler came through a URL, so it is well-formed UTF-16 (no lone surrogates).
      const params = fc.record(Object.fromEntries(paramNames.map((name) => [name, value.map(wellFormed)])) as Record<string, fc.Arbitrary<string>>);
      const started = performance.now();
      const tally = await fuzz(
        fc.tuple(fc.tuple(query, params), fc.constantFrom(...Object.keys(callers))),
        ROUTE_CASES,
        async ([pairs, values], caller) => {
          const search = new URLSearchParams(pairs);
          const filled = urlPath.replace(/\[(\w+)\]/g, (_match, name: string) => encodeURIComponent(values[name] ?? ""));
          const response = await actingAs(callers[caller] ?? null, () => get(new Request(`http://localhost${filled}?${search}`), { params: Promise.resolve(values) }));
          if (response.status >= 500 && !(file === "app/api/health/route.ts" && response.status === 503)) {
            return { serverError: { code: "INTERNAL", message: `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}` } };
          }
          if (response.status >= 400) {
            const body = (await response.json()) as { code?: string; message?: string };
            if (typeof body.code !== "string" || typeof body.message !== "string") return { serverError: { code: "INTERNAL", message: `HTTP ${response.status} without { code, message }` } };
            return { serverError: { code: body.code, message: body.message } };
          }
          await response.arrayBuffer();
          return { data: response.status };
        },
        (result) => ROUTES_THAT_WRITE.has(file) && succeeded(result),
        // Besides the random cases: every known key with a NUL byte (PostgreSQL refuses it in text), signed in.
        QUERY_KEYS.map((key): [[[string, string][], Record<string, string>], string] => [[[[key, "a\u0000b"]], Object.fromEntries(paramNames.map((name) => [name, world.pendingAccess]))], "every role"]),
      );
      report(summary(`GET ${urlPath}`, tally, (performance.now() - started) / 1000));
      if (tally.internal + tally.partialWrites + tally.unclear > 0) failures.push(`GET ${urlPath}:\n    ${tally.examples.join("\n    ")}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
