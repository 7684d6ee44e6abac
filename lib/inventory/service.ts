import "server-only";
import { listNonCompliantResources, listOrganizationMembers, listOrganizationNodes, listTaggedResources } from "@/lib/tencentcloud/pagination";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { SECRET_IDS_PER_CALL } from "./constants";
import type { MemberRead, OrganizationRead } from "./types";
import { chunk, latestActivity, tagMap } from "./utils";

/** Tencent's tag-policy findings for one member: resource name → the tags Tencent reported. */
export type MemberFindings = Map<string, Record<string, string>>;

/** What the inventory sync reads from Tencent Cloud; tests and the benchmark use the real one against the emulator. */
export interface InventoryCloud {
  /** The organization, its units (nodes) and members, read with the management account. */
  readOrganization(): Promise<OrganizationRead>;
  /**
   * The member's resources Tencent's tag-policy detection lists (ListNonCompliantResource, management account: the
   * organization-wide 20/s bottleneck, so the sync reads these ahead of the members' own reads).
   */
  readFindings(memberUin: string): Promise<MemberFindings>;
  /**
   * One member's tagged resources (Tag GetResources in the member, through its access role), flagged where `findings`
   * lists them, and its latest CAM activity.
   */
  readMember(memberUin: string, now: Date, findings: Promise<MemberFindings>): Promise<MemberRead>;
}

export function createInventoryCloud(gateway: TencentGateway): InventoryCloud {
  return {
    async readOrganization() {
      const organization = await gateway.organization("DescribeOrganization", {});
      const nodes: OrganizationRead["nodes"] = [];
      for await (const node of listOrganizationNodes(gateway)) {
        if (node.NodeId === undefined) continue;
        nodes.push({ nodeId: node.NodeId, parentNodeId: node.ParentNodeId ? node.ParentNodeId : null, name: node.Name ?? String(node.NodeId) });
      }
      const members: OrganizationRead["members"] = [];
      for await (const member of listOrganizationMembers(gateway)) {
        if (member.MemberUin === undefined) continue;
        members.push({ uin: String(member.MemberUin), name: member.Name ?? String(member.MemberUin), nodeId: member.NodeId ?? 0, tags: tagMap(member.Tags) });
      }
      return {
        orgId: String(organization.OrgId ?? ""),
        managementUin: String(organization.HostUin ?? ""),
        name: organization.NickName ?? "Organization",
        rootNodeId: organization.RootNodeId ?? 0,
        nodes,
        members,
      };
    },

    readFindings: (memberUin) => readNonCompliant(gateway, memberUin),

    async readMember(memberUin, now, findings) {
      const [flagged, resources, lastActivityAt] = await Promise.all([findings, readTaggedResources(gateway, memberUin), readLatestActivity(gateway, memberUin, now)]);
      for (const resource of resources) resource.flaggedByTencent = flagged.has(resource.resourceName);
      // A flagged resource GetResources did not list (no tag at all) is still a resource of the account.
      const listed = new Set(resources.map((resource) => resource.resourceName));
      for (const [resourceName, tags] of flagged) {
        if (!listed.has(resourceName)) resources.push({ resourceName, tags, flaggedByTencent: true });
      }
      return { resources, lastActivityAt };
    },
  };
}

async function readNonCompliant(gateway: TencentGateway, memberUin: string): Promise<MemberFindings> {
  const flagged: MemberFindings = new Map();
  for await (const item of listNonCompliantResources(gateway, { MemberUin: Number(memberUin) })) {
    if (item.Resource) flagged.set(item.Resource, tagMap(item.Tags));
  }
  return flagged;
}

async function readTaggedResources(gateway: TencentGateway, memberUin: string): Promise<MemberRead["resources"]> {
  const seen = new Map<string, MemberRead["resources"][number]>();
  for await (const mapping of listTaggedResources(gateway.inAccount(memberUin))) {
    if (mapping.Resource) seen.set(mapping.Resource, { resourceName: mapping.Resource, tags: tagMap(mapping.Tags), flaggedByTencent: false });
  }
  return [...seen.values()];
}

/**
 * The member's latest CAM activity. ListUsers has no sign-in time (SubAccountInfo carries none), so GetUser gives
 * RecentlyLoginTime for users who may sign in to the console; ListAccessKeys per user and GetSecurityLastUsed (10
 * SecretIds per call) give key use.
 */
async function readLatestActivity(gateway: TencentGateway, memberUin: string, now: Date): Promise<Date | null> {
  const member = gateway.inAccount(memberUin);
  const { Data: users = [] } = await member.cam("ListUsers", null);
  const logins = await Promise.all(
    users.filter((user) => user.ConsoleLogin === 1 && user.Name).map(async (user) => (await member.cam("GetUser", { Name: user.Name! })).RecentlyLoginTime),
  );
  const keyLists = await Promise.all(
    users.filter((user) => user.Uin !== undefined).map(async (user) => (await member.cam("ListAccessKeys", { TargetUin: user.Uin })).AccessKeys ?? []),
  );
  const secretIds = keyLists.flat().flatMap((key) => (key.AccessKeyId ? [key.AccessKeyId] : []));
  const usage = await Promise.all(
    chunk(secretIds, SECRET_IDS_PER_CALL).map(async (batch) => (await member.cam("GetSecurityLastUsed", { SecretIdList: batch })).SecretIdLastUsedRows ?? []),
  );
  return latestActivity({ logins, keys: usage.flat() }, now);
}
