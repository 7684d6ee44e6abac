import type { BadgeTone } from "@/components/ui/badge";
import type { AccessGrantStatus, AccessRequestStatus } from "@/lib/core/generated/prisma/enums";

export const ACCESS_STATUS_TONE: Record<AccessRequestStatus, BadgeTone> = {
  PENDING: "warning",
  APPROVED: "success",
  REJECTED: "danger",
  EXPIRED: "neutral",
  CANCELLED: "neutral",
};

export const GRANT_STATUS_TONE: Record<AccessGrantStatus, BadgeTone> = {
  REQUESTED: "neutral",
  SCHEDULED: "info",
  ACTIVATING: "info",
  ACTIVE: "success",
  REMOVING: "info",
  REMOVAL_FAILED: "danger",
  EXPIRED: "neutral",
  REVOKED: "neutral",
  FAILED: "danger",
  NOT_GRANTED: "neutral",
};
