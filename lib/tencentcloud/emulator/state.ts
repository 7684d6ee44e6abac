import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { generateAccountData, generateResources, type OrganizationSeed } from "./generator";
import type {
  AccountData,
  CredentialRecord,
  EmulatorState,
  MemberRecord,
  NodeRecord,
  PolicyRecord,
  ResourceRecord,
} from "./types";
import { createRandom, formatTime, randomId } from "./utils";

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Tagged resources per member account when the caller does not say: the demo and the end-to-end journeys get an
 * inventory to sync (and dashboards with data) without asking for one.
 */
const DEFAULT_RESOURCES_PER_ACCOUNT = 25;

/** Builds the emulator's state from an organization seed plus `resources` tagged resources (25 per account by default). */
export function createEmulatorState(
  seed: OrganizationSeed,
  options: { resources?: number; seed?: number; now?: number } = {},
): EmulatorState {
  const randomSeed = options.seed ?? 1;
  const random = createRandom(randomSeed);
  const now = options.now ?? Date.now();
  const created = formatTime(now - 400 * 86_400_000);
  const root = seed.units.find((unit) => unit.parentNodeId === null) ?? { nodeId: 1, parentNodeId: null, name: "Root" };
  const nodes: NodeRecord[] = seed.units.map((unit) => ({
    nodeId: unit.nodeId,
    name: unit.name,
    parentNodeId: unit.parentNodeId,
    remark: "",
    tags: {},
    createTime: created,
  }));
  if (!seed.units.some((unit) => unit.nodeId === root.nodeId)) nodes.unshift({ ...root, remark: "", tags: {}, createTime: created });
  const members: MemberRecord[] = seed.accounts.map((account) => ({
    uin: account.uin,
    name: account.name,
    nodeId: account.nodeId || root.nodeId,
    memberType: "Create",
    permissionIds: [1, 2, 4, 7],
    remark: "",
    tags: { ...account.tags },
    createTime: formatTime(account.createdAt),
    readyAt: 0,
  }));
  const tagPolicy = Object.fromEntries(
    seed.tagRules.map((rule) => [
      rule.key,
      {
        tag_key: { "@@assign": rule.key },
        ...(rule.allowedValues.length > 0 ? { tag_value: { "@@assign": rule.allowedValues } } : {}),
      },
    ]),
  );
  const policies: PolicyRecord[] = [
    {
      policyId: 1,
      name: "FullQCSAccess",
      type: "SERVICE_CONTROL_POLICY",
      content: JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: "*", resource: "*" }] }),
      description: "Preset policy allowing every action.",
      addTime: created,
      updateTime: created,
    },
    baselineScp(3, created),
    {
      policyId: 2,
      name: "LatticeTagPolicy",
      type: "TAG_POLICY",
      content: JSON.stringify({ tags: tagPolicy }),
      description: "Tag keys every resource must carry.",
      addTime: created,
      updateTime: created,
    },
  ];
  const users = seed.people.map((person) => ({
    userId: `u-${randomId(random, 12)}`,
    userName: person.userName,
    firstName: person.displayName.split(" ")[0] ?? "",
    lastName: person.displayName.split(" ").slice(1).join(" "),
    displayName: person.displayName,
    description: "",
    email: person.email,
    userStatus: "Enabled" as const,
    userType: "Manual" as const,
    createTime: created,
    updateTime: created,
  }));
  const groupNames = [...new Set(seed.people.flatMap((person) => person.groups))].sort();
  const managementKey: CredentialRecord = {
    secretId: `AKID${randomId(random, 32, KEY_ALPHABET)}`,
    secretKey: randomId(random, 32, KEY_ALPHABET),
    accountUin: seed.managementUin,
  };
  return {
    version: 1,
    seed: randomSeed,
    generatedAt: now,
    nextId: 1_000,
    organization: {
      orgId: seed.orgId,
      managementUin: seed.managementUin,
      nickName: seed.name,
      rootNodeId: root.nodeId,
      createTime: created,
    },
    nodes,
    members,
    creations: [],
    policies,
    attachments: [
      { policyId: 1, targetType: "NODE", targetId: root.nodeId, attachTime: created },
      { policyId: 2, targetType: "NODE", targetId: root.nodeId, attachTime: created },
    ],
    identities: [
      {
        identityId: 1,
        aliasName: "Administrator",
        roleName: "OrganizationAccessControlRole",
        description: "Preset administrator access",
        identityType: 1,
      },
      {
        identityId: 2,
        aliasName: "ReadOnly",
        roleName: "OrganizationReadOnlyAccessRole",
        description: "Preset read-only access",
        identityType: 1,
      },
    ],
    memberIdentities: [],
    cic: {
      zoneId: `z-${randomId(random, 12)}`,
      zoneName: seed.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      users,
      groups: groupNames.map((groupName) => ({
        groupId: `g-${randomId(random, 12)}`,
        groupName,
        memberUserIds: users.filter((_, index) => seed.people[index]?.groups.includes(groupName)).map((user) => user.userId),
      })),
      roleConfigurations: [],
      assignments: [],
      tasks: [],
    },
    accounts: {},
    resources: generateResources(seed, options.resources ?? seed.accounts.length * DEFAULT_RESOURCES_PER_ACCOUNT, randomSeed),
    credentials: [managementKey],
    managementRoles: ["LatticePortalRole"],
  };
}

