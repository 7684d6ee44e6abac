// The escalation scenarios, shared by the in-process suite (escalation.resilience.test.ts, through the action chain)
// and the HTTP one (http-forgery.resilience.test.ts, against `next start`): for every server action, the target it
// acts on, who may act (once), who must be refused, and what a replay may do. Call bindScenarios() first; callers
// mock @/lib/core/auth with mockedAuth() (setups act through actingAs()).
import { expect } from "vitest";
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
  failedAccountRequest,
  person,
  ROLE_CONTENT,
  submitAccessRequestAs,
  submitAccountRequestAs,
  uniqueDescriptor,
  withEveryRole,
  type ServerAction,
  type World,
} from "./world";

let world: World;
let actions: Map<string, ServerAction>;

/** The world the scenarios set up their targets in, and the actions (by name) some setups call. */
export function bindScenarios(boundWorld: World, boundActions: Map<string, ServerAction>): void {
  world = boundWorld;
  actions = boundActions;
}

export interface Target {
  /** What the eligible person sends. */
  input: Record<string, unknown>;
  eligible: Actor;
  /** People who must be refused, by who they are. The first is also the one who forges ids (c). */
  refused: Record<string, Actor>;
}

export interface Scenario {
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
export const SCENARIOS: Record<string, Scenario> = {
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
export const NO_TARGET: Record<string, string> = {
  signOutEverywhere: "acts on the caller's own sessions only; checked below with forged ids",
};

/** Fields a forged POST might add to act as, or on behalf of, someone else. */
export function forged(input: Record<string, unknown>, victim: Actor): Record<string, unknown> {
  return { requesterId: victim.userId, actorId: victim.userId, userId: victim.userId, approverId: victim.userId, ownerId: victim.userId, ...input };
}
