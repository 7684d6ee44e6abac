import type { MatrixSnapshot } from "@/lib/matrix/types";
import type { AccountData, AuditEventRecord, ResourceRecord, TagMap } from "./types";
import { createRandom, formatTime, pick, randomId, randomInt, type Random } from "./utils";

/** The organization the emulator starts from: what the demo matrix describes, in Tencent's terms. */
export interface OrganizationSeed {
  orgId: number;
  managementUin: number;
  name: string;
  /** The first unit without a parent is the root node. */
  units: { nodeId: number; parentNodeId: number | null; name: string }[];
  accounts: { uin: number; name: string; nodeId: number; tags: TagMap; createdAt: number }[];
  /** Tag keys every resource should carry, with their allowed values (empty: any value). */
  tagRules: { key: string; allowedValues: string[] }[];
  /** People who get Cloud Identity Center users, with the groups they belong to. */
  people: { userName: string; email: string; displayName: string; groups: string[] }[];
}

/** The demo matrix as the emulator's organization: one generator feeds both the seed database and the emulator. */
export function seedFromMatrix(matrix: MatrixSnapshot): OrganizationSeed {
  const nodeIds = new Map(matrix.units.map((unit) => [unit.id, unit.tencentNodeId]));
  return {
    orgId: Number(matrix.organization.tencentOrgId),
    managementUin: Number(matrix.organization.managementUin),
    name: matrix.organization.name,
    units: matrix.units.map((unit) => ({
      nodeId: unit.tencentNodeId,
      parentNodeId: unit.parentId === null ? null : (nodeIds.get(unit.parentId) ?? null),
      name: unit.name,
    })),
    accounts: matrix.accounts.map((account) => ({
      uin: Number(account.memberUin),
      name: account.name,
      nodeId: nodeIds.get(account.unitId) ?? 0,
      tags: Object.fromEntries(account.tags.map((tag) => [tag.key, tag.value])),
      createdAt: account.createdAt.getTime(),
    })),
    tagRules: matrix.tagRules.map((rule) => ({ key: rule.key, allowedValues: rule.allowedValues })),
    people: matrix.users
      .filter((user) => user.active)
      .map((user) => ({
        userName: user.email.split("@")[0] ?? user.id,
        email: user.email,
        displayName: user.name,
        groups: user.groups,
      })),
  };
}

const RESOURCE_KINDS = [
  { service: "cvm", prefix: "instance", idPrefix: "ins-" },
  { service: "cvm", prefix: "volume", idPrefix: "disk-" },
  { service: "cdb", prefix: "instanceId", idPrefix: "cdb-" },
  { service: "clb", prefix: "clb", idPrefix: "lb-" },
  { service: "vpc", prefix: "vpc", idPrefix: "vpc-" },
  { service: "redis", prefix: "instance", idPrefix: "crs-" },
] as const;
const REGIONS = ["ap-singapore", "ap-hongkong", "ap-tokyo", "eu-frankfurt", "na-ashburn"] as const;

/** How often a resource lacks a key its account carries: the gaps a tag-compliance view has to find. */
const TAG_GAP_RATES: Record<string, number> = {
  owner: 0.1,
  "cost-center": 0.15,
  environment: 0.05,
  "data-classification": 0.2,
};
const TAG_GAP_DEFAULT = 0.1;
/** How often a present value is off-policy (wrong case, placeholder). */
const BAD_VALUE_RATE = 0.04;

/**
 * `count` tagged resources spread round-robin over the accounts. Each inherits its account's tags, with gaps
 * and off-policy values at realistic rates, plus a Name tag. Deterministic for a given seed.
 */
export function generateResources(seed: OrganizationSeed, count: number, randomSeed: number): ResourceRecord[] {
  const random = createRandom(randomSeed ^ 0x5eed);
  const resources: ResourceRecord[] = [];
  if (seed.accounts.length === 0) return resources;
  for (let index = 0; index < count; index += 1) {
    const account = seed.accounts[index % seed.accounts.length];
    if (!account) continue;
    const kind = pick(random, RESOURCE_KINDS);
    const id = `${kind.idPrefix}${randomId(random, 8)}`;
    const tags: TagMap = { Name: `${account.name}-${kind.prefix}-${index}` };
    for (const [key, value] of Object.entries(account.tags)) {
      if (random() < (TAG_GAP_RATES[key] ?? TAG_GAP_DEFAULT)) continue;
      tags[key] = random() < BAD_VALUE_RATE ? pick(random, [value.toUpperCase(), "tbd", `${value}-old`]) : value;
    }
    resources.push({
      resource: `qcs::${kind.service}:${pick(random, REGIONS)}:uin/${account.uin}:${kind.prefix}/${id}`,
      accountUin: account.uin,
      tags,
    });
  }
  return resources;
}

