import "server-only";
import { AppError } from "@/lib/core/errors";
import type { OrgMember, TaskInfo } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";
import { describeCicZoneId, findOrCreateCicUser } from "@/lib/tencentcloud/cic";
import { PAGE_SIZE } from "@/lib/tencentcloud/constants";
import {
  listCicTasks,
  listOrganizationMembers,
  listPoliciesForTarget,
  listRoleAssignments,
  listRoleConfigurations,
  listTargetsForPolicy,
  paginateByPage,
} from "@/lib/tencentcloud/pagination";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { sleep } from "@/lib/tencentcloud/utils";
import { ACCOUNT_NOT_READY_CODE, BATCH_LIMITS, CACHE_TTL_MS, POLICY_TYPES } from "./constants";
import type { PolicyType, ProvisioningConfig, ProvisioningRequest, StepOutcome, SweepFinding } from "./types";
import { Batcher, diffSets, diffTags, pollDelay, StepNotReadyError, toTencentTags } from "./utils";

/** Collects the RequestIds of the calls one step makes, for its row and its audit event. */
class CallTrail {
  readonly requestIds: string[] = [];
  track<T extends { RequestId?: string }>(response: T): T {
    if (response.RequestId) this.requestIds.push(response.RequestId);
    return response;
  }
  outcome(detail: Record<string, unknown>): StepOutcome {
    return { detail, tencentRequestIds: this.requestIds };
  }
}

