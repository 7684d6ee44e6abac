import type { ActionName, QualifiedAction, RequestOf, ResponseOf, ServiceName } from "../types";
import type { EmulatorStore } from "./state";

export type TagMap = Record<string, string>;

export interface NodeRecord {
  nodeId: number;
  name: string;
  parentNodeId: number | null;
  remark: string;
  tags: TagMap;
  createTime: string;
}

export interface MemberRecord {
  uin: number;
  name: string;
  nodeId: number;
  memberType: "Create" | "Invite";
  permissionIds: number[];
  remark: string;
  tags: TagMap;
  createTime: string;
  /** Epoch ms from which the member's access role can be assumed; creation finishes in the background. */
  readyAt: number;
}

/** A CreateOrganizationMember attempt; a failed one keeps its name and UIN for the retry that carries its RecordId. */
export interface CreationRecord {
  recordId: number;
  name: string;
  uin: number;
  status: "Failed" | "Succeeded";
}

export interface PolicyRecord {
  policyId: number;
  name: string;
  type: "SERVICE_CONTROL_POLICY" | "TAG_POLICY";
  content: string;
  description: string;
  addTime: string;
  updateTime: string;
}

export interface AttachmentRecord {
  policyId: number;
  targetType: "NODE" | "MEMBER";
  targetId: number;
  attachTime: string;
}

export interface IdentityRecord {
  identityId: number;
  aliasName: string;
  roleName: string;
  description: string;
  identityType: 1 | 2;
}

export interface MemberIdentityRecord {
  memberUin: number;
  identityId: number;
  createTime: string;
}

export interface CicUserRecord {
  userId: string;
  userName: string;
  firstName: string;
  lastName: string;
  displayName: string;
  description: string;
  email: string;
  userStatus: "Enabled" | "Disabled";
  userType: "Manual" | "Synchronized";
  createTime: string;
  updateTime: string;
}

export interface CicGroupRecord {
  groupId: string;
  groupName: string;
  memberUserIds: string[];
}

export interface RolePolicyRecord {
  rolePolicyId: number;
  name: string;
  type: "System" | "Custom";
  document: string;
  addTime: string;
}

export interface RoleConfigurationRecord {
  roleConfigurationId: string;
  name: string;
  description: string;
  sessionDuration: number;
  relayState: string;
  createTime: string;
  updateTime: string;
  policies: RolePolicyRecord[];
}

export interface RoleAssignmentRecord {
  roleConfigurationId: string;
  targetType: "MemberUin" | "ManagerUin";
  targetUin: number;
  principalType: "User" | "Group";
  principalId: string;
  createTime: string;
}

export interface CicTaskRecord {
  taskId: string;
  taskType: "CreateRoleAssignment" | "DeleteRoleAssignment";
  roleConfigurationId: string;
  targetType: string;
  targetUin: number;
  principalType: string;
  principalId: string;
  /** Epoch ms at which the task reports Success. */
  completesAt: number;
}

export interface CamUserRecord {
  uin: number;
  uid: number;
  name: string;
  remark: string;
  consoleLogin: 0 | 1;
  email: string;
  createTime: string;
  recentlyLoginTime: string;
  mfa: { loginToken: 0 | 1; actionToken: 0 | 1 };
}

export interface AccessKeyRecord {
  accessKeyId: string;
  ownerUin: number;
  status: "Active" | "Inactive";
  createTime: string;
  /** Epoch seconds of last use, 0 if never used. */
  lastUsed: number;
}

export interface AuditEventRecord {
  eventId: string;
  eventName: string;
  eventSource: string;
  username: string;
  secretId: string;
  /** Epoch seconds. */
  eventTime: number;
  requestId: string;
  readOnly: boolean;
  resourceType: string;
  resourceName: string;
  errorCode: number;
}

/** Everything one account owns that the emulator serves from that account's credentials. */
export interface AccountData {
  camUsers: CamUserRecord[];
  accessKeys: AccessKeyRecord[];
  auditEvents: AuditEventRecord[];
}

export interface ResourceRecord {
  /** Six-segment name, `qcs::<service>:<region>:uin/<account>:<prefix>/<id>`. */
  resource: string;
  accountUin: number;
  tags: TagMap;
}

