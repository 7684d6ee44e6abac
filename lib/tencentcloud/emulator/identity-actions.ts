import { randomBytes } from "node:crypto";
import { parseSessionPolicy } from "./policy";
import type { ActionContext, HandlerTable } from "./types";
import { TencentError } from "./utils";

const ROLE_ARN = /^qcs::cam::uin\/(\d+):roleName\/([\w+=,.@-]{1,128})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,128}$/;
/** Documented default and maximum; the minimum is not documented, 900 s is assumed (docs/tencentcloud.md). */
const DURATION = { default: 7200, min: 900, max: 43_200 };

function randomKey(bytes: number): string {
  return randomBytes(bytes).toString("base64url").replace(/[-_]/g, "x");
}

/** Which role the request asks for, refusing whatever Tencent would refuse. */
function resolveRole(context: ActionContext, roleArn: string) {
  const { store, caller, settings, now } = context;
  const match = ROLE_ARN.exec(roleArn);
  if (!match?.[1] || !match[2]) {
    throw new TencentError("InvalidParameterValue", "RoleArn must look like qcs::cam::uin/<uin>:roleName/<name>.");
  }
  const accountUin = Number(match[1]);
  const roleName = match[2];
  const { managementUin } = store.state.organization;
  const roleExists =
    accountUin === managementUin
      ? store.state.managementRoles.includes(roleName)
      : store.member(accountUin) !== undefined && roleName === settings.memberRoleName;
  if (!roleExists) throw new TencentError("ResourceNotFound.RoleNotFound", `Role ${roleName} does not exist in account ${accountUin}.`);
  // The roles trust the management account only; a member cannot hop into another member.
  if (caller.accountUin !== managementUin) {
    throw new TencentError("UnauthorizedOperation", "The caller is not a trusted principal of this role.");
  }
  const member = store.member(accountUin);
  if (member && member.readyAt > now) {
    throw new TencentError("InvalidParameter.AccountNotAvaliable", `Account ${accountUin} is still being created.`);
  }
  return { accountUin, roleName };
}

