import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { startTestEmulator } from "./emulator/testing";
import {
  listCicUsers,
  listNonCompliantResources,
  listPoliciesForTarget,
  listTargetsForPolicy,
  listRoleAssignments,
  listTaggedResources,
  listTagKeys,
  lookUpAuditEvents,
  paginateByOffset,
} from "./pagination";
import type { CallRecord, TencentGateway } from "./types";
import { sleep } from "./utils";

// Contract tests: the gateway drives the real SDK against the emulator, one test per area of the API.
let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;
const records: CallRecord[] = [];

beforeAll(async () => {
  context = await startTestEmulator();
  gateway = context.gateway();
  gateway.onCall((record) => records.push(record));
});
afterAll(() => context.emulator.close());

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function firstMemberUin() {
  const member = context.emulator.state.members[0];
  if (!member) throw new Error("no members");
  return member.uin;
}

describe("organization", () => {
  it("describes the organization from the demo matrix", async () => {
    const organization = await gateway.organization("DescribeOrganization", {});
    expect(organization.OrgId).toBe(context.emulator.state.organization.orgId);
    expect(organization.RootNodeId).toBe(context.emulator.state.organization.rootNodeId);
    expect(organization.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("pages units and members with Offset/Limit over several pages", async () => {
    const nodes = await collect(
      paginateByOffset(async (Offset, Limit) => {
        const page = await gateway.organization("DescribeOrganizationNodes", { Offset, Limit });
        return { items: page.Items, total: page.Total };
      }, 4),
    );
    expect(nodes.map((node) => node.NodeId)).toEqual(context.emulator.state.nodes.map((node) => node.nodeId).sort((a, b) => a - b));
    const members = await collect(
      paginateByOffset(async (Offset, Limit) => {
        const page = await gateway.organization("DescribeOrganizationMembers", { Offset, Limit });
        return { items: page.Items, total: page.Total };
      }, 5),
    );
    expect(members).toHaveLength(12);
    expect(new Set(members.map((member) => member.MemberUin)).size).toBe(12);
    expect(records.filter((record) => record.action === "DescribeOrganizationMembers").length).toBeGreaterThanOrEqual(3);
  });

  it("refuses pagination that breaks the rules", async () => {
    const offset = await failure(gateway.organization("DescribeOrganizationMembers", { Offset: 3, Limit: 10 }));
    expect(offset.details.tencentCode).toBe("InvalidParameterValue");
    const limit = await failure(gateway.organization("DescribeOrganizationNodes", { Offset: 0, Limit: 51 }));
    expect(limit.details.tencentCode).toBe("InvalidParameterValue");
    expect(limit.code).toBe("VALIDATION");
    expect(limit.details.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports missing and mistyped parameters", async () => {
    // Casts: these requests break the SDK types on purpose, as a caller outside TypeScript could.
    const missing = await failure(gateway.organization("DescribeOrganizationMembers", { Offset: 0 } as never));
    expect(missing.details.tencentCode).toBe("MissingParameter");
    const mistyped = await failure(gateway.organization("DescribeOrganizationMembers", { Offset: "0", Limit: 10 } as never));
    expect(mistyped.details.tencentCode).toBe("InvalidParameter");
  });

  it("adds a unit, refusing a duplicate name under the same parent", async () => {
    const root = context.emulator.state.organization.rootNodeId;
    const { NodeId } = await gateway.organization("AddOrganizationNode", { ParentNodeId: root, Name: "Contract-Tests" });
    expect(NodeId).toBeGreaterThan(0);
    const duplicate = await failure(gateway.organization("AddOrganizationNode", { ParentNodeId: root, Name: "Contract-Tests" }));
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.details.tencentCode).toBe("FailedOperation.OrganizationNodeNameUsed");
  });

  it("creates a member that becomes usable after a short delay, and moves it", async () => {
    const request = {
      Name: "contract-member-1",
      AccountName: "contract-member-1",
      PolicyType: "Financial",
      PermissionIds: [1, 2, 4],
      NodeId: context.emulator.state.organization.rootNodeId,
      Tags: [{ TagKey: "environment", TagValue: "dev" }],
    };
    const { Uin } = await gateway.organization("CreateOrganizationMember", request);
    expect(Uin).toBeGreaterThan(0);
    const notReady = await failure(gateway.inAccount(Uin ?? 0).sts("GetCallerIdentity", null));
    expect(notReady.details.tencentCode).toBe("InvalidParameter.AccountNotAvaliable");
    await sleep(80);
    const identity = await gateway.inAccount(Uin ?? 0).sts("GetCallerIdentity", null);
    expect(identity.AccountId).toBe(String(Uin));

    const duplicate = await failure(gateway.organization("CreateOrganizationMember", request));
    expect(duplicate.details.tencentCode).toBe("FailedOperation.OrganizationMemberNameUsed");
    expect(duplicate.code).toBe("CONFLICT");

    const target = context.emulator.state.nodes[1]?.nodeId ?? 0;
    await gateway.organization("MoveOrganizationNodeMembers", { NodeId: target, MemberUin: [Uin ?? 0] });
    const moved = await gateway.organization("DescribeOrganizationMembers", { Offset: 0, Limit: 10, SearchKey: "contract-member-1" });
    expect(moved.Items?.[0]?.NodeId).toBe(target);
    const stranger = await failure(gateway.organization("MoveOrganizationNodeMembers", { NodeId: target, MemberUin: [1] }));
    expect(stranger.details.tencentCode).toBe("FailedOperation.SomeUinsNotInOrganization");
  });

  it("authorizes member access identities", async () => {
    const identities = await gateway.organization("ListOrganizationIdentity", { Offset: 0, Limit: 10 });
    const identityId = identities.Items?.[0]?.IdentityId ?? 0;
    const uin = firstMemberUin();
    await gateway.organization("CreateOrganizationMemberAuthIdentity", { MemberUins: [uin], IdentityIds: [identityId] });
    await gateway.organization("CreateOrganizationMemberAuthIdentity", { MemberUins: [uin], IdentityIds: [identityId] });
    const granted = await gateway.organization("DescribeOrganizationMemberAuthIdentities", { Offset: 0, Limit: 10, MemberUin: uin });
    expect(granted.Total).toBe(1);
    expect(granted.Items?.[0]?.IdentityRoleName).toBe("OrganizationAccessControlRole");
  });

  it("creates, attaches, lists (Page/Rp over several pages) and detaches policies", async () => {
    const nodeId = context.emulator.state.nodes[2]?.nodeId ?? 0;
    const ids: number[] = [];
    for (const name of ["deny_delete", "deny_regions", "deny_cam"]) {
      const content = JSON.stringify({ version: "2.0", statement: [{ effect: "deny", action: ["cvm:Delete*"], resource: "*" }] });
      const { PolicyId } = await gateway.organization("CreatePolicy", { Name: name, Content: content, Type: "SERVICE_CONTROL_POLICY" });
      ids.push(PolicyId ?? 0);
      await gateway.organization("AttachPolicy", { TargetId: nodeId, TargetType: "NODE", PolicyId: PolicyId ?? 0 });
    }
    const pages = await gateway.organization("ListPoliciesForTarget", { TargetId: nodeId, Rp: 2, Page: 2 });
    expect(pages.TotalNum).toBe(3);
    expect(pages.List).toHaveLength(1);
    const all = await collect(listPoliciesForTarget(gateway, { TargetId: nodeId }));
    expect(all.map((policy) => policy.StrategyId).sort()).toEqual([...ids].sort());

    await gateway.organization("DetachPolicy", { TargetId: nodeId, TargetType: "NODE", PolicyId: ids[0] ?? 0 });
    expect(await collect(listPoliciesForTarget(gateway, { TargetId: nodeId }))).toHaveLength(2);

    const bad = await failure(gateway.organization("CreatePolicy", { Name: "broken", Content: "{", Type: "SERVICE_CONTROL_POLICY" }));
    expect(bad.details.tencentCode).toBe("InvalidParameterValue.PolicyContentInvalid");
  });

  it("lists a policy's targets (units and members) with Page/Rp, filtered by TargetType, and validates the policy", async () => {
    const { state } = context.emulator;
    const uins = state.members.slice(0, 3).map((member) => member.uin);
    const content = JSON.stringify({ version: "2.0", statement: [{ effect: "deny", action: ["cam:*"], resource: "*" }] });
    const { PolicyId = 0 } = await gateway.organization("CreatePolicy", { Name: "deny_cam_targets", Content: content, Type: "SERVICE_CONTROL_POLICY" });
    const nodeId = state.nodes[1]?.nodeId ?? 0;
    await gateway.organization("AttachPolicy", { TargetId: nodeId, TargetType: "NODE", PolicyId });
    for (const uin of uins) await gateway.organization("AttachPolicy", { TargetId: uin, TargetType: "MEMBER", PolicyId });

    const page = await gateway.organization("ListTargetsForPolicy", { PolicyId, Rp: 3, Page: 2, PolicyType: "SERVICE_CONTROL_POLICY" });
    expect(page.TotalNum).toBe(4);
    expect(page.List).toHaveLength(1);
    const all = await collect(listTargetsForPolicy(gateway, { PolicyId, TargetType: "All" }));
    expect(all.map((target) => [target.Uin, target.RelatedType])).toEqual([[nodeId, 1], ...uins.map((uin) => [uin, 2])]);
    expect(all[1]?.Name).toBe(state.members[0]?.name);
    const nodes = await collect(listTargetsForPolicy(gateway, { PolicyId, TargetType: "Node" }));
    expect(nodes.map((target) => target.Uin)).toEqual([nodeId]);
    const users = await collect(listTargetsForPolicy(gateway, { PolicyId, TargetType: "User" }));
    expect(users.map((target) => target.Uin)).toEqual(uins);

    const wrongType = await failure(gateway.organization("ListTargetsForPolicy", { PolicyId, PolicyType: "TAG_POLICY" }));
    expect(wrongType.details.tencentCode).toBe("ResourceNotFound.PolicyNotExist");
    const badTarget = await failure(gateway.organization("ListTargetsForPolicy", { PolicyId, TargetType: "Member" }));
    expect(badTarget.details.tencentCode).toBe("InvalidParameterValue");
    const badPage = await failure(gateway.organization("ListTargetsForPolicy", { PolicyId, Rp: 201 }));
    expect(badPage.details.tencentCode).toBe("InvalidParameterValue");
  });

  it("lists tag-policy findings with PaginationToken/MaxResults over several pages", async () => {
    const uin = firstMemberUin();
    const pages: number[] = [];
    let token: string | undefined;
    do {
      const page = await gateway.organization("ListNonCompliantResource", { MemberUin: uin, MaxResults: 3, PaginationToken: token });
      pages.push(page.Items?.length ?? 0);
      token = page.PaginationToken;
    } while (token);
    const all = await collect(listNonCompliantResources(gateway, { MemberUin: uin }));
    expect(pages.length).toBeGreaterThan(1);
    expect(all.length).toBe(pages.reduce((sum, size) => sum + size, 0));
    expect(all.every((item) => item.ComplianceDetails?.ComplianceStatus === false)).toBe(true);
  });
});

describe("Cloud Identity Center", () => {
  it("creates users and pages them with NextToken/MaxResults", async () => {
    const { ZoneId = "" } = await gateway.organization("DescribeIdentityCenter", null);
    for (let index = 0; index < 5; index += 1) {
      await gateway.organization("CreateUser", { ZoneId, UserName: `contract.user${index}`, Email: `contract${index}@example.com` });
    }
    const duplicate = await failure(gateway.organization("CreateUser", { ZoneId, UserName: "contract.user0" }));
    expect(duplicate.details.tencentCode).toBe("InvalidParameter.UsernameAlreadyExists");

    const first = await gateway.organization("ListUsers", { ZoneId, MaxResults: 2, Filter: "contract.user" });
    expect(first.IsTruncated).toBe(true);
    expect(first.TotalCounts).toBe(5);
    const users = await collect(listCicUsers(gateway, { ZoneId, Filter: "contract.user" }));
    expect(users.map((user) => user.UserName).sort()).toEqual([0, 1, 2, 3, 4].map((index) => `contract.user${index}`));
    const badToken = await failure(gateway.organization("ListUsers", { ZoneId, NextToken: "nonsense" }));
    expect(badToken.details.tencentCode).toBe("InvalidParameter.NextTokenInvalid");
  });

  it("assigns a role configuration through an async task and removes it", async () => {
    const { ZoneId = "" } = await gateway.organization("DescribeIdentityCenter", null);
    const { RoleConfigurationInfo } = await gateway.organization("CreateRoleConfiguration", {
      ZoneId,
      RoleConfigurationName: "contract-readonly",
      SessionDuration: 3600,
    });
    const RoleConfigurationId = RoleConfigurationInfo?.RoleConfigurationId ?? "";
    await gateway.organization("AddPermissionPolicyToRoleConfiguration", {
      ZoneId,
      RoleConfigurationId,
      RolePolicyType: "System",
      RolePolicyNames: ["ReadOnlyAccess"],
    });
    const policies = await gateway.organization("ListPermissionPoliciesInRoleConfiguration", { ZoneId, RoleConfigurationId });
    expect(policies.RolePolicies?.map((policy) => policy.RolePolicyName)).toEqual(["ReadOnlyAccess"]);

    const user = context.emulator.state.cic.users[0];
    const assignment = {
      RoleConfigurationId,
      TargetType: "MemberUin",
      TargetUin: firstMemberUin(),
      PrincipalType: "User",
      PrincipalId: user?.userId ?? "",
    };
    const { Tasks = [] } = await gateway.organization("CreateRoleAssignment", { ZoneId, RoleAssignmentInfo: [assignment] });
    const TaskId = Tasks[0]?.TaskId ?? "";
    expect(Tasks[0]?.Status).toBe("InProgress");
    const again = await failure(gateway.organization("CreateRoleAssignment", { ZoneId, RoleAssignmentInfo: [assignment] }));
    expect(again.details.tencentCode).toBe("FailedOperation.RoleConfigurationAuthorizationAlreadyExist");
    await sleep(80);
    const status = await gateway.organization("GetTaskStatus", { ZoneId, TaskId });
    expect(status.TaskStatus?.Status).toBe("Success");
    expect(await collect(listRoleAssignments(gateway, { ZoneId, RoleConfigurationId }))).toHaveLength(1);
    const tasks = await gateway.organization("ListTasks", { ZoneId, TaskType: "CreateRoleAssignment" });
    expect(tasks.Tasks?.map((task) => task.TaskId)).toContain(TaskId);

    const removed = await gateway.organization("DeleteRoleAssignment", { ZoneId, ...assignment });
    expect(removed.Task?.TaskType).toBe("DeleteRoleAssignment");
    expect(await collect(listRoleAssignments(gateway, { ZoneId, RoleConfigurationId }))).toHaveLength(0);
  });
});

describe("member accounts through STS", () => {
  it("assumes the access role once and reuses it until shortly before expiry", async () => {
    let now = Date.now();
    const timed = context.gateway({ clock: () => now });
    const assumed: CallRecord[] = [];
    timed.onCall((record) => record.action === "AssumeRole" && assumed.push(record));
    const member = timed.inAccount(firstMemberUin());
    await member.sts("GetCallerIdentity", null);
    await member.cam("ListUsers", null);
    expect(assumed).toHaveLength(1);
    now += 3600_000 - 4 * 60_000; // inside the five-minute refresh margin of a one-hour session
    await member.cam("ListUsers", null);
    expect(assumed).toHaveLength(2);
  });

  it("signs with a portal role when one is configured", async () => {
    const managementUin = context.emulator.state.organization.managementUin;
    const portal = context.gateway({ portalRole: { roleArn: `qcs::cam::uin/${managementUin}:roleName/LatticePortalRole` } });
    const identity = await portal.sts("GetCallerIdentity", null);
    expect(identity.Type).toBe("CAMRole");
    expect(identity.AccountId).toBe(String(managementUin));
    expect((await portal.organization("DescribeOrganization", {})).OrgId).toBeGreaterThan(0);
  });

  it("enforces the role ARN and DurationSeconds bounds", async () => {
    const uin = firstMemberUin();
    const tooLong = await failure(
      gateway.sts("AssumeRole", { RoleArn: `qcs::cam::uin/${uin}:roleName/OrganizationAccessControlRole`, RoleSessionName: "t1", DurationSeconds: 43_201 }),
    );
    expect(tooLong.details.tencentCode).toBe("InvalidParameter.OverTimeError");
    const unknownRole = await failure(
      gateway.sts("AssumeRole", { RoleArn: `qcs::cam::uin/${uin}:roleName/NoSuchRole`, RoleSessionName: "t1" }),
    );
    expect(unknownRole.code).toBe("NOT_FOUND");
    expect(unknownRole.details.tencentCode).toBe("ResourceNotFound.RoleNotFound");
  });

  it("narrows AssumeRole credentials to a URL-encoded session policy, and refuses one STS would refuse", async () => {
    const uin = firstMemberUin();
    expect(gateway.memberRoleArn(uin)).toBe(`qcs::cam::uin/${uin}:roleName/OrganizationAccessControlRole`);
    const policy = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["tag:Get*"], resource: "*" }] });
    const { Credentials } = await gateway.sts("AssumeRole", { RoleArn: gateway.memberRoleArn(uin), RoleSessionName: "jit-1", DurationSeconds: 900, Policy: encodeURIComponent(policy) });
    const narrowed = context.gateway({
      credentials: { secretId: Credentials?.TmpSecretId ?? "", secretKey: Credentials?.TmpSecretKey ?? "", sessionToken: Credentials?.Token },
    });
    expect(await narrowed.tag("GetTagKeys", { MaxResults: 10 })).toHaveProperty("TagKeys");
    expect((await failure(narrowed.cam("ListUsers", null))).details.tencentCode).toBe("AuthFailure.UnauthorizedOperation");
    expect(context.emulator.state.credentials.find((credential) => credential.secretId === Credentials?.TmpSecretId)?.policy).toBe(policy);

    const refused = async (document: unknown) =>
      (await failure(gateway.sts("AssumeRole", { RoleArn: gateway.memberRoleArn(uin), RoleSessionName: "jit-1", Policy: encodeURIComponent(JSON.stringify(document)) }))).details.tencentCode;
    const statement = { effect: "allow", action: ["tag:*"], resource: "*" };
    expect(await refused({ version: "1.0", statement: [statement] })).toBe("InvalidParameter.StrategyFormatError");
    expect(await refused({ version: "2.0", statement: [] })).toBe("InvalidParameter.StrategyFormatError");
    expect(await refused({ version: "2.0", statement: [{ ...statement, principal: { qcs: ["qcs::cam::uin/1:root"] } }] })).toBe("InvalidParameter.StrategyFormatError");
    expect(await refused({ version: "2.0", statement: [{ effect: "allow", resource: "*" }] })).toBe("InvalidParameter.StrategyFormatError");
    const notEncoded = await failure(gateway.sts("AssumeRole", { RoleArn: gateway.memberRoleArn(uin), RoleSessionName: "jit-1", Policy: "%E0%A4%A" }));
    expect(notEncoded.details.tencentCode).toBe("InvalidParameter.StrategyFormatError");
  });

  it("reads CAM users, MFA flags, access keys and their last use", async () => {
    const member = gateway.inAccount(firstMemberUin());
    const { Data = [] } = await member.cam("ListUsers", null);
    expect(Data.length).toBeGreaterThanOrEqual(2);
    const first = Data[0];
    const user = await member.cam("GetUser", { Name: first?.Name ?? "" });
    expect(user.Uin).toBe(first?.Uin);
    const flags = await member.cam("DescribeSafeAuthFlagColl", { SubUin: first?.Uin ?? 0 });
    expect(flags.LoginFlag?.Stoken).toBeTypeOf("number");
    const keys = (await Promise.all(Data.map((entry) => member.cam("ListAccessKeys", { TargetUin: entry.Uin })))).flatMap(
      (response) => response.AccessKeys ?? [],
    );
    expect(keys.length).toBeGreaterThan(0);
    const lastUsed = await member.cam("GetSecurityLastUsed", { SecretIdList: keys.slice(0, 10).map((key) => key.AccessKeyId ?? "") });
    expect(lastUsed.SecretIdLastUsedRows?.length).toBe(Math.min(keys.length, 10));
    const missing = await failure(member.cam("GetUser", { Name: "nobody" }));
    expect(missing.details.tencentCode).toBe("ResourceNotFound.UserNotExist");
  });
});

