import type { AccountScope } from "./types";

/**
 * The read-only live check behind `npm run tencent:check`: proves the credentials, the endpoint and the
 * organization permissions work, and prints what it found. It calls only Describe/Get actions.
 */
export async function runTencentCheck(gateway: AccountScope, print: (line: string) => void): Promise<void> {
  const caller = await gateway.sts("GetCallerIdentity", null);
  print(`Caller: ${caller.Arn ?? "?"} (account ${caller.AccountId ?? "?"}, type ${caller.Type ?? "?"})`);

  const organization = await gateway.organization("DescribeOrganization", { Lang: "en" });
  print(
    `Organization: ${organization.OrgId ?? "?"} "${organization.NickName ?? ""}" managed by ${organization.HostUin ?? "?"}, root node ${organization.RootNodeId ?? "?"}`,
  );

  const nodes = await gateway.organization("DescribeOrganizationNodes", { Offset: 0, Limit: 50 });
  print(`Units: ${nodes.Total ?? 0} in total; first page:`);
  for (const node of nodes.Items ?? []) print(`  ${node.NodeId ?? "?"}  ${node.Name ?? ""} (parent ${node.ParentNodeId ?? "-"})`);

  const members = await gateway.organization("DescribeOrganizationMembers", { Offset: 0, Limit: 50, Lang: "en" });
  print(`Member accounts: ${members.Total ?? 0} in total; first page:`);
  for (const member of members.Items ?? []) {
    print(`  ${member.MemberUin ?? "?"}  ${member.Name ?? ""} (unit ${member.NodeName ?? member.NodeId ?? "?"})`);
  }
}
