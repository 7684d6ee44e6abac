import "server-only";
import { AppError } from "@/lib/core/errors";
import { listRoleConfigurations } from "@/lib/tencentcloud/pagination";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { CUSTOM_POLICY_PREFIX } from "./constants";
import { customPolicyName, roleConfigurationName } from "./utils";

/** What Cloud Identity Center should hold for a catalog role: its version in force. */
export interface RoleConfigurationSpec {
  slug: string;
  name: string;
  description: string;
  maxDurationSeconds: number;
  /** Compact JSON of each custom policy, in order (policy i is named lattice-policy-<i+1>). */
  policyDocuments: string[];
}

export interface RoleConfigurationResult {
  roleConfigurationId: string;
  /** RequestIds of the calls that changed something, for the audit event. */
  requestIds: string[];
}

const DESCRIPTION_MAX = 1024;

function tencentCodeOf(error: unknown): string {
  return (error instanceof AppError ? error.details.tencentCode : undefined) ?? "";
}

/** The CIC side of the role catalog, behind the gateway (which owns rate limits, retries and error mapping). */
export function createRoleCatalogCloud(gateway: TencentGateway) {
  async function zoneId(): Promise<string> {
    const { ZoneId } = await gateway.organization("DescribeIdentityCenter", null);
    if (!ZoneId) {
      const message = "Cloud Identity Center is not enabled for the organization.";
      throw new AppError("VALIDATION", message, { tencentCode: "FailedOperation.ZoneIdNotExist" }, { cause: new Error(message) });
    }
    return ZoneId;
  }

  async function findByName(zone: string, name: string) {
    for await (const entry of listRoleConfigurations(gateway, { ZoneId: zone, Filter: name })) {
      if (entry.RoleConfigurationName === name && entry.RoleConfigurationId) return entry;
    }
    return undefined;
  }

  /**
   * Makes the role configuration match the spec, and does nothing when it already does: found by name first
   * (created only when missing; a concurrent creator's AlreadyExist means "find it again"), session duration and
   * description updated when they differ, and the custom policies lattice-policy-1…n added, updated or removed so
   * they hold exactly the version's documents. System policies and other custom policies are left alone.
   */
  async function syncRoleConfiguration(spec: RoleConfigurationSpec): Promise<RoleConfigurationResult> {
    const requestIds: string[] = [];
    const track = <T extends { RequestId?: string }>(response: T): T => {
      if (response.RequestId) requestIds.push(response.RequestId);
      return response;
    };
    const zone = await zoneId();
    const name = roleConfigurationName(spec.slug);
    const description = `${spec.name}: ${spec.description}`.slice(0, DESCRIPTION_MAX);

    let configuration = await findByName(zone, name);
    if (!configuration) {
      try {
        const created = track(
          await gateway.organization("CreateRoleConfiguration", { ZoneId: zone, RoleConfigurationName: name, Description: description, SessionDuration: spec.maxDurationSeconds }),
        );
        configuration = created.RoleConfigurationInfo;
      } catch (error) {
        if (!/AlreadyExist/.test(tencentCodeOf(error))) throw error;
      }
      configuration ??= await findByName(zone, name);
    }
    const id = configuration?.RoleConfigurationId;
    if (!configuration || !id) throw new AppError("UPSTREAM", `Role configuration ${name} was created but cannot be found yet.`);

    if (configuration.SessionDuration !== spec.maxDurationSeconds || configuration.Description !== description) {
      track(await gateway.organization("UpdateRoleConfiguration", { ZoneId: zone, RoleConfigurationId: id, NewSessionDuration: spec.maxDurationSeconds, NewDescription: description }));
    }

    const { RolePolicies = [] } = await gateway.organization("ListPermissionPoliciesInRoleConfiguration", { ZoneId: zone, RoleConfigurationId: id, RolePolicyType: "Custom" });
    const present = new Map(RolePolicies.filter((policy) => policy.RolePolicyName?.startsWith(CUSTOM_POLICY_PREFIX)).map((policy) => [policy.RolePolicyName!, policy.RolePolicyDocument ?? ""]));
    const wanted = new Map(spec.policyDocuments.map((document, index) => [customPolicyName(index), document]));

    // Removals first, so a version with fewer policies never pushes the configuration over its quota.
    for (const policyName of present.keys()) {
      if (wanted.has(policyName)) continue;
      try {
        track(await gateway.organization("RemovePermissionPolicyFromRoleConfiguration", { ZoneId: zone, RoleConfigurationId: id, RolePolicyType: "Custom", RolePolicyName: policyName }));
      } catch (error) {
        // Gone already (a retried call whose first answer was lost).
        if (!/^ResourceNotFound/.test(tencentCodeOf(error))) throw error;
      }
    }
    for (const [policyName, document] of wanted) {
      const current = present.get(policyName);
      if (current === undefined) {
        // Custom policies are added one per call (CIC takes at most one custom name per request).
        track(
          await gateway.organization("AddPermissionPolicyToRoleConfiguration", {
            ZoneId: zone,
            RoleConfigurationId: id,
            RolePolicyType: "Custom",
            RolePolicyNames: [policyName],
            CustomPolicyDocuments: [document],
          }),
        );
      } else if (!sameDocument(current, document)) {
        track(await gateway.organization("UpdateCustomPolicyForRoleConfiguration", { ZoneId: zone, RoleConfigurationId: id, CustomPolicyName: policyName, NewCustomPolicyDocument: document }));
      }
    }
    return { roleConfigurationId: id, requestIds };
  }

  return { syncRoleConfiguration };
}

export type RoleCatalogCloud = ReturnType<typeof createRoleCatalogCloud>;

/** Tencent may return a document re-serialized; compare the JSON, not the bytes. */
function sameDocument(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}
