import type { AccountStatus, DataClassification, Environment, OwnerRole } from "@/lib/core/generated/prisma/enums";

/**
 * A whole matrix as plain data: what the demo seed writes to PostgreSQL and what the local Tencent Cloud
 * emulator serves as its organization. One generator produces it, so both always agree.
 * Ids are stable strings, so writing the same matrix twice changes nothing.
 */
export interface MatrixSnapshot {
  organization: MatrixOrganization;
  units: MatrixUnit[];
  teams: MatrixTeam[];
  users: MatrixUser[];
  accounts: MatrixAccount[];
  namingTemplate: string;
  tagRules: MatrixTagRule[];
}

export interface MatrixOrganization {
  id: string;
  tencentOrgId: string;
  managementUin: string;
  name: string;
}

export interface MatrixUnit {
  id: string;
  parentId: string | null;
  name: string;
  tencentNodeId: number;
  /** "/root-id/…/self-id/" */
  path: string;
}

export interface MatrixTeam {
  id: string;
  slug: string;
  name: string;
}

export interface MatrixUser {
  id: string;
  /** OIDC subject the local identity provider issues for this person. */
  subject: string;
  email: string;
  name: string;
  groups: string[];
  teamId: string | null;
  active: boolean;
}

export interface MatrixAccount {
  id: string;
  unitId: string;
  teamId: string | null;
  /** Tencent member UIN (numeric string). */
  memberUin: string;
  name: string;
  environment: Environment;
  status: AccountStatus;
  regions: string[];
  costCenter: string | null;
  dataClassification: DataClassification;
  businessUnit: string | null;
  createdAt: Date;
  lastActivityAt: Date | null;
  owners: { userId: string; role: OwnerRole }[];
  tags: { key: string; value: string }[];
}

export interface MatrixTagRule {
  key: string;
  allowedValues: string[];
  environments: Environment[];
}