/** Promise cache with expiry; a failed load is forgotten at once. Concurrent callers share one load. */
class TtlCache<T> {
  private entries = new Map<string, { value: Promise<T>; expiresAt: number }>();
  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.value;
    const value = load();
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

function tencentCodeOf(error: unknown): string | undefined {
  return error instanceof AppError ? error.details.tencentCode : undefined;
}

/** A rejection we detect ourselves, reported like Tencent's so classifyFailure treats it the same. */
function rejection(code: "VALIDATION" | "CONFLICT", tencentCode: string, message: string) {
  return new AppError(code, message, { tencentCode }, { cause: new Error(message) });
}

/** Which policies reach a member: attached to it directly, or inherited from its unit or an ancestor. */
type MemberPolicies = Record<PolicyType, { direct: number[]; inherited: { policyId: number; nodeId: number }[] }>;

interface RoleAssignmentEntry {
  RoleConfigurationId: string;
  TargetType: "MemberUin";
  TargetUin: number;
  PrincipalType: "User";
  PrincipalId: string;
}

const assignmentKey = (entry: { RoleConfigurationId?: string; TargetUin?: number; PrincipalId?: string }) =>
  `${entry.RoleConfigurationId}/${entry.TargetUin}/${entry.PrincipalId}`;

/**
 * Tencent rejects a whole CreateRoleAssignment or CreateOrganizationMemberAuthIdentity call for one bad entry
 * (a member or user that does not exist, an assignment that already exists, an invalid value): the batch is split
 * to find it. Errors of the configuration every entry shares are not split: they would fail each entry alike.
 */
function isEntryRejection(error: unknown): boolean {
  const code = tencentCodeOf(error) ?? "";
  if (/RoleConfigurationNotExist|ZoneIdNotExist|OrganizationIdentityNotExist/.test(code)) return false;
  return /^(ResourceNotFound|InvalidParameter|MissingParameter|FailedOperation\.(RoleConfigurationAuthorizationAlreadyExist|SomeUinsNotInOrganization))/.test(code);
}

export interface CreateMemberHooks {
  /** Persist the UIN the moment it is known. */
  onUin(uin: string): Promise<void>;
  /** Persist (or clear, with null) CreateOrganizationMember's RecordId. */
  onCreationRecord(recordId: number | null): Promise<void>;
}

/**
 * The Tencent Cloud side of each provisioning step, through the gateway (which paces, retries and maps errors).
 * Facts that rarely change and that every request needs (policy ids, what is attached to units, the CIC zone, the
 * owners' role configuration, CIC users) are cached for a minute, so a burst of requests does not spend the 20
 * calls/s of those read actions on the same answers.
 */
export function createProvisioningCloud(gateway: TencentGateway, config: ProvisioningConfig) {
  const policyIds = new TtlCache<number>(CACHE_TTL_MS);
  const nodePolicies = new TtlCache<number[]>(CACHE_TTL_MS);
  const zones = new TtlCache<string>(CACHE_TTL_MS);
  const roleConfigurations = new TtlCache<string>(CACHE_TTL_MS);
  const cicUsers = new TtlCache<string>(CACHE_TTL_MS);

  async function findMemberByName(name: string) {
    for await (const member of listOrganizationMembers(gateway, { SearchKey: name })) {
      if (member.Name === name) return member;
    }
    return undefined;
  }

  function resolvePolicyId(type: PolicyType, name: string): Promise<number> {
    return policyIds.get(`${type}:${name}`, async () => {
      const policies = paginateByPage(async (Page, Rp) => {
        const page = await gateway.organization("ListPolicies", { Page, Rp, Keyword: name, PolicyType: type });
        return { items: page.List, total: page.TotalNum };
      });
      for await (const policy of policies) if (policy.PolicyName === name && policy.PolicyId !== undefined) return policy.PolicyId;
      throw rejection("VALIDATION", "ResourceNotFound.PolicyNotExist", `No ${type} named ${name} exists in the organization.`);
    });
  }

  function policiesOnTarget(targetId: number, type: PolicyType): Promise<number[]> {
    return (async () => {
      const ids: number[] = [];
      for await (const policy of listPoliciesForTarget(gateway, { TargetId: targetId, PolicyType: type })) {
        if (policy.StrategyId !== undefined) ids.push(policy.StrategyId);
      }
      return ids;
    })();
  }

  /** Policies of a type attached to the unit or any ancestor: they apply to every member below. */
  async function inheritedPolicies(pathNodeIds: number[], type: PolicyType): Promise<Map<number, number>> {
    const inherited = new Map<number, number>();
    for (const nodeId of pathNodeIds) {
      const ids = await nodePolicies.get(`${type}:${nodeId}`, () => policiesOnTarget(nodeId, type));
      for (const id of ids) if (!inherited.has(id)) inherited.set(id, nodeId);
    }
    return inherited;
  }

  function zoneId(): Promise<string> {
    return zones.get("zone", () => describeCicZoneId(gateway));
  }

  /** The owners' role configuration, created with its permission policies when missing. */
  function ownerRoleConfiguration(zone: string): Promise<string> {
    const { name, sessionDurationSeconds, systemPolicies } = config.ownerRole;
    return roleConfigurations.get(`${zone}:${name}`, async () => {
      const find = async () => {
        for await (const entry of listRoleConfigurations(gateway, { ZoneId: zone, Filter: name })) {
          if (entry.RoleConfigurationName === name && entry.RoleConfigurationId) return entry.RoleConfigurationId;
        }
        return undefined;
      };
      let id = await find();
      if (!id) {
        try {
          const created = await gateway.organization("CreateRoleConfiguration", {
            ZoneId: zone,
            RoleConfigurationName: name,
            Description: "Lattice: owners' access to the accounts they own",
            SessionDuration: sessionDurationSeconds,
          });
          id = created.RoleConfigurationInfo?.RoleConfigurationId;
        } catch (error) {
          // Another worker created it first.
          if (!/AlreadyExist/.test(tencentCodeOf(error) ?? "")) throw error;
        }
        id ??= await find();
        if (!id) throw new AppError("UPSTREAM", `Role configuration ${name} was created but cannot be found yet.`);
      }
      const { RolePolicies = [] } = await gateway.organization("ListPermissionPoliciesInRoleConfiguration", {
        ZoneId: zone,
        RoleConfigurationId: id,
        RolePolicyType: "System",
      });
      const present = new Set(RolePolicies.map((policy) => policy.RolePolicyName));
      const missing = systemPolicies.filter((policy) => !present.has(policy));
      if (missing.length > 0) {
        await gateway.organization("AddPermissionPolicyToRoleConfiguration", {
          ZoneId: zone,
          RoleConfigurationId: id,
          RolePolicyType: "System",
          RolePolicyNames: missing,
        });
      }
      return id;
    });
  }

  /** The CIC user of a person, by email; created (user name = email) when the zone has none. */
  function cicUserId(zone: string, owner: ProvisioningRequest["owners"][number]): Promise<string> {
    return cicUsers.get(`${zone}:${owner.email.toLowerCase()}`, () => findOrCreateCicUser(gateway, zone, owner));
  }

  async function assignedPrincipals(zone: string, roleConfigurationId: string, uin: number): Promise<Set<string>> {
    const principals = new Set<string>();
    const filter = { ZoneId: zone, TargetType: "MemberUin", TargetUin: uin, RoleConfigurationId: roleConfigurationId, PrincipalType: "User" };
    for await (const assignment of listRoleAssignments(gateway, filter)) if (assignment.PrincipalId) principals.add(assignment.PrincipalId);
    return principals;
  }

  /**
   * Which policies reach each member of a batch, from a fresh read. Per policy type: the organization's policies
   * (ListPolicies, with how many targets each has), then for each attached one its targets (ListTargetsForPolicy:
   * units and members) — a few calls per batch instead of ListPoliciesForTarget per member and type. When the
   * policies' target lists are longer than the batch is large (many policies attached to many members), asking per
   * member is cheaper, and that is what happens.
   */
  async function readMemberPolicies(members: { uin: number; pathNodeIds: number[] }[]): Promise<MemberPolicies[]> {
    const results = members.map((): MemberPolicies => ({ SERVICE_CONTROL_POLICY: { direct: [], inherited: [] }, TAG_POLICY: { direct: [], inherited: [] } }));
    await Promise.all(
      POLICY_TYPES.map(async (type) => {
        const baseline = await Promise.all(config.baselinePolicies.filter((policy) => policy.type === type).map((policy) => resolvePolicyId(type, policy.name)));
        const policies = paginateByPage(async (Page, Rp) => {
          const page = await gateway.organization("ListPolicies", { Page, Rp, PolicyType: type });
          return { items: page.List, total: page.TotalNum };
        });
        const attached: { policyId: number; targets: number }[] = [];
        for await (const policy of policies) {
          if (policy.PolicyId === undefined) continue;
          const targets = policy.AttachedTimes ?? 0;
          if (targets > 0 || baseline.includes(policy.PolicyId)) attached.push({ policyId: policy.PolicyId, targets });
        }
        const pages = attached.reduce((sum, policy) => sum + Math.max(1, Math.ceil(policy.targets / 200)), 0);
        if (pages > members.length) {
          await Promise.all(
            members.map(async (member, index) => {
              const direct = await policiesOnTarget(member.uin, type);
              const inherited = await inheritedPolicies(member.pathNodeIds, type);
              results[index]![type] = { direct, inherited: [...inherited].map(([policyId, nodeId]) => ({ policyId, nodeId })) };
            }),
          );
          return;
        }
        await Promise.all(
          attached.map(async ({ policyId }) => {
            const nodes = new Set<number>();
            const users = new Set<number>();
            for await (const target of listTargetsForPolicy(gateway, { PolicyId: policyId, PolicyType: type, TargetType: "All" })) {
              if (target.Uin === undefined) continue;
              if (target.RelatedType === 1) nodes.add(target.Uin);
              else if (target.RelatedType === 2) users.add(target.Uin);
            }
            members.forEach((member, index) => {
              const coverage = results[index]![type];
              if (users.has(member.uin)) coverage.direct.push(policyId);
              const nodeId = member.pathNodeIds.find((candidate) => nodes.has(candidate));
              if (nodeId !== undefined) coverage.inherited.push({ policyId, nodeId });
            });
          }),
        );
      }),
    );
    return results;
  }
  const memberPolicies = new Batcher(readMemberPolicies, {
    windowMs: BATCH_LIMITS.windowMs,
    minIntervalMs: BATCH_LIMITS.policyCoverageMinIntervalMs,
    maxSize: BATCH_LIMITS.policyCoverageMembers,
  });

  /** The organization's member count as last listed: tells whether listing all members is cheaper than looking each up. */
  let knownMemberCount: number | undefined;

  /**
   * The members' own records (unit, tags, identities), fresh. One listing of the whole organization when it takes
   * no more pages than the batch has members; otherwise (a large organization, a small batch) one lookup each.
   */
  async function readMembers(uins: number[]): Promise<(OrgMember | undefined)[]> {
    const wanted = new Set(uins);
    const found = new Map<number, OrgMember>();
    const pagesForAll = Math.ceil((knownMemberCount ?? 1) / PAGE_SIZE.offset);
    if (pagesForAll <= uins.length) {
      for (let offset = 0; ; offset += PAGE_SIZE.offset) {
        const page = await gateway.organization("DescribeOrganizationMembers", { Offset: offset, Limit: PAGE_SIZE.offset });
        knownMemberCount = page.Total ?? 0;
        for (const member of page.Items ?? []) if (member.MemberUin !== undefined && wanted.has(member.MemberUin)) found.set(member.MemberUin, member);
        if ((page.Items ?? []).length < PAGE_SIZE.offset || offset + PAGE_SIZE.offset >= knownMemberCount) break;
        // Larger than it was: finish with lookups of the members not yet seen.
        if (Math.ceil(knownMemberCount / PAGE_SIZE.offset) > uins.length) break;
      }
    }
    // Members the listing did not show (not reached, or shifted past by a member added while it paged): one lookup each.
    for (const uin of uins) {
      if (found.has(uin)) continue;
      for await (const candidate of listOrganizationMembers(gateway, { SearchKey: String(uin) })) if (candidate.MemberUin === uin) found.set(uin, candidate);
    }
    return uins.map((uin) => found.get(uin));
  }

  /** Assignments of the owners' role configuration last counted (TotalCounts), for the same choice. */
  let knownAssignmentCount: number | undefined;

  /** The principals assigned the role configuration on each member, fresh: one listing of it, or one per member. */
  async function readAssignedPrincipals(zone: string, roleConfigurationId: string, uins: number[]): Promise<Set<string>[]> {
    const byUin = new Map(uins.map((uin) => [uin, new Set<string>()]));
    const pagesForAll = Math.ceil((knownAssignmentCount ?? 1) / PAGE_SIZE.nextToken);
    if (pagesForAll <= uins.length) {
      const filter = { ZoneId: zone, RoleConfigurationId: roleConfigurationId, TargetType: "MemberUin", PrincipalType: "User", MaxResults: PAGE_SIZE.nextToken };
      let token: string | undefined;
      let complete = false;
      for (;;) {
        const page = await gateway.organization("ListRoleAssignments", { ...filter, NextToken: token });
        knownAssignmentCount = page.TotalCounts ?? 0;
        for (const entry of page.RoleAssignments ?? []) {
          if (entry.TargetUin !== undefined && entry.PrincipalId) byUin.get(entry.TargetUin)?.add(entry.PrincipalId);
        }
        if (page.IsTruncated === false || !page.NextToken) {
          complete = true;
          break;
        }
        if (Math.ceil(knownAssignmentCount / PAGE_SIZE.nextToken) > uins.length) break;
        token = page.NextToken;
      }
      // A member with no assignment in the listing is looked up alone (it may have shifted past while it paged).
      if (complete) return Promise.all(uins.map((uin) => (byUin.get(uin)!.size > 0 ? byUin.get(uin)! : assignedPrincipals(zone, roleConfigurationId, uin))));
    }
    return Promise.all(uins.map((uin) => assignedPrincipals(zone, roleConfigurationId, uin)));
  }

  /** What the sweep reads about each member besides its policies, for a batch of sweeps. */
  const sweepFacts = new Batcher<{ uin: number; zone: string; roleConfigurationId: string }, { member?: OrgMember; principals: Set<string> }>(
    async (items) => {
      const groups = new Map<string, number[]>();
      for (const item of items) groups.set(`${item.zone}|${item.roleConfigurationId}`, [...(groups.get(`${item.zone}|${item.roleConfigurationId}`) ?? []), item.uin]);
      const [members, principals] = await Promise.all([
        readMembers(items.map((item) => item.uin)),
        Promise.all(
          [...groups].map(async ([key, uins]) => {
            const [zone = "", roleConfigurationId = ""] = key.split("|");
            const sets = await readAssignedPrincipals(zone, roleConfigurationId, uins);
            return uins.map((uin, index) => [`${key}|${uin}` as string, sets[index]!] as const);
          }),
        ).then((lists) => new Map(lists.flat())),
      ]);
      return items.map((item, index) => ({
        member: members[index],
        principals: principals.get(`${item.zone}|${item.roleConfigurationId}|${item.uin}`) ?? new Set<string>(),
      }));
    },
    { windowMs: BATCH_LIMITS.windowMs, minIntervalMs: BATCH_LIMITS.policyCoverageMinIntervalMs, maxSize: BATCH_LIMITS.policyCoverageMembers },
  );

  /** CreateOrganizationMemberAuthIdentity for many members in one call (MemberUins); idempotent in Tencent. */
  const authIdentities = new Batcher<number, string | undefined>(
    async (uins) => {
      const { RequestId } = await gateway.organization("CreateOrganizationMemberAuthIdentity", { MemberUins: uins, IdentityIds: config.memberIdentityIds });
      return uins.map(() => RequestId);
    },
    { windowMs: BATCH_LIMITS.windowMs, minIntervalMs: BATCH_LIMITS.minIntervalMs, maxSize: BATCH_LIMITS.memberUins, isItemError: isEntryRejection },
  );

  /** One CreateRoleAssignment (≤ 50 RoleAssignmentInfo entries) for the owners of several members; tasks per caller. */
  const roleAssignments = new Batcher<{ zone: string; entries: RoleAssignmentEntry[] }, { tasks: TaskInfo[]; requestId?: string }>(
    async (items) => {
      const zone = items[0]!.zone;
      if (items.some((item) => item.zone !== zone)) throw new AppError("INTERNAL", "One CIC zone per batch.");
      const response = await gateway.organization("CreateRoleAssignment", { ZoneId: zone, RoleAssignmentInfo: items.flatMap((item) => item.entries) });
      const byKey = new Map((response.Tasks ?? []).map((task) => [assignmentKey(task), task]));
      return items.map((item) => ({
        tasks: item.entries.flatMap((entry) => byKey.get(assignmentKey(entry)) ?? []),
        requestId: response.RequestId,
      }));
    },
    {
      windowMs: BATCH_LIMITS.windowMs,
      minIntervalMs: BATCH_LIMITS.minIntervalMs,
      maxSize: BATCH_LIMITS.roleAssignmentEntries,
      sizeOf: (item) => item.entries.length,
      isItemError: isEntryRejection,
    },
  );

  /**
   * Waits for CIC assignment tasks of every run in the process with one ListTasks poll per tick: the tasks still
   * InProgress (a short list) instead of GetTaskStatus per task. A task no longer in progress has finished; it
   * failed if ListTasks lists it as Failed (asked only on ticks where some waited task finished), else it succeeded.
   * A waiter counts from the first poll that started after it registered (its task existed by then).
   */
  const taskWaiters = new Set<{
    zone: string;
    roleConfigurationId: string;
    key: string;
    taskId?: string;
    since: number;
    deadline: number;
    resolve: () => void;
    reject: (error: unknown) => void;
  }>();
  let taskPoller: Promise<void> | undefined;
  let pollError: string | undefined;
  const pollTick = Math.max(100, config.pollIntervalMs / 4);

  async function pollTasks(): Promise<void> {
    while (taskWaiters.size > 0) {
      await sleep(pollTick);
      const groups = new Map<string, (typeof taskWaiters extends Set<infer W> ? W : never)[]>();
      for (const waiter of taskWaiters) {
        const group = `${waiter.zone}|${waiter.roleConfigurationId}`;
        groups.set(group, [...(groups.get(group) ?? []), waiter]);
      }
      for (const waiters of groups.values()) {
        const { zone, roleConfigurationId } = waiters[0]!;
        const filter = { ZoneId: zone, TaskType: "CreateRoleAssignment", RoleConfigurationId: roleConfigurationId };
        const started = performance.now();
        try {
          const running = { ids: new Set<string>(), keys: new Set<string>() };
          for await (const task of listCicTasks(gateway, { ...filter, Status: "InProgress" })) {
            if (task.TaskId) running.ids.add(task.TaskId);
            running.keys.add(assignmentKey(task));
          }
          pollError = undefined;
          const due = waiters.filter((waiter) => waiter.since < started);
          const finished = due.filter((waiter) => (waiter.taskId ? !running.ids.has(waiter.taskId) : !running.keys.has(waiter.key)));
          if (finished.length > 0) {
            const failed = { ids: new Set<string>(), keys: new Set<string>() };
            for await (const task of listCicTasks(gateway, { ...filter, Status: "Failed" })) {
              if (task.TaskId) failed.ids.add(task.TaskId);
              failed.keys.add(assignmentKey(task));
            }
            for (const waiter of finished) {
              taskWaiters.delete(waiter);
              if (waiter.taskId ? failed.ids.has(waiter.taskId) : failed.keys.has(waiter.key)) {
                waiter.reject(new AppError("UPSTREAM", `CIC assignment task failed for ${waiter.key}.`, { tencentCode: "FailedOperation.TaskFailed" }));
              } else {
                waiter.resolve();
              }
            }
          }
        } catch (error) {
          // Transient beyond the gateway's retries: keep waiting (each waiter's deadline still applies) and say so
          // if it runs out.
          pollError = error instanceof Error ? error.message : String(error);
        }
        const now = Date.now();
        for (const waiter of waiters) {
          if (taskWaiters.has(waiter) && now >= waiter.deadline) {
            taskWaiters.delete(waiter);
            waiter.reject(new StepNotReadyError(`CIC role assignment tasks are still running${pollError ? ` (last poll failed: ${pollError})` : ""}`));
          }
        }
      }
    }
  }

  function waitForAssignmentTasks(zone: string, roleConfigurationId: string, entries: { key: string; taskId?: string }[]): Promise<void> {
    const deadline = Date.now() + config.readinessTimeoutSeconds * 1000;
    const waits = entries.map(
      (entry) =>
        new Promise<void>((resolve, reject) => {
          taskWaiters.add({ zone, roleConfigurationId, ...entry, since: performance.now(), deadline, resolve, reject });
        }),
    );
    ensureTaskPoller();
    return Promise.all(waits).then(() => undefined);
  }

  function ensureTaskPoller() {
    taskPoller ??= pollTasks().finally(() => {
      taskPoller = undefined;
      // A waiter that registered while the loop was ending.
      if (taskWaiters.size > 0) ensureTaskPoller();
    });
  }

  return {
    /**
     * CreateOrganizationMember in the request's unit. Idempotent: a stored UIN is reused; after an attempt that may
     * have created the member (the previous run died, or its answer was lost), the name is looked up first and the
     * member adopted when it carries the request's tags; a stored RecordId completes a half-made creation.
     */
    async createMember(request: ProvisioningRequest, options: { mayHaveCreated: boolean } & CreateMemberHooks): Promise<StepOutcome> {
      const trail = new CallTrail();
      // Stored by an attempt that did not finish the step: this success is where the creation gets audited.
      if (request.memberUin) return trail.outcome({ uin: request.memberUin, reused: "stored" });
      if (request.nodeId === null) {
        throw rejection("VALIDATION", "InvalidParameter.OrganizationNodeNotExist", "The request's unit has no Tencent NodeId.");
      }
      const adopt = async () => {
        const member = await findMemberByName(request.name);
        if (!member?.MemberUin) return undefined;
        const tags = Object.fromEntries((member.Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue]));
        if (diffTags(request.tags, tags).length > 0) {
          throw rejection("CONFLICT", "FailedOperation.OrganizationMemberNameUsed", `A member named ${request.name} exists but was not created for this request (its tags differ).`);
        }
        const uin = String(member.MemberUin);
        await options.onUin(uin);
        return trail.outcome({ uin, nodeId: member.NodeId, adopted: true });
      };
      if (options.mayHaveCreated || request.creationRecordId !== null) {
        const adopted = await adopt();
        if (adopted) return adopted;
      }
      const body = {
        Name: request.name,
        AccountName: request.name,
        PolicyType: "Financial",
        PermissionIds: config.financePermissionIds,
        NodeId: request.nodeId,
        Tags: toTencentTags(request.tags),
        ...(request.creationRecordId !== null ? { RecordId: request.creationRecordId } : {}),
      };
      try {
        const response = trail.track(
          await gateway.organization("CreateOrganizationMember", body, { onCreationRecord: (recordId) => options.onCreationRecord(recordId) }),
        );
        if (response.Uin === undefined) throw new AppError("UPSTREAM", "CreateOrganizationMember returned no Uin.");
        const uin = String(response.Uin);
        await options.onUin(uin);
        return trail.outcome({ uin, nodeId: request.nodeId, created: true, recordId: request.creationRecordId });
      } catch (error) {
        const code = tencentCodeOf(error);
        // The stored record finished (our earlier retry completed it) or expired: look the member up, else start over.
        if (code === "FailedOperation.CreateRecordAlreadySuccess") {
          const adopted = await adopt();
          if (adopted) return adopted;
        }
        if (code === "FailedOperation.CreateRecordNotExist") await options.onCreationRecord(null);
        throw error;
      }
    },

    /** Waits until the member's access role can be assumed (AssumeRole answers AccountNotAvaliable until then). */
    async waitUntilReady(uin: string): Promise<StepOutcome> {
      const trail = new CallTrail();
      const started = Date.now();
      const deadline = started + config.readinessTimeoutSeconds * 1000;
      for (let poll = 0; ; poll += 1) {
        try {
          const identity = trail.track(await gateway.inAccount(uin).sts("GetCallerIdentity", null));
          return { ...trail.outcome({ polls: poll + 1, waitedMs: Date.now() - started, arn: identity.Arn }), audit: false };
        } catch (error) {
          if (tencentCodeOf(error) !== ACCOUNT_NOT_READY_CODE) throw error;
        }
        if (Date.now() >= deadline) throw new StepNotReadyError(`member ${uin} is not ready after ${config.readinessTimeoutSeconds} s`);
        // AssumeRole allows 600 calls/s: polling a few times a second costs nothing and saves most of a second.
        await sleep(Math.min(pollDelay(poll, config.pollIntervalMs / 4, config.pollIntervalMs), Math.max(0, deadline - Date.now())));
      }
    },

    /** Moves the member to the request's unit unless it was created (or found) there. */
    async moveToUnit(request: ProvisioningRequest, uin: string, currentNodeId: unknown): Promise<StepOutcome> {
      const trail = new CallTrail();
      if (request.nodeId === null) throw rejection("VALIDATION", "InvalidParameter.OrganizationNodeNotExist", "The request's unit has no Tencent NodeId.");
      // Created in its unit (CreateOrganizationMember NodeId): nothing to move; the sweep reads the unit back.
      if (currentNodeId === request.nodeId) return { ...trail.outcome({ nodeId: request.nodeId, moved: false }), audit: false };
      trail.track(await gateway.organization("MoveOrganizationNodeMembers", { NodeId: request.nodeId, MemberUin: [Number(uin)] }));
      return trail.outcome({ nodeId: request.nodeId, moved: true });
    },

    /** Lets the management account enter the member through the configured identities (idempotent; batched over members). */
    async authorizeIdentities(uin: string): Promise<StepOutcome> {
      const requestId = await authIdentities.submit(Number(uin));
      return { detail: { identityIds: config.memberIdentityIds }, tencentRequestIds: requestId ? [requestId] : [] };
    },

    /**
     * Puts the member under every baseline policy. A policy already attached to its unit or an ancestor reaches it
     * by inheritance, which is how Tencent applies policies, so attaching it again would change nothing: skipped;
     * so is one already attached to the member (a resumed run). What reaches the member is read fresh, for many
     * members at once (the same read the sweep uses).
     */
    async attachBaselinePolicies(request: ProvisioningRequest, uin: string): Promise<StepOutcome> {
      const trail = new CallTrail();
      const coverage = await memberPolicies.submit({ uin: Number(uin), pathNodeIds: request.pathNodeIds });
      const results = [];
      let changed = false;
      for (const baseline of config.baselinePolicies) {
        const policyId = await resolvePolicyId(baseline.type, baseline.name);
        const inheritedFrom = coverage[baseline.type].inherited.find((entry) => entry.policyId === policyId)?.nodeId;
        if (inheritedFrom !== undefined) {
          results.push({ ...baseline, policyId, inheritedFromNodeId: inheritedFrom });
          continue;
        }
        if (coverage[baseline.type].direct.includes(policyId)) {
          results.push({ ...baseline, policyId, attached: true, already: true });
          continue;
        }
        trail.track(await gateway.organization("AttachPolicy", { TargetId: Number(uin), TargetType: "MEMBER", PolicyId: policyId, Type: baseline.type }));
        results.push({ ...baseline, policyId, attached: true });
        changed = true;
      }
      return { ...trail.outcome({ policies: results }), audit: changed };
    },

    /**
     * Gives each owner the owners' role configuration on the member through CIC: finds or creates the owner's CIC
     * user, ensures the role configuration, creates the missing assignments (one CreateRoleAssignment shared with
     * other runs in the process) and waits for their tasks (one ListTasks poll shared likewise).
     */
    async grantOwnerAccess(request: ProvisioningRequest, uin: string, options: { resumed: boolean }): Promise<StepOutcome> {
      const trail = new CallTrail();
      const zone = await zoneId();
      const roleConfigurationId = await ownerRoleConfiguration(zone);
      const owners = await Promise.all(request.owners.map(async (owner) => ({ ...owner, principalId: await cicUserId(zone, owner) })));
      const target = Number(uin);
      const entryOf = (principalId: string): RoleAssignmentEntry => ({
        RoleConfigurationId: roleConfigurationId,
        TargetType: "MemberUin",
        TargetUin: target,
        PrincipalType: "User",
        PrincipalId: principalId,
      });
      // A fresh member has no assignments; only a resumed run needs to look.
      let present = options.resumed ? await assignedPrincipals(zone, roleConfigurationId, target) : new Set<string>();
      const initiallyPresent = new Set(present);
      const taskIds = new Map<string, string>();
      for (let round = 0; round < 2; round += 1) {
        const missing = owners.filter((owner) => !present.has(owner.principalId));
        if (missing.length === 0) break;
        try {
          const { tasks, requestId } = await roleAssignments.submit({ zone, entries: missing.map((owner) => entryOf(owner.principalId)) });
          if (requestId) trail.requestIds.push(requestId);
          for (const task of tasks) if (task.TaskId && task.PrincipalId) taskIds.set(task.PrincipalId, task.TaskId);
          break;
        } catch (error) {
          const code = tencentCodeOf(error) ?? "";
          // Stale caches: forget them so the retried job looks again.
          if (/RoleConfigurationNotExist/.test(code)) roleConfigurations.forget(`${zone}:${config.ownerRole.name}`);
          if (/UserNotExist/.test(code)) for (const owner of missing) cicUsers.forget(`${zone}:${owner.email.toLowerCase()}`);
          if (!/AlreadyExist/.test(code)) throw error;
          // Some of them exist already (Tencent rejects the whole call): look, and add only the others.
          present = await assignedPrincipals(zone, roleConfigurationId, target);
        }
      }
      await waitForAssignmentTasks(
        zone,
        roleConfigurationId,
        owners.map((owner) => ({ key: assignmentKey(entryOf(owner.principalId)), taskId: taskIds.get(owner.principalId) })),
      );
      return {
        ...trail.outcome({
          zoneId: zone,
          roleConfigurationId,
          roleConfigurationName: config.ownerRole.name,
          owners: owners.map((owner) => ({ email: owner.email, role: owner.role, principalId: owner.principalId, assigned: !initiallyPresent.has(owner.principalId) })),
        }),
        audit: owners.some((owner) => !initiallyPresent.has(owner.principalId)),
      };
    },

    /**
     * Reads back what the member ended up with and lists every difference from what the request and the baseline
     * require: the policies that reach it (fresh, read for many members at once), its tags, identities and unit, and
     * its owners' assignments. Findings do not fail provisioning; they are stored in the step detail and audited.
     */
    async securitySweep(request: ProvisioningRequest, uin: string, ownerAccess: { zoneId?: unknown; roleConfigurationId?: unknown; owners?: unknown }): Promise<StepOutcome> {
      const trail = new CallTrail();
      const target = Number(uin);
      const findings: SweepFinding[] = [];
      const effective: Record<string, { direct: number[]; inherited: number[] }> = {};
      const zone = typeof ownerAccess.zoneId === "string" ? ownerAccess.zoneId : await zoneId();
      const roleConfigurationId = typeof ownerAccess.roleConfigurationId === "string" ? ownerAccess.roleConfigurationId : await ownerRoleConfiguration(zone);
      // Both fresh reads, each shared with the other sweeps running now.
      const [coverage, { member, principals: assigned }] = await Promise.all([
        memberPolicies.submit({ uin: target, pathNodeIds: request.pathNodeIds }),
        sweepFacts.submit({ uin: target, zone, roleConfigurationId }),
      ]);
      for (const type of POLICY_TYPES) {
        let { direct } = coverage[type];
        const inherited = coverage[type].inherited.map((entry) => entry.policyId);
        const baseline = await Promise.all(config.baselinePolicies.filter((policy) => policy.type === type).map((policy) => resolvePolicyId(type, policy.name)));
        // Before reporting a baseline policy missing, ask about this member alone: a policy's target list may have
        // shifted while it was paged (other runs attach at the same time). Costs a call only when something is wrong.
        if (baseline.some((id) => !direct.includes(id) && !inherited.includes(id))) direct = await policiesOnTarget(target, type);
        effective[type] = { direct, inherited };
        const all = new Set([...direct, ...inherited]);
        findings.push(...baseline.filter((id) => !all.has(id)).map((id): SweepFinding => ({ kind: "policy-missing", subject: `${type}:${id}` })));
        findings.push(...direct.filter((id) => !baseline.includes(id)).map((id): SweepFinding => ({ kind: "policy-unexpected", subject: `${type}:${id}` })));
      }

      const tags = Object.fromEntries((member?.Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue]));
      findings.push(...diffTags(request.tags, tags));
      if (member && member.NodeId !== request.nodeId) findings.push({ kind: "unit-mismatch", subject: "unit", expected: String(request.nodeId), actual: String(member.NodeId) });
      const identities = (member?.OrgIdentity ?? []).map((identity) => String(identity.IdentityId));
      findings.push(...diffSets(config.memberIdentityIds.map(String), identities, { missing: "identity-missing" }));

      const expectedPrincipals = Array.isArray(ownerAccess.owners)
        ? (ownerAccess.owners as { principalId?: string }[]).flatMap((owner) => (owner.principalId ? [owner.principalId] : []))
        : await Promise.all(request.owners.map((owner) => cicUserId(zone, owner)));
      findings.push(...diffSets(expectedPrincipals, assigned, { missing: "owner-missing", unexpected: "owner-unexpected" }));

      return { ...trail.outcome({ findings, policies: effective, tags, identities, ownerPrincipals: [...assigned] }), audit: findings.length > 0 };
    },
  };
}

export type ProvisioningCloud = ReturnType<typeof createProvisioningCloud>;
