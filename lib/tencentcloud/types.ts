import type { Agent } from "node:http";
import type { Client as CamClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client";
import type { Client as CloudAuditClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_client";
import type { Client as OrganizationClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_client";
import type { Client as StsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client";
import type { Client as TagClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client";
import type { ACTIONS } from "./constants";

export interface ServiceClients {
  organization: OrganizationClient;
  sts: StsClient;
  cam: CamClient;
  tag: TagClient;
  cloudaudit: CloudAuditClient;
}

export type ServiceName = keyof ServiceClients;
export type ClientOf<S extends ServiceName> = ServiceClients[S];

export type ActionKind = "read" | "idempotent" | "checked" | "unsafe";
export interface ActionSpec {
  kind: ActionKind;
  /** Documented calls per second, per action and calling account. */
  limit: number;
}

/** The actions the gateway allows on a service: those listed in ACTIONS, all real SDK methods. */
export type ActionName<S extends ServiceName> = keyof (typeof ACTIONS)[S] & keyof ClientOf<S> & string;

type SdkMethod<S extends ServiceName, A extends ActionName<S>> = ClientOf<S>[A];
export type RequestOf<S extends ServiceName, A extends ActionName<S>> =
  SdkMethod<S, A> extends (request: infer R, ...rest: never[]) => unknown ? R : never;
export type ResponseOf<S extends ServiceName, A extends ActionName<S>> =
  SdkMethod<S, A> extends (...args: never[]) => Promise<infer R> ? R : never;

/** "service.Action", the key rate limits are configured by. */
export type QualifiedAction = { [S in ServiceName]: `${S}.${ActionName<S>}` }[ServiceName];

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
  /** Only for temporary credentials. */
  sessionToken?: string;
}

export interface TencentCloudConfig {
  credentials: TencentCredentials;
  /** "intl" (default) signs for `<service>.intl.tencentcloudapi.com`; "china" for `<service>.tencentcloudapi.com`. */
  site?: "intl" | "china";
  /** Region for STS and CloudAudit calls. */
  region?: string;
  /** When set, the portal first assumes this role and signs every call with its credentials, refreshed before expiry. */
  portalRole?: { roleArn: string; sessionName?: string; durationSeconds?: number };
  /** Role assumed in member accounts, `qcs::cam::uin/<memberUin>:roleName/<memberRoleName>`. */
  memberRoleName?: string;
  memberRoleDurationSeconds?: number;
  /** Per-action calls per second, overriding the documented defaults, e.g. `{ "organization.ListUsers": 10 }`. */
  rateLimits?: Partial<Record<QualifiedAction, number>>;
  /** Slack added to every one-second rate window, in milliseconds. */
  rateWindowMarginMs?: number;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  requestTimeoutSeconds?: number;
  /**
   * Talk to a local emulator instead of Tencent Cloud: plain HTTP to 127.0.0.1:port while keeping the real host
   * names, because the SDK signs with the first label of the host as the service name.
   */
  emulator?: { port: number };
  /** Custom transport, e.g. a keep-alive or proxy agent. The emulator setting supplies its own. */
  agent?: Agent;
  /** Milliseconds since the epoch; injectable so tests can move time forward. */
  clock?: () => number;
}

export type CallOutcome = "ok" | "error";

/** One attempt at one Tencent Cloud API call, as the audit history stores it. */
export interface CallRecord {
  service: ServiceName;
  action: string;
  /** Member UIN the call was made in, or null for the portal's own (management) account. */
  targetAccount: string | null;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  outcome: CallOutcome;
  /** Tencent error code, or HTTP_<status> / NETWORK when no code came back. */
  errorCode?: string;
  requestId?: string;
}

export type CallListener = (record: CallRecord) => void;

/** Hooks for one call. */
export interface CallOptions {
  /**
   * CreateOrganizationMember only: Tencent reported a creation exception naming this RecordId. Awaited before the
   * gateway retries with it (and before it gives up), so a caller can make the RecordId durable: a process that
   * dies mid-retry can then resume the same creation instead of finding the name reserved.
   */
  onCreationRecord?: (recordId: number) => Promise<void>;
}

/** A typed call into one service: the request and response types are the SDK's own models. */
export type ServiceCaller<S extends ServiceName> = <A extends ActionName<S>>(
  action: A,
  request: RequestOf<S, A>,
  options?: CallOptions,
) => Promise<ResponseOf<S, A>>;

export type ServiceCallers = { [S in ServiceName]: ServiceCaller<S> };

/** Calls made in one account: the portal's own, or a member account through its access role. */
export interface AccountScope extends ServiceCallers {
  readonly targetAccount: string | null;
}

export interface TencentGateway extends AccountScope {
  /** Calls signed with credentials of the member account's access role (AssumeRole, cached until near expiry). */
  inAccount(memberUin: string | number): AccountScope;
  /** The member account's access role the gateway assumes: `qcs::cam::uin/<memberUin>:roleName/<memberRoleName>`. */
  memberRoleArn(memberUin: string | number): string;
  /** Subscribes to every call attempt; returns the unsubscribe function. */
  onCall(listener: CallListener): () => void;
}
