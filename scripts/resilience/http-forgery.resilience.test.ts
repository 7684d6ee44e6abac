// Self-approval and privilege escalation over real HTTP, against the production portal (`next start`) on this file's
// database: every server action the build serves is POSTed the way a forger would — Next's action id from the
// build's manifest, a minted session cookie of whoever attacks — with escalation.resilience.test.ts's scenarios:
// (a) the requester of the target holding every role, (b) people with no right to it, (c) the eligible person's ids
// forged into the input, (d) from another site's origin with the eligible person's own cookie, (e) the eligible
// person without MFA, (f) the eligible person's successful POST replayed byte for byte, same cookie. None succeeds
// and the table checksums prove nothing was written; the eligible person's POST succeeds once. The route handlers
// that take an id answer 403/404 to a stranger and 401 signed out.
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";
import { TEST_AUTH_ENV } from "@/lib/core/testing/test-env";
import { bindScenarios, forged, NO_TARGET, SCENARIOS } from "./escalation-scenarios";
import { actionOutcome, builtActions, sessionCookieFor, postAction, startPortal, type BuiltAction, type Portal } from "./portal";
import { buildWorld, changedTables, expectNothingWritten, loadServerActions, person, report, ROOT, tableChecksums, withEveryRole, type World } from "./world";

vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.66", "user-agent": "http-forgery" }) }));

const EVIL_ORIGIN = "https://attacker.example";

let world: World;
let portal: Portal;
let built: Map<string, BuiltAction>;

/** The IdP group that gives each role (TEST_AUTH_ENV's mapping, which the portal reads). */
const GROUP_OF = new Map(TEST_AUTH_ENV.AUTH_GROUP_ROLES.split(",").map((pair) => pair.split("=").reverse() as [string, string]));

/**
 * A cookie for `actor` as the portal will see them: their directory groups give exactly `actor.roles` (the portal
 * derives roles from groups at every request), their session has MFA or not. Groups are put back by restoreGroups().
 */
const originalGroups = new Map<string, string[]>();
async function signIn(actor: Actor): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { groups: true } });
  if (!originalGroups.has(actor.userId)) originalGroups.set(actor.userId, user.groups);
  await db.user.update({ where: { id: actor.userId }, data: { groups: actor.roles.map((role) => GROUP_OF.get(role)!) } });
  return sessionCookieFor(process.env.DATABASE_URL!, actor.userId, { mfa: actor.mfa });
}

async function restoreGroups(): Promise<void> {
  for (const [id, groups] of originalGroups) await db.user.update({ where: { id }, data: { groups } });
  originalGroups.clear();
}

beforeAll(async () => {
  world = await buildWorld();
  bindScenarios(world, new Map((await loadServerActions()).map((action) => [action.name, action])));
  portal = await startPortal(process.env.DATABASE_URL!);
  built = new Map(builtActions().map((action) => [action.name, action]));
}, 600_000);

afterAll(async () => {
  await portal?.stop();
});

describe("forged and replayed server-action POSTs over HTTP", () => {
  it("has a scenario (or a reason for none) for every action the build serves", () => {
    expect(built.size).toBeGreaterThan(0);
    const missing = [...built.keys()].filter((name) => !SCENARIOS[name] && !NO_TARGET[name]);
    expect(missing, "built server actions without an escalation scenario").toEqual([]);
  });

  // Every action in both runs: over HTTP a scenario takes well under a second.
  it.each(Object.keys(SCENARIOS))("%s over HTTP: refuses everyone but the eligible person, once, and writes nothing when it refuses", async (name) => {
    const scenario = SCENARIOS[name]!;
    const action = built.get(name);
    expect(action, `${name} is not in the build's server-reference manifest`).toBeDefined();
    const target = await scenario.setup();
    let attempts = 0;
    const refusedCodes = new Set<string>();

    const expectRefused = async (cookie: string, input: unknown, what: string, origin?: string) => {
      attempts += 1;
      const before = await tableChecksums();
      const response = await postAction(portal.url, action!, input, { cookie, origin });
      const outcome = actionOutcome(response);
      expect(outcome, `${name} ${what}: ${response.body.slice(0, 300)}`).not.toBe("ok");
      expect(outcome, `${name} ${what}`).not.toBe("INTERNAL");
      // Next refuses a POST whose Origin is not the portal's before the action runs (a 500 with an error digest).
      refusedCodes.add(origin ? `cross-origin: ${outcome}` : outcome);
      await expectNothingWritten(before, `${name} ${what}`);
      return outcome;
    };

    try {
      // (a), (b): the requester (with every role), people with no role on the target.
      for (const [who, actor] of Object.entries(target.refused)) await expectRefused(await signIn(actor), target.input, `as ${who}`);
      // (c): the eligible person's ids forged into the input, by someone who may not act.
      const [forger] = Object.values(target.refused);
      if (forger) await expectRefused(await signIn(forger), forged(target.input, target.eligible), "with the eligible person's ids forged in");
      // (e): MFA required: the eligible person without it.
      if (scenario.mfa) expect(await expectRefused(await signIn({ ...target.eligible, mfa: false }), target.input, "without MFA")).toBe("MFA_REQUIRED");
      // (d): the eligible person's own cookie and input, sent from another site (a cross-site form or fetch).
      const cookie = await signIn(target.eligible);
      const input = Object.keys(target.refused).length === 0 ? forged(target.input, person("dana")) : target.input;
      await expectRefused(cookie, input, "from another origin", EVIL_ORIGIN);

      // The eligible person succeeds (with forged ids in the input, which change nothing).
      const before = await tableChecksums();
      const response = await postAction(portal.url, action!, input, { cookie });
      if (scenario.eligibleGets) {
        expect(actionOutcome(response), `${name} as the eligible person`).toBe(scenario.eligibleGets);
        await expectNothingWritten(before, `${name} as the eligible person`);
      } else {
        expect(actionOutcome(response), `${name} as the eligible person: ${response.body.slice(0, 300)}`).toBe("ok");
        await scenario.afterSuccess?.(target, response.result?.data);
        // (f): the captured POST replayed: same body, same cookie.
        if (scenario.replay.refused) await expectRefused(cookie, input, "replayed after it succeeded");
        else {
          const beforeReplay = await tableChecksums();
          expect(actionOutcome(await postAction(portal.url, action!, input, { cookie })), `${name} replayed`).toBe("ok");
          const { mayWrite } = scenario.replay;
          expect(changedTables(beforeReplay, await tableChecksums()).filter((table) => !mayWrite.includes(table)), `${name} replayed wrote`).toEqual([]);
        }
      }
      const replay = scenario.eligibleGets ? "" : scenario.replay.refused ? ", its replay refused" : `, its replay allowed (${scenario.replay.why})`;
      report(
        `http forgery ${name}: ${attempts} forged POSTs refused (${[...refusedCodes].sort().join(", ")}), 0 succeeded, 0 writes; ` +
          `the eligible person ${scenario.eligibleGets ? `got ${scenario.eligibleGets}` : "succeeded once"}${replay}`,
      );
    } finally {
      await restoreGroups();
    }
  });

  it("signOutEverywhere with another person's userId forged in ends only the caller's own sessions", async () => {
    const victim = await signIn(person("dana"));
    const caller = await signIn(person("aisha"));
    await restoreGroups();
    const response = await postAction(portal.url, built.get("signOutEverywhere")!, forged({}, person("dana")), { cookie: caller });
    expect(actionOutcome(response), response.body.slice(0, 300)).toBe("ok");
    const status = async (cookie: string) => (await fetch(`${portal.url}/api/approvals/count`, { headers: { cookie } })).status;
    expect(await status(victim), "the victim's session").toBe(200);
    expect(await status(caller), "the caller's own session").toBe(401);
    report("http forgery signOutEverywhere: forged userId of another person → the caller's session ended, the other's still signed in");
  });
});

