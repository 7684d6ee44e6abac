import type { AccessGrantStatus, AccessRequestStatus } from "@/lib/core/generated/prisma/enums";
import type { Role } from "@/lib/core/roles";

export const STATUS_LABEL: Record<AccessRequestStatus, string> = {
  PENDING: "Waiting for review",
  APPROVED: "Approved",
  REJECTED: "Denied",
  EXPIRED: "Expired unreviewed",
  CANCELLED: "Cancelled",
};

export const GRANT_STATUS_LABEL: Record<AccessGrantStatus, string> = {
  REQUESTED: "Requested",
  SCHEDULED: "Scheduled",
  ACTIVATING: "Activating",
  ACTIVE: "Active",
  REMOVING: "Removing",
  REMOVAL_FAILED: "Removal failing",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
  FAILED: "Activation failed",
  NOT_GRANTED: "Not granted",
};

/** Grants that give (or are about to give) access: what overlap checks, revocation and reconciliation look at. */
export const LIVE_GRANT_STATUSES: AccessGrantStatus[] = ["SCHEDULED", "ACTIVATING", "ACTIVE", "REMOVING", "REMOVAL_FAILED"];
/** Grants a person may revoke: access not yet being removed. */
export const REVOCABLE_GRANT_STATUSES: AccessGrantStatus[] = ["SCHEDULED", "ACTIVATING", "ACTIVE"];

/** Roles that see every access request (to review or audit them). */
export const OVERSIGHT_ROLES: Role[] = ["approver", "security", "platform-admin", "auditor"];

/** At most this many accounts in one request (one decision covers all of them). */
export const MAX_ACCOUNTS_PER_REQUEST = 20;
export const JUSTIFICATION_MIN = 20;
export const JUSTIFICATION_MAX = 1_000;
/** A break-glass reason must say what is on fire. */
export const BREAK_GLASS_REASON_MIN = 30;
export const DENY_REASON_MIN = 10;
export const REVIEW_FINDINGS_MIN = 20;
export const COMMENT_MAX = 1_000;
/** How far ahead access may be scheduled. */
export const MAX_SCHEDULE_DAYS = 30;
/** A start time this close to now (or slightly past, clocks differ) means "now". */
export const START_TOLERANCE_SECONDS = 60;
/** Unreviewed requests expire after this long by default (ACCESS_REVIEW_HOURS overrides it). */
export const DEFAULT_REVIEW_HOURS = 24;
/** The requester hears this long before access ends. */
export const EXPIRY_WARNING_SECONDS = 15 * 60;
/** STS refuses sessions shorter than 15 minutes: with less left, no CLI credentials are issued. */
export const MIN_CREDENTIAL_SECONDS = 900;
export const MAX_CREDENTIAL_SECONDS = 43_200;
