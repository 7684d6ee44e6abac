import type { OrgMember } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";
import type { EmulatorStore } from "./state";
import type { ActionContext, HandlerTable, MemberRecord, PolicyRecord, ResourceRecord } from "./types";
import { formatTime, numberedPage, offsetPage, tagList, TencentError, tokenPage } from "./utils";

const PERMISSIONS: Record<number, string> = {
  1: "View bills",
  2: "View balance",
  3: "Fund transfer",
  4: "Consolidate bills",
  5: "Invoice",
  6: "Inherit offer",
  7: "Pay on behalf",
  8: "Cost explorer",
  9: "Budget management",
  10: "Credit limit",
};
const MEMBER_NAME = /^[A-Za-z0-9+@&._[\]\-:,]{1,25}$/;
const NODE_NAME = /^[A-Za-z0-9+@&._[\]-]{1,40}$/;
const POLICY_NAME = /^[\p{L}\p{N}_]{1,128}$/u;
const MAX_NODE_DEPTH = 5;
const POLICY_TYPES = ["SERVICE_CONTROL_POLICY", "TAG_POLICY"] as const;

function policyType(value: string | undefined): PolicyRecord["type"] {
  const type = value ?? "SERVICE_CONTROL_POLICY";
  if (!POLICY_TYPES.includes(type as PolicyRecord["type"])) {
    throw new TencentError("InvalidParameterValue", "Type must be SERVICE_CONTROL_POLICY or TAG_POLICY.");
  }
  return type as PolicyRecord["type"];
}

function requireNode(store: EmulatorStore, nodeId: number, code = "ResourceNotFound.OrganizationNodeNotExist") {
  const node = store.node(nodeId);
  if (!node) throw new TencentError(code, `Organization node ${nodeId} does not exist.`);
  return node;
}

function requireMember(store: EmulatorStore, uin: number) {
  const member = store.member(uin);
  if (!member) throw new TencentError("ResourceNotFound.OrganizationMemberNotExist", `Member ${uin} is not in the organization.`);
  return member;
}

/** The node and its ancestors up to the root: where policies attached above a member reach it. */
function nodePath(store: EmulatorStore, nodeId: number): number[] {
  const path: number[] = [];
  for (let node = store.node(nodeId); node; node = node.parentNodeId === null ? undefined : store.node(node.parentNodeId)) {
    path.push(node.nodeId);
  }
  return path;
}

function toOrgMember(store: EmulatorStore, member: MemberRecord): OrgMember {
  const identities = store.state.memberIdentities.filter((entry) => entry.memberUin === member.uin);
  return {
    MemberUin: member.uin,
    Name: member.name,
    NickName: member.name,
    MemberType: member.memberType,
    OrgPolicyType: "Financial",
    OrgPolicyName: "Financial management",
    OrgPermission: member.permissionIds.map((id) => ({ Id: id, Name: PERMISSIONS[id] ?? String(id) })),
    NodeId: member.nodeId,
    NodeName: store.node(member.nodeId)?.name ?? "",
    Remark: member.remark,
    CreateTime: member.createTime,
    UpdateTime: member.createTime,
    IsAllowQuit: "Denied",
    PayUin: "",
    PayName: "",
    OrgIdentity: identities.map((entry) => ({
      IdentityId: entry.identityId,
      IdentityAliasName: store.state.identities.find((identity) => identity.identityId === entry.identityId)?.aliasName,
    })),
    BindStatus: "Unbound",
    PermissionStatus: "Confirmed",
    Tags: tagList(member.tags),
  };
}

function validatePolicyContent(type: PolicyRecord["type"], content: string) {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    throw new TencentError("InvalidParameterValue.PolicyContentInvalid", "Content is not valid JSON.");
  }
  const valid =
    typeof document === "object" &&
    document !== null &&
    (type === "TAG_POLICY" ? "tags" in document : "statement" in document && "version" in document);
  if (!valid) throw new TencentError("InvalidParameterValue.PolicyContentInvalid", `Content is not a valid ${type}.`);
}

interface TagRule {
  key: string;
  allowedValues: string[];
}