describe("route handlers refuse other people's resources over HTTP", () => {
  /** Every route the build serves whose path names a resource, and a resource of Dana's for it. */
  const ID_ROUTES: Record<string, () => string> = {
    "/api/access/[id]/grants": () => world.pendingAccess,
    "/api/account-requests/[id]/timeline": () => world.pendingAccount,
  };

  it("the requester 200, a stranger 403/404 (also with the owner's id in the query), signed out 401", async () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>;
    const withIds = Object.keys(manifest)
      .filter((key) => key.startsWith("/api/") && key.endsWith("/route") && /\[(?!\.\.\.)[^\]]+\]/.test(key))
      .map((key) => key.replace(/\/route$/, ""));
    expect(withIds.filter((route) => !ID_ROUTES[route]), "routes with an id and no check here").toEqual([]);

    const requester = await signIn(person("dana"));
    const stranger = await signIn(person("aisha"));
    await restoreGroups();
    let calls = 0;
    for (const [route, id] of Object.entries(ID_ROUTES)) {
      const url = `${portal.url}${route.replace("[id]", id())}`;
      const get = async (cookie?: string, query = "") => {
        calls += 1;
        return (await fetch(`${url}${query}`, { headers: cookie ? { cookie } : {}, redirect: "manual" })).status;
      };
      const before = await tableChecksums();
      expect(await get(requester), `${route} as the requester`).toBe(200);
      expect([403, 404], `${route} as a stranger`).toContain(await get(stranger));
      expect([403, 404], `${route} as a stranger naming the owner`).toContain(await get(stranger, "?userId=user_dana&requesterId=user_dana"));
      expect(await get(undefined), `${route} signed out`).toBe(401);
      await expectNothingWritten(before, `${route}`);
    }
    report(`http forgery GET routes: ${calls} requests to ${Object.keys(ID_ROUTES).length} routes with another person's id → 403/404 for a stranger (forged owner ids in the query too), 401 signed out, 200 for the requester; 0 writes`);
  });
});

describe("the UI offers no self-approval", () => {
  it("the requester, holding every role with MFA, sees no Approve on their own requests; an approver does", async () => {
    const pages = { "access request": `/access/${world.pendingAccess}`, "account request": `/requests/${world.pendingAccount}` };
    const requester = await signIn(withEveryRole("dana"));
    const approver = await signIn(person("alex"));
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
    try {
      const approveButtons = async (cookie: string, page: string) => {
        const context = await browser.newContext();
        const [name, value] = cookie.split(/=(.*)/s) as [string, string];
        await context.addCookies([{ name, value, url: portal.url }]);
        const tab = await context.newPage();
        const response = await tab.goto(`${portal.url}${page}`);
        expect(response?.status(), `${page}`).toBe(200);
        await tab.getByRole("heading").first().waitFor();
        const count = await tab.getByRole("button", { name: "Approve", exact: true }).count();
        await context.close();
        return count;
      };
      for (const [what, page] of Object.entries(pages)) {
        expect(await approveButtons(requester, page), `the requester's own ${what}`).toBe(0);
        expect(await approveButtons(approver, page), `an approver on the ${what}`).toBeGreaterThan(0);
      }
    } finally {
      await browser.close();
      await restoreGroups();
    }
    report("http forgery UI: the requester, holding every role with MFA, is offered no Approve on their own access and account requests (an approver is)");
  });
});