/** The baseline service-control policy provisioning attaches to new members (PROVISIONING_BASELINE_POLICIES). */
function baselineScp(policyId: number, created: string): PolicyRecord {
  return {
    policyId,
    name: "LatticeBaselineSCP",
    type: "SERVICE_CONTROL_POLICY",
    content: JSON.stringify({
      version: "2.0",
      statement: [
        { effect: "deny", action: ["organization:QuitOrganization"], resource: "*" },
        { effect: "deny", action: ["cloudaudit:DeleteAudit", "cloudaudit:StopLogging"], resource: "*" },
      ],
    }),
    description: "Lattice baseline: members may not leave the organization or switch off CloudAudit.",
    addTime: created,
    updateTime: created,
  };
}

export function readStateFile(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, "utf8")) as EmulatorState;
  if (state.version !== 1) throw new Error(`${path}: unsupported emulator state version ${String(state.version)}`);
  // A demo saved before provisioning existed lacks the baseline SCP; add it so that demo keeps working.
  if (!state.policies.some((policy) => policy.name === "LatticeBaselineSCP")) {
    state.policies.push(baselineScp(state.nextId++, state.organization.createTime));
  }
  return state;
}

export function writeStateFile(path: string, state: EmulatorState): void {
  // Write then rename, so a crash mid-write never leaves a truncated state file.
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

/** The state plus lookups the handlers need; indexes are rebuilt when the lists they cover change. */
export class EmulatorStore {
  private resourceIndex?: Map<number, ResourceRecord[]>;
  private memberIndex?: Map<number, MemberRecord>;

  constructor(readonly state: EmulatorState) {}

  nextId(): number {
    this.state.nextId += 1;
    return this.state.nextId;
  }

  member(uin: number): MemberRecord | undefined {
    this.memberIndex ??= new Map(this.state.members.map((member) => [member.uin, member]));
    return this.memberIndex.get(uin);
  }

  addMember(member: MemberRecord): void {
    this.state.members.push(member);
    this.memberIndex = undefined;
  }

  node(nodeId: number): NodeRecord | undefined {
    return this.state.nodes.find((node) => node.nodeId === nodeId);
  }

  /** Whether the UIN is the management account or a member, i.e. an account the emulator serves. */
  isAccount(uin: number): boolean {
    return uin === this.state.organization.managementUin || this.member(uin) !== undefined;
  }

  accountData(uin: number): AccountData {
    const key = String(uin);
    this.state.accounts[key] ??= generateAccountData(uin, this.state.seed, this.state.generatedAt);
    return this.state.accounts[key];
  }

  resourcesOf(uin: number): ResourceRecord[] {
    if (!this.resourceIndex) {
      this.resourceIndex = new Map();
      for (const resource of this.state.resources) {
        const list = this.resourceIndex.get(resource.accountUin) ?? [];
        list.push(resource);
        this.resourceIndex.set(resource.accountUin, list);
      }
    }
    return this.resourceIndex.get(uin) ?? [];
  }

  addResource(resource: ResourceRecord): void {
    this.state.resources.push(resource);
    this.resourceIndex = undefined;
  }

  /** Deletes the resources `match` picks (a test's "the resource was terminated"); returns how many. */
  removeResources(match: (resource: ResourceRecord) => boolean): number {
    const before = this.state.resources.length;
    this.state.resources = this.state.resources.filter((resource) => !match(resource));
    this.resourceIndex = undefined;
    return before - this.state.resources.length;
  }

  credential(secretId: string): CredentialRecord | undefined {
    return this.state.credentials.find((credential) => credential.secretId === secretId);
  }

  /** Drops temporary credentials an hour after they expired (until then they answer TokenFailure, not NotFound). */
  pruneCredentials(now: number): void {
    const cutoff = now - 3_600_000;
    this.state.credentials = this.state.credentials.filter((credential) => !credential.expiresAt || credential.expiresAt > cutoff);
  }
}
