import type { AccountRequestStatus, ApprovalStage } from "@/lib/core/generated/prisma/enums";
import type { Role } from "@/lib/core/roles";

/** Who may give each approval stage. A platform admin is not a platform approver unless their groups say so. */
export const STAGE_ROLE: Record<ApprovalStage, Role> = { PLATFORM: "approver", SECURITY: "security" };

export const STAGES: ApprovalStage[] = ["PLATFORM", "SECURITY"];

export const STAGE_LABEL: Record<ApprovalStage, string> = { PLATFORM: "Platform approver", SECURITY: "Security reviewer" };

export const STATUS_LABEL: Record<AccountRequestStatus, string> = {
  DRAFT: "Draft",
  PENDING: "Waiting for approval",
  APPROVED: "Approved",
  PROVISIONING: "Provisioning",
  FAILED: "Provisioning failed",
  COMPLETED: "Active",
  REJECTED: "Rejected",
  CANCELLED: "Cancelled",
  EXPIRED: "Expired",
};

/** Statuses that reserve the account name (a partial unique index in the database enforces it too). */
export const LIVE_STATUSES: AccountRequestStatus[] = ["PENDING", "APPROVED", "PROVISIONING", "FAILED"];

/** The moves a request can make; anything else is refused. */
export const TRANSITIONS: Record<AccountRequestStatus, AccountRequestStatus[]> = {
  DRAFT: ["PENDING", "CANCELLED"],
  PENDING: ["PENDING", "APPROVED", "REJECTED", "CANCELLED", "EXPIRED"],
  APPROVED: ["PROVISIONING", "CANCELLED"],
  PROVISIONING: ["COMPLETED", "FAILED"],
  FAILED: ["APPROVED"],
  COMPLETED: [],
  REJECTED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** Statuses the requester may cancel from: before provisioning starts. */
export const CANCELLABLE_STATUSES: AccountRequestStatus[] = ["DRAFT", "PENDING", "APPROVED"];

/** Placeholders the form fills itself: {env} from the environment, {region} from the first region. */
export const DERIVED_PLACEHOLDERS = ["env", "region"] as const;

/** Tencent's own rule for member names: at most 25 letters, digits and +@&._[]-:, characters. */
export const TENCENT_NAME_MAX = 25;
export const TENCENT_NAME_PATTERN = /^[A-Za-z0-9+@&._[\]\-:,]+$/;

export const JUSTIFICATION_MIN = 30;
export const JUSTIFICATION_MAX = 2_000;
export const MAX_SECONDARY_OWNERS = 10;
/** How long an undecided request may wait by default (the approval policy sets it per version). */
export const DEFAULT_DECISION_HOURS = 72;