export interface CredentialRecord {
  secretId: string;
  secretKey: string;
  accountUin: number;
  /** Present for temporary credentials issued by AssumeRole. */
  token?: string;
  expiresAt?: number;
  roleName?: string;
  sessionName?: string;
  /** Account that assumed the role. */
  assumedBy?: number;
  /**
   * The session policy AssumeRole was given (URL-decoded JSON): calls signed with these credentials may do only what
   * it allows, on top of what the role allows.
   */
  policy?: string;
}

/** The whole emulated organization, plain JSON so it can be written to a file and read back. */
export interface EmulatorState {
  version: 1;
  seed: number;
  /** Epoch ms the state was generated; synthetic history is placed relative to it. */
  generatedAt: number;
  nextId: number;
  organization: { orgId: number; managementUin: number; nickName: string; rootNodeId: number; createTime: string };
  nodes: NodeRecord[];
  members: MemberRecord[];
  creations: CreationRecord[];
  policies: PolicyRecord[];
  attachments: AttachmentRecord[];
  identities: IdentityRecord[];
  memberIdentities: MemberIdentityRecord[];
  cic: {
    zoneId: string;
    zoneName: string;
    users: CicUserRecord[];
    groups: CicGroupRecord[];
    roleConfigurations: RoleConfigurationRecord[];
    assignments: RoleAssignmentRecord[];
    tasks: CicTaskRecord[];
  };
  /** Per account UIN, generated on first use. */
  accounts: Record<string, AccountData>;
  resources: ResourceRecord[];
  credentials: CredentialRecord[];
  /** Role names that can be assumed in the management account (the portal role). */
  managementRoles: string[];
}

/**
 * `Rejected`: the call is refused unprocessed with the rule's `code` (a rejection a repeat would not change, e.g.
 * `FailedOperation`); `RequestLimitExceeded`, `InternalError`: refused unprocessed (transient); `HTTP502`,
 * `ConnectionReset`, `Timeout`: processed, and the answer is lost.
 */
export type FaultKind = "RequestLimitExceeded" | "InternalError" | "Rejected" | "HTTP502" | "ConnectionReset" | "Timeout";

export interface FaultRule {
  kind: FaultKind;
  /** Probability per call, 0–1. */
  rate: number;
  /** Action name (e.g. "CreateOrganizationMember"); all actions when absent. */
  action?: string;
  /** The error code of a `Rejected` fault (default "FailedOperation"). */
  code?: string;
}

export type LatencyDistribution =
  | { distribution: "uniform"; minMs: number; maxMs: number }
  | { distribution: "lognormal"; medianMs: number; p99Ms: number };

export interface FaultOptions {
  rules?: FaultRule[];
  latency?: LatencyDistribution;
  /** Probability that CreateOrganizationMember fails half-way with FailedOperation.CreateAccount and a RecordId. */
  createAccountExceptionRate?: number;
  /** How long a "Timeout" fault holds the answer before dropping the connection. */
  timeoutMs?: number;
  /** Seed of the fault dice, so a run can be repeated. */
  seed?: number;
}

export interface EmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** A previously saved state, or the organization to start from (see state.ts). */
  state?: EmulatorState;
  /** Load from and save to this JSON file. */
  persistPath?: string;
  /** Per-action limits overriding the documented ones; `false` turns rate limiting off. */
  rateLimits?: Partial<Record<QualifiedAction, number>> | false;
  faults?: FaultOptions;
  /** How long a created member takes before its access role can be assumed. */
  memberReadyDelayMs?: number;
  /** How long CIC assignment tasks stay InProgress. */
  taskDelayMs?: number;
  /** Organization member quota (LimitExceeded.OrganizationMemberOverLimit). */
  memberLimit?: number;
  /** Role assumed in member accounts. */
  memberRoleName?: string;
}

/** What a handler knows about the call it serves. */
export interface ActionContext {
  store: EmulatorStore;
  /** The credential that signed the request: whose account the call acts in. */
  caller: CredentialRecord;
  now: number;
  requestId: string;
  settings: Required<Pick<EmulatorOptions, "memberReadyDelayMs" | "taskDelayMs" | "memberLimit" | "memberRoleName">>;
  /** Rolls the CreateAccount exception dice (FaultOptions.createAccountExceptionRate). */
  failCreateAccount: () => boolean;
}

export type Handler<S extends ServiceName, A extends ActionName<S>> = (
  context: ActionContext,
  request: RequestOf<S, A>,
) => Omit<ResponseOf<S, A>, "RequestId">;

export type HandlerTable<S extends ServiceName> = { [A in ActionName<S>]: Handler<S, A> };
