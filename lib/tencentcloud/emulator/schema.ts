import { z } from "zod";
import type { ActionName, RequestOf, ServiceName } from "../types";
import { TencentError } from "./utils";

const int = z.number().int();
const str = z.string();
const uinList = z.array(int);
const orgTag = z.object({ TagKey: str, TagValue: str });
/** Actions whose SDK request type is `null`: the SDK sends `{}`. */
const empty = z.object({}).transform((): null => null);
const offsetPaging = { Offset: int, Limit: int };
const tokenPaging = { NextToken: str.optional(), MaxResults: int.optional() };

/**
 * Request schemas for every action the emulator serves. The SDK's own request types are the contract: each
 * schema's output must be assignable to its request model, so the two cannot drift apart.
 */
export const REQUEST_SCHEMAS = {
  organization: {
    DescribeOrganization: z.object({ Lang: str.optional(), Product: str.optional() }),
    DescribeOrganizationNodes: z.object({ ...offsetPaging, Tags: z.array(orgTag).max(10).optional() }),
    DescribeOrganizationMembers: z.object({
      ...offsetPaging,
      Lang: str.optional(),
      SearchKey: str.optional(),
      AuthName: str.optional(),
      Product: str.optional(),
      Tags: z.array(orgTag).max(10).optional(),
      NodeId: int.optional(),
      NodeName: str.optional(),
    }),
    AddOrganizationNode: z.object({
      ParentNodeId: int,
      Name: str,
      Remark: str.optional(),
      Tags: z.array(orgTag).max(10).optional(),
    }),
    CreateOrganizationMember: z.object({
      Name: str,
      PolicyType: str,
      PermissionIds: uinList,
      NodeId: int,
      AccountName: str,
      Remark: str.optional(),
      RecordId: int.optional(),
      PayUin: str.optional(),
      IdentityRoleID: uinList.optional(),
      AuthRelationId: int.optional(),
      Tags: z.array(orgTag).max(10).optional(),
    }),
    MoveOrganizationNodeMembers: z.object({ NodeId: int, MemberUin: uinList.min(1) }),
    ListOrganizationIdentity: z.object({
      ...offsetPaging,
      SearchKey: str.optional(),
      IdentityId: int.optional(),
      IdentityType: int.optional(),
    }),
    CreateOrganizationMemberAuthIdentity: z.object({ MemberUins: uinList.min(1).max(10), IdentityIds: uinList.min(1).max(5) }),
    DescribeOrganizationMemberAuthIdentities: z.object({
      ...offsetPaging,
      MemberUin: int.optional(),
      IdentityId: int.optional(),
    }),
    ListPolicies: z.object({
      Rp: int.optional(),
      Page: int.optional(),
      Scope: str.optional(),
      Keyword: str.optional(),
      PolicyType: str.optional(),
    }),
    CreatePolicy: z.object({ Name: str, Content: str, Type: str, Description: str.optional() }),
    AttachPolicy: z.object({ TargetId: int, TargetType: str, PolicyId: int, Type: str.optional() }),
    DetachPolicy: z.object({ TargetId: int, TargetType: str, PolicyId: int, Type: str.optional() }),
    ListPoliciesForTarget: z.object({
      TargetId: int,
      Rp: int.optional(),
      Page: int.optional(),
      PolicyType: str.optional(),
      Keyword: str.optional(),
    }),
    ListTargetsForPolicy: z.object({
      PolicyId: int,
      Rp: int.optional(),
      Page: int.optional(),
      TargetType: str.optional(),
      PolicyType: str.optional(),
      Keyword: str.optional(),
    }),
    ListNonCompliantResource: z.object({
      MaxResults: int,
      MemberUin: int,
      PaginationToken: str.optional(),
      TagKey: str.optional(),
    }),
    DescribeIdentityCenter: empty,
    CreateUser: z.object({
      ZoneId: str,
      UserName: str,
      FirstName: str.optional(),
      LastName: str.optional(),
      DisplayName: str.optional(),
      Description: str.optional(),
      Email: str.optional(),
      UserStatus: str.optional(),
      UserType: str.optional(),
      NeedResetPassword: z.boolean().optional(),
    }),
    ListUsers: z.object({
      ZoneId: str,
      ...tokenPaging,
      UserStatus: str.optional(),
      UserType: str.optional(),
      Filter: str.optional(),
      FilterGroups: z.array(str).optional(),
      SortField: str.optional(),
      SortType: str.optional(),
      Offset: int.optional(),
    }),
    CreateRoleConfiguration: z.object({
      ZoneId: str,
      RoleConfigurationName: str,
      Description: str.optional(),
      SessionDuration: int.optional(),
      RelayState: str.optional(),
    }),
    ListRoleConfigurations: z.object({
      ZoneId: str,
      ...tokenPaging,
      Filter: str.optional(),
      FilterTargets: uinList.optional(),
      PrincipalId: str.optional(),
    }),
    AddPermissionPolicyToRoleConfiguration: z.object({
      ZoneId: str,
      RoleConfigurationId: str,
      RolePolicyType: str,
      RolePolicyNames: z.array(str).max(20).optional(),
      RolePolicies: z.array(z.object({ PolicyId: int, PolicyName: str.optional() })).max(20).optional(),
      CustomPolicyDocument: str.max(4096).optional(),
      CustomPolicyDocuments: z.array(str.max(4096)).optional(),
      PolicyType: int.optional(),
    }),
    UpdateRoleConfiguration: z.object({
      ZoneId: str,
      RoleConfigurationId: str,
      NewDescription: str.optional(),
      NewSessionDuration: int.optional(),
      NewRelayState: str.optional(),
    }),
    UpdateCustomPolicyForRoleConfiguration: z.object({
      ZoneId: str,
      RoleConfigurationId: str,
      CustomPolicyName: str,
      NewCustomPolicyDocument: str.max(4096).optional(),
    }),
    RemovePermissionPolicyFromRoleConfiguration: z.object({
      ZoneId: str,
      RoleConfigurationId: str,
      RolePolicyType: str,
      RolePolicyName: str.optional(),
      RolePolicyId: int.optional(),
    }),
    ListPermissionPoliciesInRoleConfiguration: z.object({
      ZoneId: str,
      RoleConfigurationId: str,
      RolePolicyType: str.optional(),
      Filter: str.optional(),
    }),
    CreateRoleAssignment: z.object({
      ZoneId: str,
      RoleAssignmentInfo: z
        .array(
          z.object({
            PrincipalId: str,
            PrincipalType: str,
            TargetUin: int,
            TargetType: str,
            RoleConfigurationId: str,
          }),
        )
        .min(1)
        .max(50),
    }),
    DeleteRoleAssignment: z.object({
      ZoneId: str,
      RoleConfigurationId: str,
      TargetType: str,
      TargetUin: int,
      PrincipalType: str,
      PrincipalId: str,
      DeprovisionStrategy: str.optional(),
    }),
    ListRoleAssignments: z.object({
      ZoneId: str,
      RoleConfigurationId: str.optional(),
      ...tokenPaging,
      TargetType: str.optional(),
      TargetUin: int.optional(),
      PrincipalType: str.optional(),
      PrincipalId: str.optional(),
      Filter: str.optional(),
    }),
    ListTasks: z.object({
      ZoneId: str,
      PrincipalId: str.optional(),
      ...tokenPaging,
      PrincipalType: str.optional(),
      TargetUin: int.optional(),
      TargetType: str.optional(),
      RoleConfigurationId: str.optional(),
      Status: str.optional(),
      TaskType: str.optional(),
    }),
    GetTaskStatus: z.object({ ZoneId: str, TaskId: str }),
  },
  sts: {
    AssumeRole: z.object({
      RoleArn: str,
      RoleSessionName: str,
      DurationSeconds: int.optional(),
      Policy: str.optional(),
      ExternalId: str.optional(),
      Tags: z.array(z.object({ Key: str, Value: str })).max(50).optional(),
      SourceIdentity: str.optional(),
      SerialNumber: str.optional(),
      TokenCode: str.optional(),
    }),
    GetCallerIdentity: empty,
  },
  cam: {
    ListUsers: empty,
    GetUser: z.object({ Name: str }),
    DescribeSafeAuthFlagColl: z.object({ SubUin: int }),
    ListAccessKeys: z.object({ TargetUin: int.optional() }),
    GetSecurityLastUsed: z.object({ SecretIdList: z.array(str).min(1).max(10) }),
  },
  tag: {
    GetResources: z.object({
      ResourceList: z.array(str).max(10).optional(),
      TagFilters: z.array(z.object({ TagKey: str, TagValue: z.array(str).max(10).optional() })).optional(),
      PaginationToken: str.optional(),
      MaxResults: int.optional(),
    }),
    GetTagKeys: z.object({ PaginationToken: str.optional(), MaxResults: int.optional(), Category: str.optional() }),
    GetTagValues: z.object({
      TagKeys: z.array(str).min(1),
      PaginationToken: str.optional(),
      MaxResults: int.optional(),
      Category: str.optional(),
    }),
    TagResources: z.object({ ResourceList: z.array(str).min(1), Tags: z.array(z.object({ TagKey: str, TagValue: str })).min(1) }),
    UnTagResources: z.object({ ResourceList: z.array(str).min(1), TagKeys: z.array(str).min(1) }),
  },
  cloudaudit: {
    LookUpEvents: z.object({
      StartTime: int,
      EndTime: int,
      LookupAttributes: z.array(z.object({ AttributeKey: str, AttributeValue: str.optional() })).optional(),
      NextToken: str.optional(),
      MaxResults: int.optional(),
      Mode: str.optional(),
    }),
  },
} satisfies { [S in ServiceName]: { [A in ActionName<S>]: z.ZodType<RequestOf<S, A>> } };

function valueAt(body: unknown, path: PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Validates a request body the way Tencent reports problems: a required field that is absent is
 * MissingParameter, a field of the wrong type is InvalidParameter, a value out of range InvalidParameterValue.
 */
export function parseRequest<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues.find((candidate) => candidate.code === "invalid_type") ?? result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "request";
  if (issue?.code === "invalid_type") {
    if (valueAt(body, issue.path) === undefined) {
      throw new TencentError("MissingParameter", `The request is missing a required parameter \`${field}\`.`);
    }
    throw new TencentError("InvalidParameter", `The parameter \`${field}\` has the wrong type: ${issue.message}.`);
  }
  throw new TencentError("InvalidParameterValue", `The value of \`${field}\` is not valid: ${issue?.message ?? ""}.`);
}
