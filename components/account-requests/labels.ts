import type { BadgeTone } from "@/components/ui/badge";
import type { AccountRequestStatus, ProvisioningStepName, ProvisioningStepStatus } from "@/lib/core/generated/prisma/enums";

export const REQUEST_STATUS_TONE: Record<AccountRequestStatus, BadgeTone> = {
  DRAFT: "neutral",
  PENDING: "warning",
  APPROVED: "info",
  PROVISIONING: "info",
  FAILED: "danger",
  COMPLETED: "success",
  REJECTED: "danger",
  CANCELLED: "neutral",
  EXPIRED: "neutral",
};

export const STEP_LABEL: Record<ProvisioningStepName, string> = {
  CREATE_MEMBER: "Create the member account",
  WAIT_UNTIL_READY: "Wait until the account is usable",
  MOVE_TO_UNIT: "Move it to its unit",
  AUTHORIZE_IDENTITIES: "Authorize member-access identities",
  ATTACH_BASELINE_POLICIES: "Attach the baseline policies",
  OWNER_ACCESS: "Give the owners Cloud Identity Center access",
  SECURITY_SWEEP: "Initial security sweep",
  ACTIVATE: "Mark the account active",
};

export const STEP_STATUS_TONE: Record<ProvisioningStepStatus, BadgeTone> = {
  PENDING: "neutral",
  RUNNING: "info",
  SUCCEEDED: "success",
  FAILED: "danger",
};

export const STEP_STATUS_LABEL: Record<ProvisioningStepStatus, string> = {
  PENDING: "Waiting",
  RUNNING: "Running",
  SUCCEEDED: "Done",
  FAILED: "Failed",
};