/** The tag rules of every TAG_POLICY attached to the member or above it. */
function effectiveTagRules(store: EmulatorStore, member: MemberRecord): TagRule[] {
  const nodes = new Set(nodePath(store, member.nodeId));
  const policyIds = store.state.attachments
    .filter((entry) => (entry.targetType === "NODE" ? nodes.has(entry.targetId) : entry.targetId === member.uin))
    .map((entry) => entry.policyId);
  return store.state.policies
    .filter((policy) => policy.type === "TAG_POLICY" && policyIds.includes(policy.policyId))
    .flatMap((policy) => {
      const tags = (JSON.parse(policy.content) as { tags?: Record<string, Record<string, { "@@assign"?: unknown }>> }).tags ?? {};
      return Object.entries(tags).map(([name, rule]) => ({
        key: typeof rule.tag_key?.["@@assign"] === "string" ? rule.tag_key["@@assign"] : name,
        allowedValues: Array.isArray(rule.tag_value?.["@@assign"]) ? (rule.tag_value["@@assign"] as string[]) : [],
      }));
    });
}

function compliance(resource: ResourceRecord, rules: TagRule[]) {
  const nonCompliantKeys = rules.filter((rule) => !(rule.key in resource.tags)).map((rule) => rule.key);
  const badValues = rules
    .filter((rule) => {
      const value = resource.tags[rule.key];
      return value !== undefined && rule.allowedValues.length > 0 && !rule.allowedValues.includes(value);
    })
    .map((rule) => rule.key);
  return { nonCompliantKeys, badValues };
}

function createMember(context: ActionContext, name: string, nodeId: number, uin: number, tags: Record<string, string>, permissionIds: number[]) {
  context.store.addMember({
    uin,
    name,
    nodeId,
    memberType: "Create",
    permissionIds,
    remark: "",
    tags,
    createTime: formatTime(context.now),
    readyAt: context.now + context.settings.memberReadyDelayMs,
  });
}

