// Self-approval and privilege escalation through every path. For every action that decides, changes guardrails or
// acts for someone: called (a) by the requester of the target (holding every role, owning the account), (b) by
// people with no role on it, (c) with another person's ids forged into the input, (d) replayed after it succeeded,
// (e) without MFA where MFA is required → none succeeds and nothing is written; the eligible person succeeds once.
// And the GET routes refuse other people's resources.
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";
import { actingAs } from "@/lib/core/testing/acting-as";
import { bindScenarios, forged, NO_TARGET, SCENARIOS } from "./escalation-scenarios";
import { buildWorld, changedTables, expectNothingWritten, loadServerActions, person, report, ROOT, tableChecksums, type ActionResult, type ServerAction, type World } from "./world";

vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.66", "user-agent": "escalation" }) }));

let world: World;
let actions: Map<string, ServerAction>;

const succeeded = (result: ActionResult) => !result.serverError && result.validationErrors === undefined;

function outcome(result: ActionResult): string {
  return result.serverError?.code ?? (result.validationErrors !== undefined ? "VALIDATION" : "ok");
}

beforeAll(async () => {
  world = await buildWorld();
  actions = new Map((await loadServerActions()).map((action) => [action.name, action]));
  bindScenarios(world, actions);
}, 120_000);

describe("self-approval and privilege escalation", () => {
  it("has a scenario (or a reason for none) for every server action", () => {
    const missing = [...actions.keys()].filter((name) => !SCENARIOS[name] && !NO_TARGET[name]);
    expect(missing, "actions without an escalation scenario").toEqual([]);
  });

  it.each(Object.keys(SCENARIOS))("%s: refuses everyone but the eligible person, once, and writes nothing when it refuses", async (name) => {
    const scenario = SCENARIOS[name]!;
    const action = actions.get(name);
    expect(action, `${name} is no longer a server action`).toBeDefined();
    const call = (actor: Actor, input: unknown) => actingAs(actor, () => action!.call(input));
    const target = await scenario.setup();
    let attempts = 0;
    const refusedCodes = new Set<string>();

    const expectRefused = async (actor: Actor, input: unknown, what: string) => {
      attempts += 1;
      const before = await tableChecksums();
      const result = await call(actor, input);
      expect(succeeded(result), `${name} ${what}: ${JSON.stringify(result.data)}`).toBe(false);
      expect(result.serverError?.code, `${name} ${what}`).not.toBe("INTERNAL");
      refusedCodes.add(outcome(result));
      await expectNothingWritten(before, `${name} ${what}`);
      return result;
    };

    // (a), (b): the requester (with every role), people with no role on the target.
    for (const [who, actor] of Object.entries(target.refused)) await expectRefused(actor, target.input, `as ${who}`);
    // (c): another person's ids forged into the input, by someone who may not act.
    const [forger] = Object.values(target.refused);
    if (forger) await expectRefused(forger, forged(target.input, target.eligible), "with the eligible person's ids forged in");
    // (e): MFA required: the eligible person without it.
    if (scenario.mfa) {
      const result = await expectRefused({ ...target.eligible, mfa: false }, target.input, "without MFA");
      expect(result.serverError?.code).toBe("MFA_REQUIRED");
    }
    // The eligible person succeeds (with forged ids in the input, which change nothing).
    const before = await tableChecksums();
    const input = Object.keys(target.refused).length === 0 ? forged(target.input, person("dana")) : target.input;
    const result = await call(target.eligible, input);
    if (scenario.eligibleGets) {
      expect(outcome(result), `${name} as the eligible person`).toBe(scenario.eligibleGets);
      await expectNothingWritten(before, `${name} as the eligible person`);
    } else {
      expect(outcome(result), `${name} as the eligible person: ${JSON.stringify(result.serverError ?? result.validationErrors)}`).toBe("ok");
      await scenario.afterSuccess?.(target, result.data);
      // (d): replayed after it succeeded.
      if (scenario.replay.refused) await expectRefused(target.eligible, input, "replayed after it succeeded");
      else {
        const beforeReplay = await tableChecksums();
        expect(outcome(await call(target.eligible, input)), `${name} replayed`).toBe("ok");
        const { mayWrite } = scenario.replay;
        expect(changedTables(beforeReplay, await tableChecksums()).filter((table) => !mayWrite.includes(table)), `${name} replayed wrote`).toEqual([]);
      }
    }
    const replay = scenario.eligibleGets ? "" : scenario.replay.refused ? ", its replay refused" : `, its replay allowed (${scenario.replay.why})`;
    report(`escalation ${name}: ${attempts} refused attempts (${[...refusedCodes].sort().join(", ")}), 0 succeeded, 0 writes; the eligible person ${scenario.eligibleGets ? `got ${scenario.eligibleGets} (no Tencent in-process)` : "succeeded once"}${replay}`);
  });

  it("signOutEverywhere ends only the caller's own sessions, whatever ids are forged in", async () => {
    const expiresAt = new Date(Date.now() + 3600_000);
    await db.session.createMany({ data: [{ userId: "user_dana", amr: ["pwd"], expiresAt }, { userId: "user_aisha", amr: ["pwd"], expiresAt }] });
    const result = await actingAs(person("aisha"), () => actions.get("signOutEverywhere")!.call(forged({}, person("dana"))));
    expect(result.data).toEqual({ revoked: 1 });
    expect(await db.session.count({ where: { userId: "user_dana", revokedAt: null } })).toBe(1);
    expect(await db.session.count({ where: { userId: "user_aisha", revokedAt: null } })).toBe(0);
    report("escalation signOutEverywhere: forged userId of another person → only the caller's 1 session ended, the other's kept");
  });
});

describe("GET routes refuse other people's resources", () => {
  async function get(route: string, id: string, actor: Actor | null): Promise<number> {
    const loaded = (await import(/* @vite-ignore */ path.join(ROOT, "app/api", route, "route.ts"))) as { GET: (request: Request, context: { params: Promise<{ id: string }>; }) => Promise<Response> };
    const response = await actingAs(actor, () => loaded.GET(new Request(`http://localhost/api/${route.replace("[id]", id)}`), { params: Promise.resolve({ id }) }));
    return response.status;
  }

  it("an access request's grants and an account request's timeline: the requester yes, a stranger no", async () => {
    const checks: [string, string][] = [
      ["access/[id]/grants", world.pendingAccess],
      ["account-requests/[id]/timeline", world.pendingAccount],
    ];
    for (const [route, id] of checks) {
      expect(await get(route, id, person("dana")), `${route} as the requester`).toBe(200);
      expect([403, 404], `${route} as a stranger`).toContain(await get(route, id, person("aisha")));
      expect(await get(route, id, null), `${route} signed out`).toBe(401);
    }
    report("escalation GET routes: another person's access grants and request timeline → 403/404 for a stranger, 401 signed out; 200 for the requester");
  });
});
