import "server-only";
import type { Credential, DynamicCredential } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface";
import { Client as CamClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client";
import { Client as CloudAuditClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_client";
import { Client as OrganizationClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_client";
import { Client as StsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client";
import { Client as TagClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client";
import {
  ACTIONS,
  API_HOST_SUFFIX,
  CREDENTIAL_REFRESH_MARGIN_MS,
  DEFAULT_MEMBER_ROLE_NAME,
  DEFAULT_REGION,
  DEFAULT_ROLE_DURATION_SECONDS,
  DEFAULT_SESSION_NAME,
  RATE_WINDOW_MARGIN_MS,
  RETRY_DEFAULTS,
  SERVICE_NAMES,
  TENCENT_SERVICES,
} from "./constants";
import {
  listCicTasks,
  listCicUsers,
  listOrganizationMembers,
  listOrganizationNodes,
  listPoliciesForTarget,
  listRoleAssignments,
  listRoleConfigurations,
  paginateByPage,
} from "./pagination";
import { RateLimiter } from "./rate-limiter";
import type {
  AccountScope,
  ActionName,
  ActionSpec,
  CallListener,
  CallOptions,
  CallRecord,
  RequestOf,
  ResponseOf,
  ServiceCaller,
  ServiceName,
  TencentCloudConfig,
  TencentGateway,
} from "./types";
import { backoffDelay, describeFailure, isRetryable, loopbackAgent, sleep, toTencentAppError } from "./utils";

const CLIENTS = {
  organization: OrganizationClient,
  sts: StsClient,
  cam: CamClient,
  tag: TagClient,
  cloudaudit: CloudAuditClient,
} as const;

type AnyRequest = Record<string, unknown>;
type AnyResponse = { RequestId?: string } & Record<string, unknown>;

/** A write the gateway may repeat: `done` if the first attempt already took effect, else what to send again. */
type AppliedCheck<A extends ActionName<"organization">> = (
  scope: AccountScope,
  request: RequestOf<"organization", A>,
) => Promise<{ done: ResponseOf<"organization", A> } | { repeat: RequestOf<"organization", A> }>;

/**
 * Reads that tell whether a `checked` write went through before its answer was lost (HTTP 5xx, reset, timeout).
 * Tencent offers no idempotency token except CreateOrganizationMember's RecordId, so the gateway looks first.
 */
const APPLIED_CHECKS: { [A in ActionName<"organization">]?: AppliedCheck<A> } = {
  async AddOrganizationNode(scope, request) {
    for await (const node of listOrganizationNodes(scope)) {
      if (node.Name === request.Name && node.ParentNodeId === request.ParentNodeId) return { done: { NodeId: node.NodeId } };
    }
    return { repeat: request };
  },
  async CreateOrganizationMember(scope, request) {
    for await (const member of listOrganizationMembers(scope, { SearchKey: request.Name })) {
      if (member.Name === request.Name) return { done: { Uin: member.MemberUin } };
    }
    return { repeat: request };
  },
  async CreatePolicy(scope, request) {
    const policies = paginateByPage(async (Page, Rp) => {
      const page = await scope.organization("ListPolicies", { Page, Rp, Keyword: request.Name, PolicyType: request.Type });
      return { items: page.List, total: page.TotalNum };
    });
    for await (const policy of policies) {
      if (policy.PolicyName === request.Name) return { done: { PolicyId: policy.PolicyId } };
    }
    return { repeat: request };
  },
  async AttachPolicy(scope, request) {
    return (await isPolicyAttached(scope, request)) ? { done: {} } : { repeat: request };
  },
  async DetachPolicy(scope, request) {
    return (await isPolicyAttached(scope, request)) ? { repeat: request } : { done: {} };
  },
  async CreateUser(scope, request) {
    for await (const user of listCicUsers(scope, { ZoneId: request.ZoneId, Filter: request.UserName })) {
      if (user.UserName === request.UserName) return { done: { UserInfo: user } };
    }
    return { repeat: request };
  },
  async CreateRoleConfiguration(scope, request) {
    const filter = { ZoneId: request.ZoneId, Filter: request.RoleConfigurationName };
    for await (const configuration of listRoleConfigurations(scope, filter)) {
      if (configuration.RoleConfigurationName === request.RoleConfigurationName) {
        return { done: { RoleConfigurationInfo: configuration } };
      }
    }
    return { repeat: request };
  },
  async AddPermissionPolicyToRoleConfiguration(scope, request) {
    const { RolePolicies = [] } = await scope.organization("ListPermissionPoliciesInRoleConfiguration", {
      ZoneId: request.ZoneId,
      RoleConfigurationId: request.RoleConfigurationId,
      RolePolicyType: request.RolePolicyType,
    });
    const present = new Set(RolePolicies.map((policy) => policy.RolePolicyName));
    const wanted = [...(request.RolePolicyNames ?? []), ...(request.RolePolicies ?? []).map((policy) => policy.PolicyName)];
    return wanted.every((name) => present.has(name)) ? { done: {} } : { repeat: request };
  },
  async CreateRoleAssignment(scope, request) {
    const missing = [];
    const tasks = [];
    for (const info of request.RoleAssignmentInfo ?? []) {
      const filter = { ZoneId: request.ZoneId, ...info };
      const [assignment] = await firstOf(listRoleAssignments(scope, filter));
      if (!assignment) {
        missing.push(info);
        continue;
      }
      tasks.push(...(await firstOf(listCicTasks(scope, { ...filter, TaskType: "CreateRoleAssignment" }))));
    }
    // Tasks of assignments that already existed are not repeated; ListTasks still has them.
    return missing.length === 0 ? { done: { Tasks: tasks } } : { repeat: { ...request, RoleAssignmentInfo: missing } };
  },
  async DeleteRoleAssignment(scope, request) {
    const { DeprovisionStrategy: _strategy, ...filter } = request;
    const [assignment] = await firstOf(listRoleAssignments(scope, filter));
    if (assignment) return { repeat: request };
    const [task] = await firstOf(listCicTasks(scope, { ...filter, TaskType: "DeleteRoleAssignment" }));
    return { done: { Task: task } };
  },
};

async function isPolicyAttached(scope: AccountScope, request: RequestOf<"organization", "AttachPolicy">) {
  for await (const policy of listPoliciesForTarget(scope, { TargetId: request.TargetId, PolicyType: request.Type })) {
    if (policy.StrategyId === request.PolicyId) return true;
  }
  return false;
}

async function firstOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  for await (const item of items) return [item];
  return [];
}

/** A CreateOrganizationMember creation exception names the record to retry with (FailedOperation.CreateAccount). */
function recordIdOf(message: string): number | undefined {
  const match = /RecordId[^0-9]*(\d+)/.exec(message);
  return match?.[1] ? Number(match[1]) : undefined;
}

/**
 * Temporary credentials from AssumeRole. The gateway calls `ensureFresh` before each call, which replaces them
 * shortly before they expire; the SDK's own `getCredential` then only reads the current ones.
 */
class AssumedRoleCredential implements DynamicCredential {
  private current?: { credential: Credential; expiresAt: number };
  private pending?: Promise<Credential>;

  constructor(
    private readonly assume: () => Promise<ResponseOf<"sts", "AssumeRole">>,
    private readonly clock: () => number,
  ) {}

  ensureFresh(): Promise<Credential> {
    if (this.current && this.clock() < this.current.expiresAt - CREDENTIAL_REFRESH_MARGIN_MS) {
      return Promise.resolve(this.current.credential);
    }
    // One refresh at a time: concurrent callers share it instead of each calling AssumeRole.
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  getCredential(): Promise<Credential> {
    return this.current ? Promise.resolve(this.current.credential) : this.ensureFresh();
  }

  private async refresh(): Promise<Credential> {
    const { Credentials, ExpiredTime } = await this.assume();
    if (!Credentials?.TmpSecretId || !Credentials.TmpSecretKey || !ExpiredTime) {
      throw new Error("AssumeRole returned no credentials");
    }
    const credential = { secretId: Credentials.TmpSecretId, secretKey: Credentials.TmpSecretKey, token: Credentials.Token };
    this.current = { credential, expiresAt: ExpiredTime * 1000 };
    return credential;
  }
}

/** The Tencent Cloud gateway: typed SDK calls with rate limiting, safe retries, error mapping and call records. */
export function createTencentGateway(config: TencentCloudConfig): TencentGateway {
  const site = config.site ?? "intl";
  const region = config.region ?? DEFAULT_REGION;
  const clock = config.clock ?? Date.now;
  const retry = { ...RETRY_DEFAULTS, ...config.retry };
  const limiter = new RateLimiter(1000 + (config.rateWindowMarginMs ?? RATE_WINDOW_MARGIN_MS));
  const agent = config.emulator ? loopbackAgent() : config.agent;
  const listeners = new Set<CallListener>();

  function emit(record: CallRecord) {
    for (const listener of listeners) {
      try {
        listener(record);
      } catch {
        // A failing subscriber (e.g. the audit writer) must not fail the call it observes.
      }
    }
  }

  function createClient(service: ServiceName, credential: DynamicCredential) {
    const port = config.emulator ? `:${config.emulator.port}` : "";
    return new CLIENTS[service]({
      credential,
      region: TENCENT_SERVICES[service].regional ? region : "",
      profile: {
        signMethod: "TC3-HMAC-SHA256",
        language: "en-US",
        httpProfile: {
          endpoint: `${service}.${API_HOST_SUFFIX[site]}${port}`,
          protocol: config.emulator ? "http://" : "https://",
          reqTimeout: config.requestTimeoutSeconds ?? 30,
          agent,
        },
      },
    });
  }

  async function invoke(
    scope: AccountScope,
    credential: DynamicCredential,
    clients: Map<ServiceName, ReturnType<typeof createClient>>,
    service: ServiceName,
    action: string,
    request: AnyRequest,
    options: CallOptions = {},
  ): Promise<AnyResponse> {
    const spec: ActionSpec = (ACTIONS[service] as Record<string, ActionSpec>)[action] ?? { kind: "unsafe", limit: 20 };
    const limit = (config.rateLimits as Record<string, number> | undefined)?.[`${service}.${action}`] ?? spec.limit;
    const client = clients.get(service);
    if (!client) throw new Error(`No client for ${service}`);
    // Refreshed here rather than inside the SDK, which would wrap an AssumeRole refusal as a network error.
    if (credential instanceof AssumedRoleCredential) await credential.ensureFresh();
    let current = request;
    for (let attempt = 1; ; attempt += 1) {
      await limiter.acquire(`${service}.${action}@${scope.targetAccount ?? "self"}`, limit);
      const startedAt = new Date();
      const started = performance.now();
      const base = { service, action, targetAccount: scope.targetAccount, attempt, startedAt };
      try {
        const response: AnyResponse = await client.request(action, current);
        emit({ ...base, durationMs: performance.now() - started, outcome: "ok", requestId: response.RequestId });
        return response;
      } catch (error) {
        const failure = describeFailure(error);
        const durationMs = performance.now() - started;
        emit({ ...base, durationMs, outcome: "error", errorCode: failure.code, requestId: failure.requestId });
        const recordId =
          action === "CreateOrganizationMember" && failure.code === "FailedOperation.CreateAccount"
            ? recordIdOf(failure.message)
            : undefined;
        if (recordId !== undefined) await options.onCreationRecord?.(recordId);
        if ((!isRetryable(spec.kind, failure) && recordId === undefined) || attempt >= retry.maxAttempts) {
          throw toTencentAppError(failure, error);
        }
        await sleep(backoffDelay(attempt, retry.baseDelayMs, retry.maxDelayMs));
        if (recordId !== undefined) {
          current = { ...current, RecordId: recordId };
        } else if (spec.kind === "checked" && failure.kind === "transient") {
          const check = (APPLIED_CHECKS as Record<string, AppliedCheck<never> | undefined>)[action];
          const outcome = check ? await check(scope, current as never) : { repeat: current };
          if ("done" in outcome) return outcome.done as AnyResponse;
          current = outcome.repeat as AnyRequest;
        }
      }
    }
  }

  function createScope(targetAccount: string | null, credential: DynamicCredential): AccountScope {
    const clients = new Map(SERVICE_NAMES.map((service) => [service, createClient(service, credential)] as const));
    const caller = <S extends ServiceName>(service: S): ServiceCaller<S> =>
      // The typed signature is enforced at this boundary; inside, requests and responses are plain JSON.
      ((action: string, request: AnyRequest, options?: CallOptions) => invoke(scope, credential, clients, service, action, request, options)) as unknown as ServiceCaller<S>;
    const scope: AccountScope = {
      targetAccount,
      organization: caller("organization"),
      sts: caller("sts"),
      cam: caller("cam"),
      tag: caller("tag"),
      cloudaudit: caller("cloudaudit"),
    };
    return scope;
  }

  const { secretId, secretKey, sessionToken } = config.credentials;
  const staticCredential: Credential = { secretId, secretKey, token: sessionToken };
  const baseScope = createScope(null, { getCredential: () => Promise.resolve(staticCredential) });
  const portalRole = config.portalRole;
  const portalScope = portalRole
    ? createScope(
        null,
        new AssumedRoleCredential(
          () =>
            baseScope.sts("AssumeRole", {
              RoleArn: portalRole.roleArn,
              RoleSessionName: portalRole.sessionName ?? DEFAULT_SESSION_NAME,
              DurationSeconds: portalRole.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS,
            }),
          clock,
        ),
      )
    : baseScope;

  const memberScopes = new Map<string, AccountScope>();
  const roleName = config.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
  const memberRoleArn = (memberUin: string | number) => `qcs::cam::uin/${memberUin}:roleName/${roleName}`;

  return {
    ...portalScope,
    memberRoleArn,
    inAccount(memberUin) {
      const uin = String(memberUin);
      let scope = memberScopes.get(uin);
      if (!scope) {
        const credential = new AssumedRoleCredential(
          () =>
            portalScope.sts("AssumeRole", {
              RoleArn: memberRoleArn(uin),
              RoleSessionName: DEFAULT_SESSION_NAME,
              DurationSeconds: config.memberRoleDurationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS,
            }),
          clock,
        );
        scope = createScope(uin, credential);
        memberScopes.set(uin, scope);
      }
      return scope;
    },
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