const SUB_USER_NAMES = ["ops-admin", "ci-deploy", "billing-viewer", "backup-agent", "monitoring", "break-glass"] as const;
const AUDIT_EVENTS = [
  { name: "DescribeInstances", source: "cvm.tencentcloudapi.com", type: "cvm", readOnly: true },
  { name: "RunInstances", source: "cvm.tencentcloudapi.com", type: "cvm", readOnly: false },
  { name: "TerminateInstances", source: "cvm.tencentcloudapi.com", type: "cvm", readOnly: false },
  { name: "ConsoleLogin", source: "cam.tencentcloudapi.com", type: "cam", readOnly: false },
  { name: "CreateAccessKey", source: "cam.tencentcloudapi.com", type: "cam", readOnly: false },
  { name: "AttachUserPolicy", source: "cam.tencentcloudapi.com", type: "cam", readOnly: false },
  { name: "PutBucket", source: "cos.tencentcloudapi.com", type: "cos", readOnly: false },
] as const;

/**
 * One account's CAM users (with MFA flags, access keys and last-used dates) and its recent CloudAudit history,
 * generated on first use from the account's UIN so a 1,000-account organization starts instantly.
 */
export function generateAccountData(accountUin: number, stateSeed: number, generatedAt: number): AccountData {
  const random: Random = createRandom(stateSeed ^ (accountUin % 2_147_483_647));
  const day = 86_400_000;
  const camUsers = SUB_USER_NAMES.slice(0, randomInt(random, 2, SUB_USER_NAMES.length)).map((name, index) => {
    const consoleLogin = name === "ci-deploy" || name === "backup-agent" ? 0 : 1;
    return {
      uin: accountUin * 10 + index + 1,
      uid: 1_000_000 + index,
      name,
      remark: "",
      consoleLogin: consoleLogin as 0 | 1,
      email: consoleLogin ? `${name}@example.com` : "",
      createTime: formatTime(generatedAt - randomInt(random, 30, 900) * day),
      recentlyLoginTime: consoleLogin ? formatTime(generatedAt - randomInt(random, 0, 200) * day) : "",
      // About a third of console users have no MFA: the finding a security view should surface.
      mfa: { loginToken: (consoleLogin && random() > 0.33 ? 1 : 0) as 0 | 1, actionToken: (random() > 0.5 ? 1 : 0) as 0 | 1 },
    };
  });
  const accessKeys = camUsers.flatMap((user) =>
    Array.from({ length: user.consoleLogin ? randomInt(random, 0, 1) : randomInt(random, 1, 2) }, () => {
      const ageDays = randomInt(random, 1, 800);
      const usage = random();
      const lastUsedDaysAgo = usage < 0.35 ? randomInt(random, 91, 400) : randomInt(random, 0, 30);
      return {
        accessKeyId: `AKID${randomId(random, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`,
        ownerUin: user.uin,
        status: (random() > 0.1 ? "Active" : "Inactive") as "Active" | "Inactive",
        createTime: formatTime(generatedAt - ageDays * day),
        // Some never used, some stale (> 90 days), most recent.
        lastUsed: usage < 0.15 ? 0 : Math.floor((generatedAt - lastUsedDaysAgo * day) / 1000),
      };
    }),
  );
  const auditEvents: AuditEventRecord[] = Array.from({ length: 40 }, (_, index) => {
    const event = pick(random, AUDIT_EVENTS);
    const user = pick(random, camUsers);
    return {
      eventId: `evt-${accountUin}-${index}`,
      eventName: event.name,
      eventSource: event.source,
      username: user.name,
      secretId: accessKeys.find((key) => key.ownerUin === user.uin)?.accessKeyId ?? "",
      eventTime: Math.floor((generatedAt - randomInt(random, 0, 6 * 24 * 60) * 60_000) / 1000),
      requestId: `req-${randomId(random, 16)}`,
      readOnly: event.readOnly,
      resourceType: event.type,
      resourceName: `${event.type}-${randomId(random, 8)}`,
      errorCode: random() < 0.05 ? 403 : 0,
    };
  });
  return { camUsers, accessKeys, auditEvents };
}