export const stsActions: HandlerTable<"sts"> = {
  AssumeRole(context, request) {
    const { accountUin, roleName } = resolveRole(context, request.RoleArn);
    if (!SESSION_NAME.test(request.RoleSessionName)) {
      throw new TencentError("InvalidParameterValue", "RoleSessionName must be 2–128 letters, digits or =,.@_-.");
    }
    const duration = request.DurationSeconds ?? DURATION.default;
    if (duration > DURATION.max) {
      throw new TencentError("InvalidParameter.OverTimeError", `DurationSeconds may be at most ${DURATION.max}.`);
    }
    if (duration < DURATION.min) {
      throw new TencentError("InvalidParameterValue", `DurationSeconds must be at least ${DURATION.min}.`);
    }
    // A session policy narrows what the credentials may do; STS checks its grammar before issuing anything.
    const policy = request.Policy === undefined ? undefined : parseSessionPolicy(request.Policy);
    const expiresAt = Math.floor(context.now / 1000) + duration;
    const credential = {
      secretId: `AKID${randomKey(24)}`,
      secretKey: randomKey(24),
      token: randomKey(48),
      accountUin,
      expiresAt: expiresAt * 1000,
      roleName,
      sessionName: request.RoleSessionName,
      assumedBy: context.caller.accountUin,
      ...(policy === undefined ? {} : { policy }),
    };
    context.store.pruneCredentials(context.now);
    context.store.state.credentials.push(credential);
    return {
      Credentials: { TmpSecretId: credential.secretId, TmpSecretKey: credential.secretKey, Token: credential.token },
      ExpiredTime: expiresAt,
      Expiration: new Date(expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
  },

  GetCallerIdentity({ caller }) {
    const uin = String(caller.accountUin);
    if (caller.roleName) {
      const roleId = `4611686018${String(caller.accountUin).slice(-9)}`;
      return {
        Arn: `qcs::sts:${uin}:assumed-role/${roleId}/${caller.sessionName ?? ""}`,
        AccountId: uin,
        UserId: `${roleId}:${caller.sessionName ?? ""}`,
        PrincipalId: String(caller.assumedBy ?? uin),
        Type: "CAMRole",
      };
    }
    return { Arn: `qcs::cam::uin/${uin}:uin/${uin}`, AccountId: uin, UserId: uin, PrincipalId: uin, Type: "RootAccount" };
  },
};

function requireSubUser({ store, caller }: ActionContext, match: (user: { uin: number; name: string }) => boolean) {
  const user = store.accountData(caller.accountUin).camUsers.find(match);
  if (!user) throw new TencentError("ResourceNotFound.UserNotExist", "The sub-user does not exist.");
  return user;
}

export const camActions: HandlerTable<"cam"> = {
  ListUsers({ store, caller }) {
    return {
      Data: store.accountData(caller.accountUin).camUsers.map((user) => ({
        Uin: user.uin,
        Uid: user.uid,
        Name: user.name,
        NickName: user.name,
        Remark: user.remark,
        ConsoleLogin: user.consoleLogin,
        Email: user.email,
        PhoneNum: "",
        CountryCode: "",
        CreateTime: user.createTime,
      })),
    };
  },

  GetUser(context, request) {
    const user = requireSubUser(context, (candidate) => candidate.name === request.Name);
    return {
      Uin: user.uin,
      Uid: user.uid,
      Name: user.name,
      Remark: user.remark,
      ConsoleLogin: user.consoleLogin,
      Email: user.email,
      PhoneNum: "",
      CountryCode: "",
      RecentlyLoginIP: user.recentlyLoginTime ? "203.0.113.10" : "",
      RecentlyLoginTime: user.recentlyLoginTime,
    };
  },

  DescribeSafeAuthFlagColl(context, request) {
    const user = requireSubUser(context, (candidate) => candidate.uin === request.SubUin);
    const flag = (stoken: 0 | 1) => ({ Phone: 0, Token: 0, Stoken: stoken, Wechat: 0, Custom: 0, Mail: 0, U2FToken: 0 });
    return {
      LoginFlag: flag(user.mfa.loginToken),
      ActionFlag: flag(user.mfa.actionToken),
      OffsiteFlag: { VerifyFlag: 0, NotifyPhone: 0, NotifyEmail: 0, NotifyWechat: 0, Tips: 0 },
    };
  },

  ListAccessKeys(context, request) {
    const { store, caller } = context;
    if (request.TargetUin === undefined || request.TargetUin === caller.accountUin) {
      const own = store.state.credentials.filter((credential) => credential.accountUin === caller.accountUin && !credential.token);
      return { AccessKeys: own.map((credential) => ({ AccessKeyId: credential.secretId, Status: "Active", CreateTime: "" })) };
    }
    const user = requireSubUser(context, (candidate) => candidate.uin === request.TargetUin);
    return {
      AccessKeys: store
        .accountData(caller.accountUin)
        .accessKeys.filter((key) => key.ownerUin === user.uin)
        .map((key) => ({ AccessKeyId: key.accessKeyId, Status: key.status, CreateTime: key.createTime })),
    };
  },

  GetSecurityLastUsed({ store, caller }, request) {
    const keys = store.accountData(caller.accountUin).accessKeys;
    return {
      SecretIdLastUsedRows: request.SecretIdList.flatMap((secretId) => {
        const key = keys.find((candidate) => candidate.accessKeyId === secretId);
        if (!key) return [];
        return [
          {
            SecretId: secretId,
            LastUsedDate: key.lastUsed ? new Date(key.lastUsed * 1000).toISOString().slice(0, 10) : "",
            LastSecretUsedDate: key.lastUsed,
          },
        ];
      }),
    };
  },
};
