import type { AccountRequestStatus, AccountStatus, ApprovalStage, DataClassification, Environment, OwnerRole } from "@/lib/core/generated/prisma/enums";
import type { AccountListQuery } from "./schema";

export interface AccountRow {
  id: string;
  name: string;
  memberUin: string | null;
  environment: Environment;
  status: AccountStatus;
  regions: string[];
  unitName: string;
  /** Primary owner first. */
  owners: { id: string; name: string; active: boolean; primary: boolean }[];
  createdAt: string;
  lastActivityAt: string | null;
}

export interface AccountsPage {
  rows: AccountRow[];
  total: number;
  query: AccountListQuery;
  pageCount: number;
}

export interface UnitOption {
  id: string;
  name: string;
  depth: number;
}

export interface OwnerOption {
  id: string;
  name: string;
}

export interface AccountFilterOptions {
  units: UnitOption[];
  owners: OwnerOption[];
}

export interface AccountDetail {
  id: string;
  name: string;
  description: string | null;
  memberUin: string | null;
  environment: Environment;
  status: AccountStatus;
  regions: string[];
  costCenter: string | null;
  dataClassification: DataClassification;
  businessUnit: string | null;
  team: { id: string; name: string } | null;
  createdAt: string;
  lastActivityAt: string | null;
  /** When an owner last re-confirmed ownership, and who. */
  ownershipConfirmedAt: string | null;
  ownershipConfirmedBy: string | null;
  inventorySyncedAt: string | null;
  /** The account request the account was provisioned from, with what its visibility rule needs. */
  request: {
    id: string;
    number: number;
    status: AccountRequestStatus;
    requesterId: string;
    requiredStages: ApprovalStage[];
    approvals: { stage: ApprovalStage; approverId: string }[];
    ownerIds: string[];
  } | null;
  /** Units from the root down to the account's own unit. */
  unitPath: { id: string; name: string }[];
  owners: { userId: string; name: string; email: string; role: OwnerRole; active: boolean }[];
  tags: { key: string; value: string }[];
}

/** Live resources of an account, by service and by region (largest first). */
export interface AccountResourceCounts {
  total: number;
  /** Live resources with no violation of the tag policy in force. */
  compliant: number;
  byService: { key: string; count: number; compliant: number }[];
  byRegion: { key: string; count: number; compliant: number }[];
}
