import type { ProvisioningStepName } from "@/lib/core/generated/prisma/enums";
import type { POLICY_TYPES } from "./constants";

export type PolicyType = (typeof POLICY_TYPES)[number];

export interface BaselinePolicyRef {
  type: PolicyType;
  name: string;
}

/** What provisioning creates and grants, from the environment (schema.ts). */
export interface ProvisioningConfig {
  /** CreateOrganizationMember PermissionIds (Financial policy): what the management account may do with the member's bills. */
  financePermissionIds: number[];
  /** Organization identities the management account may use to enter the member (CreateOrganizationMemberAuthIdentity). */
  memberIdentityIds: number[];
  /** Policies every new member must be under, directly or inherited from its unit or the root. */
  baselinePolicies: BaselinePolicyRef[];
  /** The CIC role configuration that gives owners access to their account. */
  ownerRole: { name: string; sessionDurationSeconds: number; systemPolicies: string[] };
  /** Provisioning jobs run at once per worker. */
  concurrency: number;
  /** How long WAIT_UNTIL_READY waits for the member's access role, and OWNER_ACCESS for its CIC tasks. */
  readinessTimeoutSeconds: number;
  /** First poll interval of those waits (doubling up to 5 s). */
  pollIntervalMs: number;
}

export type StepName = ProvisioningStepName;

/** What one step did: stored in the step row's detail, with the RequestIds of its calls. */
export interface StepOutcome {
  detail: Record<string, unknown>;
  tencentRequestIds: string[];
  /**
   * False when the step changed nothing in Tencent and found nothing a person must see (a wait, a clean sweep, a
   * stored UIN reused): its row records it, but no audit event is written. Default true.
   */
  audit?: boolean;
}

/** A request as the runner needs it: the fields that drive the cloud calls. */
export interface ProvisioningRequest {
  id: string;
  number: number;
  status: string;
  version: number;
  name: string;
  unitId: string;
  organizationId: string;
  /** The unit's Tencent NodeId, and those of its ancestors (nearest first, root last). */
  nodeId: number | null;
  pathNodeIds: number[];
  environment: string;
  regions: string[];
  teamId: string | null;
  costCenter: string;
  dataClassification: string;
  tags: Record<string, string>;
  creationRecordId: number | null;
  memberUin: string | null;
  owners: { userId: string; role: "PRIMARY" | "SECONDARY"; email: string; name: string }[];
}

export interface SweepFinding {
  kind: "policy-missing" | "policy-unexpected" | "unit-mismatch" | "tag-missing" | "tag-mismatch" | "identity-missing" | "owner-missing" | "owner-unexpected";
  subject: string;
  expected?: string;
  actual?: string;
}