describe("tags and audit", () => {
  it("pages a member's tagged resources, keys and values, and tags and untags", async () => {
    const uin = firstMemberUin();
    const member = gateway.inAccount(uin);
    const owned = context.emulator.state.resources.filter((resource) => resource.accountUin === uin);
    const resources = await collect(listTaggedResources(member, {}, 7));
    expect(resources.map((resource) => resource.Resource)).toEqual(owned.map((resource) => resource.resource));
    expect(records.filter((record) => record.action === "GetResources").length).toBeGreaterThan(2);

    const keys = await collect(listTagKeys(member));
    expect(keys).toContain("environment");
    const values = await member.tag("GetTagValues", { TagKeys: ["environment"] });
    expect(values.Tags?.every((tag) => tag.TagKey === "environment")).toBe(true);

    const target = owned[0]?.resource ?? "";
    const tagged = await member.tag("TagResources", {
      ResourceList: [target, `qcs::cvm:ap-singapore:uin/1:instance/ins-foreign`],
      Tags: [{ TagKey: "reviewed", TagValue: "yes" }],
    });
    expect(tagged.FailedResources?.map((failed) => failed.Code)).toEqual(["FailedOperation.ResourceAppIdNotSame"]);
    const filtered = await member.tag("GetResources", { TagFilters: [{ TagKey: "reviewed", TagValue: ["yes"] }] });
    expect(filtered.ResourceTagMappingList?.map((mapping) => mapping.Resource)).toEqual([target]);
    await member.tag("UnTagResources", { ResourceList: [target], TagKeys: ["reviewed"] });
    const after = await member.tag("GetResources", { TagFilters: [{ TagKey: "reviewed" }] });
    expect(after.ResourceTagMappingList).toHaveLength(0);
    const reserved = await failure(member.tag("TagResources", { ResourceList: [target], Tags: [{ TagKey: "qcloud:x", TagValue: "1" }] }));
    expect(reserved.details.tencentCode).toBe("InvalidParameter.ReservedTagKey");
  });

  it("looks up CloudAudit events with NextToken, including the portal's own writes", async () => {
    const EndTime = Math.floor(Date.now() / 1000) + 60;
    const StartTime = EndTime - 6 * 86_400;
    const member = gateway.inAccount(firstMemberUin());
    const events = await collect(lookUpAuditEvents(member, { StartTime, EndTime }));
    expect(events.length).toBeGreaterThan(10);
    const page = await member.cloudaudit("LookUpEvents", { StartTime, EndTime, MaxResults: 5 });
    expect(page.ListOver).toBe(false);
    const writes = await collect(
      lookUpAuditEvents(member, { StartTime, EndTime, LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "TagResources" }] }),
    );
    expect(writes.length).toBeGreaterThanOrEqual(1);
    const tooMany = await failure(member.cloudaudit("LookUpEvents", { StartTime, EndTime, MaxResults: 51 }));
    expect(tooMany.details.tencentCode).toBe("InvalidParameterValue.MaxResult");
  });
});

describe("call records", () => {
  it("records action, target account, duration, outcome and RequestId of every attempt", () => {
    const ok = records.find((record) => record.action === "GetCallerIdentity" && record.targetAccount !== null && record.outcome === "ok");
    expect(ok).toMatchObject({ service: "sts", attempt: 1 });
    expect(ok?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok?.durationMs).toBeGreaterThan(0);
    const failed = records.find((record) => record.errorCode === "FailedOperation.OrganizationMemberNameUsed");
    expect(failed).toMatchObject({ service: "organization", action: "CreateOrganizationMember", outcome: "error", targetAccount: null });
  });
});
