import type {
  RoleConfiguration,
  TaskInfo,
  UserInfo,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_models";
import type { ActionContext, CicTaskRecord, CicUserRecord, HandlerTable, RoleConfigurationRecord } from "./types";
import { createRandom, formatTime, randomId, TencentError, tokenPage } from "./utils";

const USER_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
const CONFIGURATION_NAME = /^[A-Za-z0-9-]{1,128}$/;
const CIC_PAGE = { default: 10, max: 100, invalidCode: "InvalidParameter.NextTokenInvalid" };

/** The paging fields every CIC list response carries. */
function cicPageFields(next: string | undefined, total: number, maxResults: number | undefined) {
  return { NextToken: next, IsTruncated: next !== undefined, TotalCounts: total, MaxResults: maxResults ?? CIC_PAGE.default };
}
const MAX_POLICIES_PER_CONFIGURATION = 20;

function requireZone({ store }: ActionContext, zoneId: string) {
  if (zoneId !== store.state.cic.zoneId) throw new TencentError("FailedOperation.ZoneIdNotExist", `Zone ${zoneId} does not exist.`);
}

/** CIC ids are a prefix and 12 lowercase letters or digits, derived from the state's id counter. */
function newId(context: ActionContext, prefix: string): string {
  return `${prefix}${randomId(createRandom(context.store.nextId()), 12)}`;
}

function toUserInfo(user: CicUserRecord): UserInfo {
  return {
    UserId: user.userId,
    UserName: user.userName,
    FirstName: user.firstName,
    LastName: user.lastName,
    DisplayName: user.displayName,
    Description: user.description,
    Email: user.email,
    UserStatus: user.userStatus,
    UserType: user.userType,
    CreateTime: user.createTime,
    UpdateTime: user.updateTime,
    NeedResetPassword: false,
  };
}

function toRoleConfiguration(configuration: RoleConfigurationRecord): RoleConfiguration {
  return {
    RoleConfigurationId: configuration.roleConfigurationId,
    RoleConfigurationName: configuration.name,
    Description: configuration.description,
    SessionDuration: configuration.sessionDuration,
    RelayState: configuration.relayState,
    CreateTime: configuration.createTime,
    UpdateTime: configuration.updateTime,
  };
}

function requireConfiguration({ store }: ActionContext, roleConfigurationId: string) {
  const configuration = store.state.cic.roleConfigurations.find((entry) => entry.roleConfigurationId === roleConfigurationId);
  if (!configuration) {
    throw new TencentError("ResourceNotFound.RoleConfigurationNotExist", `Role configuration ${roleConfigurationId} does not exist.`);
  }
  return configuration;
}

/** Async CIC work: InProgress until `taskDelayMs` has passed, then Success. */
function taskStatus(context: ActionContext, task: CicTaskRecord) {
  return context.now >= task.completesAt ? "Success" : "InProgress";
}

function toTaskInfo(context: ActionContext, task: CicTaskRecord): TaskInfo {
  return {
    TaskId: task.taskId,
    TaskType: task.taskType,
    Status: taskStatus(context, task),
    RoleConfigurationId: task.roleConfigurationId,
    RoleConfigurationName: context.store.state.cic.roleConfigurations.find(
      (entry) => entry.roleConfigurationId === task.roleConfigurationId,
    )?.name,
    TargetType: task.targetType,
    TargetUin: task.targetUin,
    PrincipalType: task.principalType,
    PrincipalId: task.principalId,
  };
}

interface AssignmentKey {
  RoleConfigurationId: string;
  TargetType: string;
  TargetUin: number;
  PrincipalType: string;
  PrincipalId: string;
}

function newTask(context: ActionContext, taskType: CicTaskRecord["taskType"], key: AssignmentKey): CicTaskRecord {
  const task = {
    taskId: newId(context, "t-"),
    taskType,
    roleConfigurationId: key.RoleConfigurationId,
    targetType: key.TargetType,
    targetUin: key.TargetUin,
    principalType: key.PrincipalType,
    principalId: key.PrincipalId,
    completesAt: context.now + context.settings.taskDelayMs,
  };
  context.store.state.cic.tasks.push(task);
  return task;
}

function sameAssignment(
  entry: { roleConfigurationId: string; targetType: string; targetUin: number; principalType: string; principalId: string },
  key: AssignmentKey,
) {
  return (
    entry.roleConfigurationId === key.RoleConfigurationId &&
    entry.targetType === key.TargetType &&
    entry.targetUin === key.TargetUin &&
    entry.principalType === key.PrincipalType &&
    entry.principalId === key.PrincipalId
  );
}

export const cicActions = {
  DescribeIdentityCenter({ store }) {
    const { cic, organization } = store.state;
    return {
      ZoneId: cic.zoneId,
      ZoneName: cic.zoneName,
      ServiceStatus: "Enabled",
      ScimSyncStatus: "Disabled",
      CreateTime: organization.createTime,
      UpdateTime: organization.createTime,
    };
  },

  CreateUser(context, request) {
    requireZone(context, request.ZoneId);
    const { users } = context.store.state.cic;
    if (!USER_NAME.test(request.UserName)) {
      throw new TencentError("InvalidParameterValue", "UserName must be 1–64 letters, digits or +=,.@_-.");
    }
    if (users.some((user) => user.userName === request.UserName)) {
      throw new TencentError("InvalidParameter.UsernameAlreadyExists", `User ${request.UserName} already exists.`);
    }
    if (request.Email && users.some((user) => user.email === request.Email)) {
      throw new TencentError("InvalidParameter.EmailAlreadyExists", `Email ${request.Email} is already used.`);
    }
    const time = formatTime(context.now);
    const user: CicUserRecord = {
      userId: newId(context, "u-"),
      userName: request.UserName,
      firstName: request.FirstName ?? "",
      lastName: request.LastName ?? "",
      displayName: request.DisplayName ?? request.UserName,
      description: request.Description ?? "",
      email: request.Email ?? "",
      userStatus: request.UserStatus === "Disabled" ? "Disabled" : "Enabled",
      userType: request.UserType === "Synchronized" ? "Synchronized" : "Manual",
      createTime: time,
      updateTime: time,
    };
    users.push(user);
    return { UserInfo: toUserInfo(user) };
  },

  ListUsers(context, request) {
    requireZone(context, request.ZoneId);
    const filter = request.Filter?.toLowerCase();
    const users = context.store.state.cic.users.filter(
      (user) =>
        (!filter || [user.userName, user.displayName, user.email].some((value) => value.toLowerCase().includes(filter))) &&
        (!request.UserStatus || user.userStatus === request.UserStatus) &&
        (!request.UserType || user.userType === request.UserType),
    );
    const page = tokenPage(users, request.NextToken, request.MaxResults, CIC_PAGE);
    return {
      Users: page.items.map(toUserInfo),
      ...cicPageFields(page.next, users.length, request.MaxResults),
    };
  },

  CreateRoleConfiguration(context, request) {
    requireZone(context, request.ZoneId);
    const { roleConfigurations } = context.store.state.cic;
    if (!CONFIGURATION_NAME.test(request.RoleConfigurationName)) {
      throw new TencentError("InvalidParameterValue", "RoleConfigurationName must be 1–128 letters, digits or hyphens.");
    }
    const sessionDuration = request.SessionDuration ?? 3600;
    if (sessionDuration < 900 || sessionDuration > 43_200) {
      throw new TencentError("InvalidParameterValue", "SessionDuration must be between 900 and 43200 seconds.");
    }
    if (roleConfigurations.some((entry) => entry.name === request.RoleConfigurationName)) {
      throw new TencentError(
        "FailedOperation.RoleConfigurationNameAlreadyExist",
        `Role configuration ${request.RoleConfigurationName} already exists.`,
      );
    }
    const time = formatTime(context.now);
    const configuration: RoleConfigurationRecord = {
      roleConfigurationId: newId(context, "rc-"),
      name: request.RoleConfigurationName,
      description: request.Description ?? "",
      sessionDuration,
      relayState: request.RelayState ?? "",
      createTime: time,
      updateTime: time,
      policies: [],
    };
    roleConfigurations.push(configuration);
    return { RoleConfigurationInfo: toRoleConfiguration(configuration) };
  },

  ListRoleConfigurations(context, request) {
    requireZone(context, request.ZoneId);
    const filter = request.Filter?.toLowerCase();
    const configurations = context.store.state.cic.roleConfigurations.filter(
      (entry) => !filter || entry.name.toLowerCase().includes(filter),
    );
    const page = tokenPage(configurations, request.NextToken, request.MaxResults, CIC_PAGE);
    return {
      RoleConfigurations: page.items.map(toRoleConfiguration),
      ...cicPageFields(page.next, configurations.length, request.MaxResults),
    };
  },

  AddPermissionPolicyToRoleConfiguration(context, request) {
    requireZone(context, request.ZoneId);
    const configuration = requireConfiguration(context, request.RoleConfigurationId);
    const type = request.RolePolicyType;
    if (type !== "System" && type !== "Custom") throw new TencentError("InvalidParameterValue", "RolePolicyType must be System or Custom.");
    const names = [...(request.RolePolicyNames ?? []), ...(request.RolePolicies ?? []).map((policy) => policy.PolicyName ?? String(policy.PolicyId))];
    if (names.length === 0) throw new TencentError("MissingParameter", "RolePolicyNames or RolePolicies is required.");
    const documents = request.CustomPolicyDocuments ?? (request.CustomPolicyDocument ? [request.CustomPolicyDocument] : []);
    if (type === "Custom" && documents.length !== names.length) {
      throw new TencentError("InvalidParameterValue", "Custom policies need one document per name.");
    }
    const added = names.filter((name) => !configuration.policies.some((policy) => policy.name === name));
    if (configuration.policies.length + added.length > MAX_POLICIES_PER_CONFIGURATION) {
      throw new TencentError("FailedOperation.SystemPolicyOverUpperLimit", "A role configuration holds at most 20 policies.");
    }
    for (const name of added) {
      configuration.policies.push({
        rolePolicyId: context.store.nextId(),
        name,
        type,
        document: type === "Custom" ? (documents[names.indexOf(name)] ?? "") : "",
        addTime: formatTime(context.now),
      });
    }
    return {};
  },

  UpdateRoleConfiguration(context, request) {
    requireZone(context, request.ZoneId);
    const configuration = requireConfiguration(context, request.RoleConfigurationId);
    if (request.NewSessionDuration !== undefined && (request.NewSessionDuration < 900 || request.NewSessionDuration > 43_200)) {
      throw new TencentError("InvalidParameterValue", "SessionDuration must be between 900 and 43200 seconds.");
    }
    if (request.NewDescription !== undefined) configuration.description = request.NewDescription;
    if (request.NewSessionDuration !== undefined) configuration.sessionDuration = request.NewSessionDuration;
    if (request.NewRelayState !== undefined) configuration.relayState = request.NewRelayState;
    configuration.updateTime = formatTime(context.now);
    return { RoleConfigurationInfo: toRoleConfiguration(configuration) };
  },

  UpdateCustomPolicyForRoleConfiguration(context, request) {
    requireZone(context, request.ZoneId);
    const configuration = requireConfiguration(context, request.RoleConfigurationId);
    const policy = configuration.policies.find((entry) => entry.type === "Custom" && entry.name === request.CustomPolicyName);
    if (!policy) throw new TencentError("ResourceNotFound.PolicyNotExist", `Custom policy ${request.CustomPolicyName} is not in this role configuration.`);
    policy.document = request.NewCustomPolicyDocument ?? "";
    configuration.updateTime = formatTime(context.now);
    return {};
  },

  RemovePermissionPolicyFromRoleConfiguration(context, request) {
    requireZone(context, request.ZoneId);
    const configuration = requireConfiguration(context, request.RoleConfigurationId);
    const index = configuration.policies.findIndex(
      (entry) =>
        entry.type === request.RolePolicyType &&
        (request.RolePolicyName !== undefined ? entry.name === request.RolePolicyName : entry.rolePolicyId === request.RolePolicyId),
    );
    if (index < 0) throw new TencentError("ResourceNotFound.PolicyNotExist", "The policy is not in this role configuration.");
    configuration.policies.splice(index, 1);
    configuration.updateTime = formatTime(context.now);
    return {};
  },

  ListPermissionPoliciesInRoleConfiguration(context, request) {
    requireZone(context, request.ZoneId);
    const policies = requireConfiguration(context, request.RoleConfigurationId).policies.filter(
      (policy) => (!request.RolePolicyType || policy.type === request.RolePolicyType) && (!request.Filter || policy.name.includes(request.Filter)),
    );
    return {
      TotalCounts: policies.length,
      RolePolicies: policies.map((policy) => ({
        RolePolicyId: policy.rolePolicyId,
        RolePolicyName: policy.name,
        RolePolicyType: policy.type,
        RolePolicyDocument: policy.document,
        AddTime: policy.addTime,
      })),
    };
  },

  CreateRoleAssignment(context, request) {
    requireZone(context, request.ZoneId);
    const { cic } = context.store.state;
    const keys = request.RoleAssignmentInfo ?? [];
    for (const key of keys) {
      requireConfiguration(context, key.RoleConfigurationId ?? "");
      if (key.TargetType !== "MemberUin" && key.TargetType !== "ManagerUin") {
        throw new TencentError("InvalidParameterValue", "TargetType must be MemberUin or ManagerUin.");
      }
      if (!context.store.isAccount(key.TargetUin ?? 0)) {
        throw new TencentError("ResourceNotFound.OrganizationMemberNotExist", `Account ${key.TargetUin} is not in the organization.`);
      }
      const principalExists =
        key.PrincipalType === "User"
          ? cic.users.some((user) => user.userId === key.PrincipalId)
          : key.PrincipalType === "Group" && cic.groups.some((group) => group.groupId === key.PrincipalId);
      if (!principalExists) throw new TencentError("ResourceNotFound.UserNotExist", `Principal ${key.PrincipalId} does not exist.`);
      if (cic.assignments.some((entry) => sameAssignment(entry, key as AssignmentKey))) {
        throw new TencentError("FailedOperation.RoleConfigurationAuthorizationAlreadyExist", "This assignment already exists.");
      }
    }
    const tasks = (keys as AssignmentKey[]).map((key) => {
      cic.assignments.push({
        roleConfigurationId: key.RoleConfigurationId,
        targetType: key.TargetType as "MemberUin" | "ManagerUin",
        targetUin: key.TargetUin,
        principalType: key.PrincipalType as "User" | "Group",
        principalId: key.PrincipalId,
        createTime: formatTime(context.now),
      });
      return toTaskInfo(context, newTask(context, "CreateRoleAssignment", key));
    });
    return { Tasks: tasks };
  },

  DeleteRoleAssignment(context, request) {
    requireZone(context, request.ZoneId);
    const { cic } = context.store.state;
    if (!cic.assignments.some((entry) => sameAssignment(entry, request))) {
      throw new TencentError("ResourceNotFound.RoleAssignmentNotExist", "This assignment does not exist.");
    }
    cic.assignments = cic.assignments.filter((entry) => !sameAssignment(entry, request));
    return { Task: toTaskInfo(context, newTask(context, "DeleteRoleAssignment", request)) };
  },

  ListRoleAssignments(context, request) {
    requireZone(context, request.ZoneId);
    const { cic } = context.store.state;
    const assignments = cic.assignments.filter(
      (entry) =>
        (!request.RoleConfigurationId || entry.roleConfigurationId === request.RoleConfigurationId) &&
        (!request.TargetType || entry.targetType === request.TargetType) &&
        (request.TargetUin === undefined || entry.targetUin === request.TargetUin) &&
        (!request.PrincipalType || entry.principalType === request.PrincipalType) &&
        (!request.PrincipalId || entry.principalId === request.PrincipalId),
    );
    const page = tokenPage(assignments, request.NextToken, request.MaxResults, CIC_PAGE);
    return {
      RoleAssignments: page.items.map((entry) => ({
        RoleConfigurationId: entry.roleConfigurationId,
        RoleConfigurationName: cic.roleConfigurations.find((rc) => rc.roleConfigurationId === entry.roleConfigurationId)?.name,
        TargetType: entry.targetType,
        TargetUin: entry.targetUin,
        TargetName: context.store.member(entry.targetUin)?.name ?? "",
        PrincipalType: entry.principalType,
        PrincipalId: entry.principalId,
        PrincipalName:
          entry.principalType === "User"
            ? cic.users.find((user) => user.userId === entry.principalId)?.userName
            : cic.groups.find((group) => group.groupId === entry.principalId)?.groupName,
        CreateTime: entry.createTime,
        UpdateTime: entry.createTime,
      })),
      ...cicPageFields(page.next, assignments.length, request.MaxResults),
    };
  },

  ListTasks(context, request) {
    requireZone(context, request.ZoneId);
    const tasks = context.store.state.cic.tasks.filter(
      (task) =>
        (!request.TaskType || task.taskType === request.TaskType) &&
        (!request.RoleConfigurationId || task.roleConfigurationId === request.RoleConfigurationId) &&
        (!request.TargetType || task.targetType === request.TargetType) &&
        (request.TargetUin === undefined || task.targetUin === request.TargetUin) &&
        (!request.PrincipalType || task.principalType === request.PrincipalType) &&
        (!request.PrincipalId || task.principalId === request.PrincipalId) &&
        (!request.Status || taskStatus(context, task) === request.Status),
    );
    const page = tokenPage(tasks, request.NextToken, request.MaxResults, CIC_PAGE);
    return {
      Tasks: page.items.map((task) => toTaskInfo(context, task)),
      ...cicPageFields(page.next, tasks.length, request.MaxResults),
    };
  },

  GetTaskStatus(context, request) {
    requireZone(context, request.ZoneId);
    const task = context.store.state.cic.tasks.find((entry) => entry.taskId === request.TaskId);
    if (!task) throw new TencentError("ResourceNotFound.TaskNotExist", `Task ${request.TaskId} does not exist.`);
    return { TaskStatus: { TaskId: task.taskId, TaskType: task.taskType, Status: taskStatus(context, task) } };
  },
} satisfies Partial<HandlerTable<"organization">>;
