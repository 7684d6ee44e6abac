import type { ActionSpec, ClientOf, ServiceName } from "./types";

/** API versions and whether the service needs the Region common parameter (STS and CloudAudit do). */
export const TENCENT_SERVICES = {
  organization: { version: "2021-03-31", regional: false },
  sts: { version: "2018-08-13", regional: true },
  cam: { version: "2019-01-16", regional: false },
  tag: { version: "2018-08-13", regional: false },
  cloudaudit: { version: "2019-03-19", regional: true },
} as const satisfies Record<ServiceName, { version: string; regional: boolean }>;

export const SERVICE_NAMES = Object.keys(TENCENT_SERVICES) as ServiceName[];

export const API_HOST_SUFFIX = { intl: "intl.tencentcloudapi.com", china: "tencentcloudapi.com" } as const;

/** The region STS and CloudAudit calls are signed for; LookUpEvents on the intl site serves ap-singapore. */
export const DEFAULT_REGION = "ap-singapore";

/**
 * The CAM role Tencent Cloud Organization creates in every member account it creates, and which the management
 * account may assume. Configurable because invited accounts may use another name.
 */
export const DEFAULT_MEMBER_ROLE_NAME = "OrganizationAccessControlRole";

export const DEFAULT_SESSION_NAME = "lattice-portal";
export const DEFAULT_ROLE_DURATION_SECONDS = 3600;
/** Assumed-role credentials are replaced this long before they expire, so no call is signed with a dying token. */
export const CREDENTIAL_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Every action the portal uses, with its documented per-second limit (tencent-api.md §1–§5; limits marked
 * UNCONFIRMED there use the 20/s the neighbouring actions document) and how it may be retried:
 * - `read`: always safe to repeat;
 * - `idempotent`: repeating the same request leaves the same state (move, tag, authorize);
 * - `checked`: repeated only after a read shows the first attempt did not take effect (see service.ts);
 * - `unsafe`: repeated only when Tencent says it rejected the call unprocessed (RequestLimitExceeded).
 * Keys must be methods of the SDK client, so a misspelled action fails to compile.
 */
export const ACTIONS = {
  organization: {
    DescribeOrganization: { kind: "read", limit: 40 },
    DescribeOrganizationNodes: { kind: "read", limit: 20 },
    DescribeOrganizationMembers: { kind: "read", limit: 20 },
    AddOrganizationNode: { kind: "checked", limit: 20 },
    CreateOrganizationMember: { kind: "checked", limit: 20 },
    MoveOrganizationNodeMembers: { kind: "idempotent", limit: 20 },
    ListOrganizationIdentity: { kind: "read", limit: 20 },
    CreateOrganizationMemberAuthIdentity: { kind: "idempotent", limit: 20 },
    DescribeOrganizationMemberAuthIdentities: { kind: "read", limit: 20 },
    ListPolicies: { kind: "read", limit: 20 },
    CreatePolicy: { kind: "checked", limit: 20 },
    AttachPolicy: { kind: "checked", limit: 20 },
    DetachPolicy: { kind: "checked", limit: 20 },
    ListPoliciesForTarget: { kind: "read", limit: 20 },
    ListTargetsForPolicy: { kind: "read", limit: 20 },
    ListNonCompliantResource: { kind: "read", limit: 20 },
    DescribeIdentityCenter: { kind: "read", limit: 20 },
    CreateUser: { kind: "checked", limit: 20 },
    ListUsers: { kind: "read", limit: 20 },
    CreateRoleConfiguration: { kind: "checked", limit: 20 },
    ListRoleConfigurations: { kind: "read", limit: 20 },
    AddPermissionPolicyToRoleConfiguration: { kind: "checked", limit: 20 },
    ListPermissionPoliciesInRoleConfiguration: { kind: "read", limit: 20 },
    UpdateRoleConfiguration: { kind: "idempotent", limit: 20 },
    UpdateCustomPolicyForRoleConfiguration: { kind: "idempotent", limit: 20 },
    RemovePermissionPolicyFromRoleConfiguration: { kind: "idempotent", limit: 20 },
    CreateRoleAssignment: { kind: "checked", limit: 20 },
    DeleteRoleAssignment: { kind: "checked", limit: 20 },
    ListRoleAssignments: { kind: "read", limit: 20 },
    ListTasks: { kind: "read", limit: 20 },
    GetTaskStatus: { kind: "read", limit: 20 },
  },
  sts: {
    AssumeRole: { kind: "read", limit: 600 },
    GetCallerIdentity: { kind: "read", limit: 20 },
  },
  cam: {
    ListUsers: { kind: "read", limit: 20 },
    GetUser: { kind: "read", limit: 20 },
    DescribeSafeAuthFlagColl: { kind: "read", limit: 20 },
    ListAccessKeys: { kind: "read", limit: 20 },
    GetSecurityLastUsed: { kind: "read", limit: 20 },
  },
  tag: {
    GetResources: { kind: "read", limit: 20 },
    GetTagKeys: { kind: "read", limit: 20 },
    GetTagValues: { kind: "read", limit: 20 },
    TagResources: { kind: "idempotent", limit: 20 },
    UnTagResources: { kind: "idempotent", limit: 20 },
  },
  cloudaudit: {
    LookUpEvents: { kind: "read", limit: 20 },
  },
} as const satisfies { [S in ServiceName]: { [A in keyof ClientOf<S>]?: ActionSpec } };

export const RETRY_DEFAULTS = {
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
} as const;

/**
 * Seconds of slack per one-second window. Tencent counts calls by server arrival time; a call released by the
 * limiter arrives a little later, by a varying delay, so the limiter spaces windows slightly wider than a second.
 */
export const RATE_WINDOW_MARGIN_MS = 30;

/** Page sizes: the largest each API accepts, so a scan makes the fewest calls. */
export const PAGE_SIZE = {
  offset: 50,
  nextToken: 100,
  paginationToken: 50,
  getResources: 200,
  tagKeys: 1000,
  page: 200,
  lookUpEvents: 50,
} as const;