export const organizationActions = {
  DescribeOrganization({ store }) {
    const { organization } = store.state;
    return {
      OrgId: organization.orgId,
      HostUin: organization.managementUin,
      NickName: organization.nickName,
      OrgType: 2,
      IsManager: true,
      OrgPolicyType: "Financial",
      OrgPolicyName: "Financial management",
      OrgPermission: [1, 2, 4, 7].map((id) => ({ Id: id, Name: PERMISSIONS[id] ?? String(id) })),
      RootNodeId: organization.rootNodeId,
      CreateTime: organization.createTime,
      JoinTime: organization.createTime,
      IsAllowQuit: "Denied",
      PayUin: "",
      PayName: "",
      IsAssignManager: false,
      IsAuthManager: false,
    };
  },

  DescribeOrganizationNodes({ store }, request) {
    const nodes = [...store.state.nodes].sort((a, b) => a.nodeId - b.nodeId);
    return {
      Total: nodes.length,
      Items: offsetPage(nodes, request.Offset, request.Limit).map((node) => ({
        NodeId: node.nodeId,
        Name: node.name,
        ParentNodeId: node.parentNodeId ?? 0,
        Remark: node.remark,
        CreateTime: node.createTime,
        UpdateTime: node.createTime,
        Tags: tagList(node.tags),
      })),
    };
  },

  DescribeOrganizationMembers({ store }, request) {
    const search = request.SearchKey?.toLowerCase();
    const members = store.state.members
      .filter((member) => !search || member.name.toLowerCase().includes(search) || String(member.uin) === search)
      .filter((member) => request.NodeId === undefined || member.nodeId === request.NodeId)
      .filter((member) => (request.Tags ?? []).every((tag) => member.tags[tag.TagKey] === tag.TagValue))
      .sort((a, b) => a.uin - b.uin);
    return {
      Total: members.length,
      Items: offsetPage(members, request.Offset, request.Limit).map((member) => toOrgMember(store, member)),
    };
  },

  AddOrganizationNode({ store, now }, request) {
    if (!NODE_NAME.test(request.Name)) {
      throw new TencentError("InvalidParameterValue", "Name must be 1–40 letters, digits or +@&._[]-.");
    }
    requireNode(store, request.ParentNodeId, "InvalidParameter.OrganizationNodeNotExist");
    if (nodePath(store, request.ParentNodeId).length >= MAX_NODE_DEPTH) {
      throw new TencentError("LimitExceeded.NodeDepthExceedLimit", `Units can be nested at most ${MAX_NODE_DEPTH} deep.`);
    }
    if (store.state.nodes.some((node) => node.parentNodeId === request.ParentNodeId && node.name === request.Name)) {
      throw new TencentError("FailedOperation.OrganizationNodeNameUsed", `A unit named ${request.Name} already exists here.`);
    }
    const nodeId = store.nextId();
    store.state.nodes.push({
      nodeId,
      name: request.Name,
      parentNodeId: request.ParentNodeId,
      remark: request.Remark ?? "",
      tags: Object.fromEntries((request.Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue])),
      createTime: formatTime(now),
    });
    return { NodeId: nodeId };
  },

  CreateOrganizationMember(context, request) {
    const { store } = context;
    if (!MEMBER_NAME.test(request.Name) || !MEMBER_NAME.test(request.AccountName)) {
      throw new TencentError("InvalidParameterValue", "Name and AccountName must be 1–25 letters, digits or +@&._[]-:,.");
    }
    if (request.PolicyType !== "Financial") throw new TencentError("InvalidParameterValue", "PolicyType must be Financial.");
    const permissionIds = request.PermissionIds.map(Number);
    if (!permissionIds.includes(1) || !permissionIds.includes(2) || permissionIds.some((id) => !PERMISSIONS[id])) {
      throw new TencentError("InvalidParameterValue", "PermissionIds must be valid and include 1 and 2.");
    }
    requireNode(store, request.NodeId, "InvalidParameter.OrganizationNodeNotExist");
    const tags = Object.fromEntries((request.Tags ?? []).map((tag) => [tag.TagKey, tag.TagValue]));

    if (request.RecordId !== undefined) {
      const record = store.state.creations.find((entry) => entry.recordId === request.RecordId);
      if (!record) throw new TencentError("FailedOperation.CreateRecordNotExist", `Creation record ${request.RecordId} does not exist.`);
      if (record.status === "Succeeded") {
        throw new TencentError("FailedOperation.CreateRecordAlreadySuccess", `Creation record ${request.RecordId} already succeeded.`);
      }
      if (record.name !== request.Name) throw new TencentError("InvalidParameterValue", "RecordId belongs to another member name.");
      record.status = "Succeeded";
      createMember(context, request.Name, request.NodeId, record.uin, tags, permissionIds);
      return { Uin: record.uin };
    }

    const nameTaken =
      store.state.members.some((member) => member.name === request.Name) ||
      store.state.creations.some((entry) => entry.status === "Failed" && entry.name === request.Name);
    if (nameTaken) {
      throw new TencentError("FailedOperation.OrganizationMemberNameUsed", `A member named ${request.Name} already exists.`);
    }
    if (store.state.members.length >= context.settings.memberLimit) {
      throw new TencentError("LimitExceeded.OrganizationMemberOverLimit", "The organization has reached its member limit.");
    }
    // UINs reserved by half-finished creations are taken too.
    const uin = [...store.state.members, ...store.state.creations].reduce((max, entry) => Math.max(max, entry.uin), 300_000_000_000) + 1;
    const recordId = store.nextId();
    if (context.failCreateAccount()) {
      // The account exists half-way: the name and UIN stay reserved for the retry that names this record.
      store.state.creations.push({ recordId, name: request.Name, uin, status: "Failed" });
      throw new TencentError(
        "FailedOperation.CreateAccount",
        `An exception occurred while creating the member. Retry with RecordId ${recordId}.`,
      );
    }
    store.state.creations.push({ recordId, name: request.Name, uin, status: "Succeeded" });
    createMember(context, request.Name, request.NodeId, uin, tags, permissionIds);
    return { Uin: uin };
  },

  MoveOrganizationNodeMembers({ store }, request) {
    requireNode(store, request.NodeId);
    const members = request.MemberUin.map((uin) => store.member(Number(uin)));
    if (members.some((member) => !member)) {
      throw new TencentError("FailedOperation.SomeUinsNotInOrganization", "Some of the UINs are not in the organization.");
    }
    for (const member of members) if (member) member.nodeId = request.NodeId;
    return {};
  },

  ListOrganizationIdentity({ store }, request) {
    const search = request.SearchKey?.toLowerCase();
    const identities = store.state.identities
      .filter((identity) => !search || identity.aliasName.toLowerCase().includes(search))
      .filter((identity) => request.IdentityId === undefined || identity.identityId === request.IdentityId)
      .filter((identity) => request.IdentityType === undefined || identity.identityType === request.IdentityType);
    return {
      Total: identities.length,
      Items: offsetPage(identities, request.Offset, request.Limit).map((identity) => ({
        IdentityId: identity.identityId,
        IdentityAliasName: identity.aliasName,
        Description: identity.description,
        IdentityType: identity.identityType,
        IdentityPolicy: [{ PolicyId: identity.identityId, PolicyName: identity.roleName, PolicyType: 2 }],
      })),
    };
  },

  CreateOrganizationMemberAuthIdentity({ store, now }, request) {
    const uins = request.MemberUins.map(Number);
    const identityIds = request.IdentityIds.map(Number);
    for (const uin of uins) requireMember(store, uin);
    for (const identityId of identityIds) {
      if (!store.state.identities.some((identity) => identity.identityId === identityId)) {
        throw new TencentError("ResourceNotFound.OrganizationIdentityNotExist", `Identity ${identityId} does not exist.`);
      }
    }
    for (const memberUin of uins) {
      for (const identityId of identityIds) {
        const exists = store.state.memberIdentities.some((entry) => entry.memberUin === memberUin && entry.identityId === identityId);
        if (!exists) store.state.memberIdentities.push({ memberUin, identityId, createTime: formatTime(now) });
      }
    }
    return {};
  },

  DescribeOrganizationMemberAuthIdentities({ store }, request) {
    if (request.MemberUin === undefined && request.IdentityId === undefined) {
      throw new TencentError("MissingParameter", "At least one of MemberUin and IdentityId is required.");
    }
    const entries = store.state.memberIdentities.filter(
      (entry) =>
        (request.MemberUin === undefined || entry.memberUin === request.MemberUin) &&
        (request.IdentityId === undefined || entry.identityId === request.IdentityId),
    );
    return {
      Total: entries.length,
      Items: offsetPage(entries, request.Offset, request.Limit).map((entry) => {
        const identity = store.state.identities.find((candidate) => candidate.identityId === entry.identityId);
        return {
          IdentityId: entry.identityId,
          IdentityRoleName: identity?.roleName,
          IdentityRoleAliasName: identity?.aliasName,
          Description: identity?.description,
          CreateTime: entry.createTime,
          UpdateTime: entry.createTime,
          IdentityType: identity?.identityType,
          Status: 1,
          MemberUin: entry.memberUin,
          MemberName: store.member(entry.memberUin)?.name,
        };
      }),
    };
  },

  ListPolicies({ store }, request) {
    const type = policyType(request.PolicyType);
    const keyword = request.Keyword?.toLowerCase();
    const scope = request.Scope ?? "All";
    const policies = store.state.policies.filter(
      (policy) =>
        policy.type === type &&
        (!keyword || policy.name.toLowerCase().includes(keyword)) &&
        (scope === "All" || (scope === "QCS") === (policy.policyId === 1)),
    );
    return {
      TotalNum: policies.length,
      List: numberedPage(policies, request.Page, request.Rp).map((policy) => ({
        PolicyId: policy.policyId,
        PolicyName: policy.name,
        Type: policy.policyId === 1 ? 2 : 1,
        Description: policy.description,
        AddTime: policy.addTime,
        UpdateTime: policy.updateTime,
        AttachedTimes: store.state.attachments.filter((entry) => entry.policyId === policy.policyId).length,
      })),
    };
  },

  CreatePolicy({ store, now }, request) {
    const type = policyType(request.Type);
    if (!POLICY_NAME.test(request.Name)) {
      throw new TencentError("InvalidParameterValue", "Name must be 1–128 letters, digits or underscores.");
    }
    validatePolicyContent(type, request.Content);
    if (store.state.policies.some((policy) => policy.type === type && policy.name === request.Name)) {
      throw new TencentError("FailedOperation.PolicyNameInUse", `A policy named ${request.Name} already exists.`);
    }
    const policyId = store.nextId();
    store.state.policies.push({
      policyId,
      name: request.Name,
      type,
      content: request.Content,
      description: request.Description ?? "",
      addTime: formatTime(now),
      updateTime: formatTime(now),
    });
    return { PolicyId: policyId };
  },

  AttachPolicy({ store, now }, request) {
    const { targetType, policy } = resolveAttachment(store, request);
    const exists = store.state.attachments.some(
      (entry) => entry.policyId === policy.policyId && entry.targetType === targetType && entry.targetId === request.TargetId,
    );
    if (!exists) {
      store.state.attachments.push({ policyId: policy.policyId, targetType, targetId: request.TargetId, attachTime: formatTime(now) });
    }
    return {};
  },

  DetachPolicy({ store }, request) {
    const { targetType, policy } = resolveAttachment(store, request);
    store.state.attachments = store.state.attachments.filter(
      (entry) => !(entry.policyId === policy.policyId && entry.targetType === targetType && entry.targetId === request.TargetId),
    );
    return {};
  },

  ListPoliciesForTarget({ store }, request) {
    const type = policyType(request.PolicyType);
    const keyword = request.Keyword?.toLowerCase();
    const entries = store.state.attachments
      .filter((entry) => entry.targetId === request.TargetId)
      .map((entry) => ({ entry, policy: store.state.policies.find((policy) => policy.policyId === entry.policyId) }))
      .filter(({ policy }) => policy?.type === type && (!keyword || policy.name.toLowerCase().includes(keyword)));
    return {
      TotalNum: entries.length,
      List: numberedPage(entries, request.Page, request.Rp).map(({ entry, policy }) => ({
        StrategyId: policy?.policyId,
        StrategyName: policy?.name,
        Name: policy?.name,
        Remark: policy?.description,
        Uin: store.state.organization.managementUin,
        Type: policy?.policyId === 1 ? 2 : 1,
        AddTime: policy?.addTime,
        UpdateTime: policy?.updateTime,
        AttachTime: entry.attachTime,
      })),
    };
  },

  ListTargetsForPolicy({ store }, request) {
    const type = policyType(request.PolicyType);
    const policy = store.state.policies.find((candidate) => candidate.policyId === request.PolicyId);
    if (!policy || policy.type !== type) {
      throw new TencentError("ResourceNotFound.PolicyNotExist", `Policy ${request.PolicyId} of this type does not exist.`);
    }
    const targetType = request.TargetType ?? "All";
    if (!["All", "User", "Node"].includes(targetType)) throw new TencentError("InvalidParameterValue", "TargetType must be All, User or Node.");
    const entries = store.state.attachments.filter(
      (entry) =>
        entry.policyId === policy.policyId &&
        (targetType === "All" || (targetType === "Node") === (entry.targetType === "NODE")),
    );
    return {
      TotalNum: entries.length,
      List: numberedPage(entries, request.Page, request.Rp).map((entry) => ({
        Uin: entry.targetId,
        // 1: attached to a unit (node), 2: to a member account.
        RelatedType: entry.targetType === "NODE" ? 1 : 2,
        Name: entry.targetType === "NODE" ? (store.node(entry.targetId)?.name ?? "") : (store.member(entry.targetId)?.name ?? ""),
        AddTime: entry.attachTime,
      })),
    };
  },

  ListNonCompliantResource({ store }, request) {
    const member = requireMember(store, request.MemberUin);
    const rules = effectiveTagRules(store, member).filter((rule) => !request.TagKey || rule.key === request.TagKey);
    const findings = store
      .resourcesOf(member.uin)
      .map((resource) => ({ resource, ...compliance(resource, rules) }))
      .filter((finding) => finding.nonCompliantKeys.length > 0 || finding.badValues.length > 0);
    const page = tokenPage(findings, request.PaginationToken, request.MaxResults, {
      default: 50,
      max: 50,
      invalidCode: "InvalidParameter.PaginationTokenInvalid",
    });
    return {
      PaginationToken: page.next,
      Items: page.items.map((finding) => ({
        Resource: finding.resource.resource,
        Tags: tagList(finding.resource.tags),
        ComplianceDetails: {
          ComplianceStatus: false,
          NonCompliantKeys: finding.nonCompliantKeys,
          KeysWithNonCompliantValues: finding.badValues,
        },
      })),
    };
  },
} satisfies Partial<HandlerTable<"organization">>;

function resolveAttachment(store: EmulatorStore, request: { TargetId: number; TargetType: string; PolicyId: number; Type?: string }) {
  if (request.TargetType !== "NODE" && request.TargetType !== "MEMBER") {
    throw new TencentError("InvalidParameterValue", "TargetType must be NODE or MEMBER.");
  }
  if (request.TargetType === "NODE") requireNode(store, request.TargetId);
  else requireMember(store, request.TargetId);
  const policy = store.state.policies.find((candidate) => candidate.policyId === request.PolicyId);
  if (!policy || policy.type !== policyType(request.Type)) {
    throw new TencentError("ResourceNotFound.PolicyNotExist", `Policy ${request.PolicyId} of this type does not exist.`);
  }
  return { targetType: request.TargetType as "NODE" | "MEMBER", policy };
}
