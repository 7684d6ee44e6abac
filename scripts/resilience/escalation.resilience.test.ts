// Self-approval and privilege escalation through every path. For every action that decides, changes guardrails or
// acts for someone: called (a) by the requester of the target (holding every role, owning the account), (b) by
// people with no role on it, (c) with another person's ids forged into the input, (d) replayed after it succeeded,
// (e) without MFA where MFA is required → none succeeds and nothing is written; the eligible person succeeds once.
// And the GET routes refuse other people's resources.
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";
import { actingAs, createPeople } from "@/lib/core/testing/acting-as";
import { insertCatalogRole } from "@/lib/grants/testing";
import {
  ACCOUNTS,
  accessRequestForm,
  accountRequestForm,
  activeGrantOf,
  breakGlassWithEndedAccess,
  buildWorld,
  changedTables,
  expectNothingWritten,
  failedAccountRequest,
  loadServerActions,
  person,
  report,
  ROLE_CONTENT,
  ROOT,
  submitAccessRequestAs,
  submitAccountRequestAs,
  tableChecksums,
  uniqueDescriptor,
  withEveryRole,
  type ActionResult,
  type ServerAction,
  type World,
} from "./world";

vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.66", "user-agent": "escalation" }) }));

interface Target {
  /** What the eligible person sends. */
  input: Record<string, unknown>;
  eligible: Actor;
  /** People who must be refused, by who they are. The first is also the one who forges ids (c). */
  refused: Record<string, Actor>;
}

interface Scenario {
  setup: () => Promise<Target>;
  mfa: boolean;
  /** What a replay of a successful call does: refused, or allowed (reading, saving a draft) with what it may write. */
  replay: { refused: true } | { refused: false; mayWrite: string[]; why: string };
  /** When the eligible call cannot succeed in-process, the code it gets instead (and nothing written). */
  eligibleGets?: string;
  /** Checks after the eligible call succeeded (e.g. the record belongs to the caller, not to a forged id). */
  afterSuccess?: (target: Target, data: unknown) => Promise<void>;
}

const PLATFORM_ONLY = () => ({ "an approver": person("alex"), "a security reviewer": person("mei"), "an auditor": person("jordan"), "an engineer": person("aisha") });

let world: World;
let actions: Map<string, ServerAction>;
let people = 0;

async function freshUser(active: boolean): Promise<Actor> {
  people += 1;
  const [user] = await createPeople(1, { prefix: `target${people}x` });
  if (!active) await db.user.update({ where: { id: user!.userId }, data: { active: false } });
  return user!;
}

/** A new engineer who co-owns Dana's account: their own request there is one they could approve as an owner. */
async function owningRequester(): Promise<Actor> {
  const requester = await freshUser(true);
  await db.accountOwner.create({ data: { accountId: ACCOUNTS.dana, userId: requester.userId, role: "SECONDARY" } });
  return requester;
}

async function accountRequestVersion(id: string): Promise<number> {
  return (await db.accountRequest.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
}

async function newRole(): Promise<string> {
  return (await insertCatalogRole({ slug: `esc-${uniqueDescriptor("role")}`, policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'] })).id;
}

/** Every action is either a scenario here or listed in NO_TARGET with why; a new action fails the suite by name. */
const SCENARIOS: Record<string, Scenario> = {
  approveAccessRequest: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      // The requester asks for access to an account they own, reviewed by approvers, security and account owners.
      const requester = await owningRequester();
      return {
        input: { requestId: await submitAccessRequestAs(requester, world.roleId, [ACCOUNTS.dana]), version: 0 },
        eligible: person("alex"),
        refused: {
          "an engineer with no role on it": person("aisha"),
          "the requester, holding every role and owning the account": { ...requester, roles: withEveryRole("x").roles },
          "an auditor": person("jordan"),
          "an owner of another account": person("tom"),
        },
      };
    },
  },
  denyAccessRequest: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const requester = await owningRequester();
      return {
        input: { requestId: await submitAccessRequestAs(requester, world.roleId, [ACCOUNTS.dana]), version: 0, reason: "Use the reporting role instead." },
        eligible: person("mei"),
        refused: { "an engineer with no role on it": person("aisha"), "the requester, holding every role and owning the account": { ...requester, roles: withEveryRole("x").roles }, "an auditor": person("jordan") },
      };
    },
  },
  cancelAccess: {
    mfa: false,
    replay: { refused: true },
    setup: async () => {
      const requester = await freshUser(true);
      return {
        input: { requestId: await submitAccessRequestAs(requester, world.roleId, [ACCOUNTS.tom]) },
        eligible: requester,
        refused: { "an engineer with no role on it": person("aisha"), "a person with every role": withEveryRole("nora"), "the account's owner": person("tom") },
      };
    },
  },
  closeBreakGlass: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const requester = person("luis");
      return {
        input: { requestId: await breakGlassWithEndedAccess(requester, world.roleId), findings: "Restart was needed; actions match the incident timeline." },
        eligible: person("mei"),
        refused: { "an engineer with no role on it": person("aisha"), "the requester, holding every role": withEveryRole("luis"), "an approver": person("alex") },
      };
    },
  },
  requestAccess: {
    mfa: false,
    replay: { refused: true },
    setup: async () => ({ input: accessRequestForm(world.roleId, [ACCOUNTS.tom]), eligible: await freshUser(true), refused: {} }),
    afterSuccess: async (target, data) => {
      const request = await db.accessRequest.findUniqueOrThrow({ where: { id: (data as { requestId: string }).requestId } });
      expect(request.requesterId, "forged requesterId").toBe(target.eligible.userId);
    },
  },
  requestBreakGlassAccess: {
    mfa: true,
    replay: {
      refused: false,
      mayWrite: ["access_request", "access_grant", "break_glass_review", "audit_event", "pgboss.job"],
      why: "each break-glass (MFA) is a new emergency with its own review; the overlap is recorded in its audit event",
    },
    setup: async () => ({
      input: { ...accessRequestForm(world.roleId, [ACCOUNTS.prod]), breakGlass: true, justification: "Production payments are down (INC-3001); restart the gateway." },
      eligible: await freshUser(true),
      refused: {},
    }),
    afterSuccess: async (target, data) => {
      const request = await db.accessRequest.findUniqueOrThrow({ where: { id: (data as { requestId: string }).requestId } });
      expect(request.requesterId, "forged requesterId").toBe(target.eligible.userId);
    },
  },
  saveAccountRequestDraft: {
    mfa: false,
    replay: { refused: false, mayWrite: ["account_request", "account_request_owner", "audit_event"], why: "saving a draft again saves it again" },
    setup: async () => {
      const draft = await actingAs(person("dana"), () => actions.get("saveAccountRequestDraft")!.call({ unitId: "unit_cards", environment: "DEV" }));
      return {
        input: { requestId: (draft.data as { id: string }).id, unitId: "unit_cards", environment: "DEV", justification: "Still drafting this." },
        eligible: person("dana"),
        refused: { "another engineer": person("aisha"), "a person with every role": withEveryRole("nora") },
      };
    },
  },
  submitAccountRequest: {
    mfa: false,
    replay: { refused: true },
    setup: async () => {
      const dana = person("dana");
      const draft = await actingAs(dana, () => actions.get("saveAccountRequestDraft")!.call({ unitId: "unit_cards", environment: "DEV" }));
      return { input: { ...accountRequestForm(dana), requestId: (draft.data as { id: string }).id }, eligible: dana, refused: { "another engineer": person("aisha"), "a person with every role": withEveryRole("nora") } };
    },
  },
  approveAccountRequest: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const id = await submitAccountRequestAs(person("dana"), { secondaryOwnerIds: ["user_tom"] });
      return {
        input: { requestId: id, version: await accountRequestVersion(id) },
        eligible: person("alex"),
        refused: {
          "an engineer with no role on it": person("aisha"),
          "the requester, holding every role": withEveryRole("dana"),
          "a named owner, holding every role": withEveryRole("tom"),
          "a security reviewer (the request needs the platform stage only)": person("mei"),
          "an auditor": person("jordan"),
        },
      };
    },
  },
  rejectAccountRequest: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const id = await submitAccountRequestAs(person("dana"), { secondaryOwnerIds: ["user_tom"] });
      return {
        input: { requestId: id, version: await accountRequestVersion(id), reason: "Use the shared ledger account." },
        eligible: person("sam"),
        refused: { "an engineer with no role on it": person("aisha"), "the requester, holding every role": withEveryRole("dana"), "a named owner, holding every role": withEveryRole("tom") },
      };
    },
  },
  cancelAccountRequest: {
    mfa: false,
    replay: { refused: true },
    setup: async () => ({
      input: { requestId: await submitAccountRequestAs(person("dana")) },
      eligible: person("dana"),
      refused: { "an approver": person("alex"), "a person with every role": withEveryRole("nora") },
    }),
  },
  retryAccountProvisioning: {
    mfa: true,
    replay: { refused: true },
    setup: async () => ({ input: { requestId: await failedAccountRequest(person("dana")) }, eligible: person("priya"), refused: { "the requester": person("dana"), ...PLATFORM_ONLY() } }),
  },
  revokeAccessGrant: {
    mfa: false,
    replay: { refused: true },
    setup: async () => ({
      input: { grantId: (await activeGrantOf("user_dana", world.roleId, ACCOUNTS.tom)).grantId },
      eligible: person("dana"),
      refused: { "an engineer with no role on it": person("aisha"), "an approver": person("alex"), "an auditor": person("jordan") },
    }),
  },
  issueAccessCredentials: {
    mfa: true,
    replay: { refused: true },
    // No Tencent connection in-process: the holder gets UNAVAILABLE (the grants integration tests cover STS).
    eligibleGets: "UNAVAILABLE",
    setup: async () => ({
      input: { grantId: (await activeGrantOf("user_dana", world.roleId, ACCOUNTS.tom)).grantId },
      eligible: person("dana"),
      refused: { "the account's owner": person("tom"), "a person with every role": withEveryRole("nora") },
    }),
  },
  publishApprovalPolicyVersion: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const current = await db.approvalPolicy.findFirstOrThrow({ orderBy: { version: "desc" } });
      return {
        input: { baseVersion: current.version, rules: current.rules, decisionHours: 48, description: "Security reviews production" },
        eligible: person("priya"),
        refused: PLATFORM_ONLY(),
      };
    },
  },
  publishNamingConventionVersion: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const current = await db.namingConvention.findFirstOrThrow({ orderBy: { version: "desc" } });
      const template = current.template === "{env}-{product}-{region}-{descriptor}" ? "{product}-{env}-{region}-{descriptor}" : "{env}-{product}-{region}-{descriptor}";
      return { input: { baseVersion: current.version, template, description: "Environment first in every name" }, eligible: person("priya"), refused: PLATFORM_ONLY() };
    },
  },
  createRole: {
    mfa: true,
    replay: { refused: true },
    setup: async () => ({ input: { slug: `esc-${uniqueDescriptor("new")}`, content: ROLE_CONTENT, changeNote: "First version" }, eligible: person("priya"), refused: PLATFORM_ONLY() }),
  },
  publishRoleVersion: {
    mfa: true,
    replay: { refused: true },
    setup: async () => ({ input: { roleId: await newRole(), baseVersion: 1, content: ROLE_CONTENT, changeNote: "Tighter policy" }, eligible: person("priya"), refused: PLATFORM_ONLY() }),
  },
  rollbackRole: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const roleId = await newRole();
      const published = await actingAs(person("priya"), () => actions.get("publishRoleVersion")!.call({ roleId, baseVersion: 1, content: ROLE_CONTENT, changeNote: "Second version" }));
      expect(published.serverError ?? published.validationErrors).toBeUndefined();
      return { input: { roleId, baseVersion: 2, toVersion: 1, changeNote: "Back to the first" }, eligible: person("priya"), refused: PLATFORM_ONLY() };
    },
  },
  setRoleStatus: {
    mfa: true,
    replay: { refused: true },
    setup: async () => ({ input: { roleId: await newRole(), baseVersion: 1, status: "RETIRED", changeNote: "Nobody uses it" }, eligible: person("priya"), refused: PLATFORM_ONLY() }),
  },
  deactivateUser: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const target = await freshUser(true);
      return { input: { userId: target.userId }, eligible: person("priya"), refused: { "the person themself, holding every role": { ...target, roles: withEveryRole("x").roles }, ...PLATFORM_ONLY() } };
    },
  },
  reactivateUser: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const target = await freshUser(false);
      return { input: { userId: target.userId }, eligible: person("priya"), refused: { "the person themself, holding every role": { ...target, roles: withEveryRole("x").roles }, ...PLATFORM_ONLY() } };
    },
  },
  confirmAccountOwnership: {
    mfa: false,
    replay: { refused: true },
    setup: async () => {
      const account = await db.account.findUniqueOrThrow({ where: { id: ACCOUNTS.dana }, select: { ownershipConfirmedAt: true } });
      return {
        input: { accountId: ACCOUNTS.dana, confirmedAt: account.ownershipConfirmedAt?.toISOString() ?? null },
        eligible: person("dana"),
        refused: { "the owner of another account": person("tom"), "a person with every role who owns nothing": withEveryRole("nora"), "an approver": person("alex") },
      };
    },
  },
  claimUnmanagedAccount: {
    mfa: true,
    replay: { refused: true },
    setup: async () => {
      const template = await db.account.findUniqueOrThrow({ where: { id: ACCOUNTS.unmanaged }, select: { organizationId: true, unitId: true } });
      const descriptor = uniqueDescriptor("unmanaged");
      const account = await db.account.create({ data: { ...template, id: `acct_${descriptor}`, name: descriptor, environment: "DEV", status: "UNMANAGED", regions: ["ap-singapore"] } });
      return {
        input: { accountId: account.id, primaryOwnerId: "user_tom", teamId: null, environment: "DEV" },
        eligible: person("priya"),
        refused: { "an engineer claiming it for themself": person("dana"), "an approver": person("alex"), "a security reviewer": person("mei") },
      };
    },
  },
  syncInventoryNow: {
    mfa: false,
    replay: { refused: false, mayWrite: ["audit_event", "pgboss.job"], why: "a second press joins the running sync (recorded), it starts no second run" },
    setup: async () => ({ input: {}, eligible: person("priya"), refused: { "an engineer": person("dana"), "an approver": person("alex"), "an auditor": person("jordan") } }),
  },
  verifyChain: {
    mfa: false,
    replay: { refused: false, mayWrite: ["audit_event"], why: "verifying again is recorded again" },
    setup: async () => ({ input: {}, eligible: person("jordan"), refused: { "an engineer": person("dana"), "an approver": person("alex") } }),
  },
  requestCloudAuditImport: {
    mfa: false,
    replay: { refused: false, mayWrite: ["pgboss.job"], why: "one waiting import per queue; asking again is not an error" },
    setup: async () => ({ input: {}, eligible: person("jordan"), refused: { "an engineer": person("dana"), "an approver": person("alex") } }),
  },
};

/** Actions with no target of someone else's to act on, and why (each still goes through the fuzzing). */
const NO_TARGET: Record<string, string> = {
  signOutEverywhere: "acts on the caller's own sessions only; checked below with forged ids",
};

/** Fields a forged POST might add to act as, or on behalf of, someone else. */
function forged(input: Record<string, unknown>, victim: Actor): Record<string, unknown> {
  return { requesterId: victim.userId, actorId: victim.userId, userId: victim.userId, approverId: victim.userId, ownerId: victim.userId, ...input };
}

const succeeded = (result: ActionResult) => !result.serverError && result.validationErrors === undefined;

function outcome(result: ActionResult): string {
  return result.serverError?.code ?? (result.validationErrors !== undefined ? "VALIDATION" : "ok");
}

beforeAll(async () => {
  world = await buildWorld();
  actions = new Map((await loadServerActions()).map((action) => [action.name, action]));
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
