import type { BadgeTone } from "@/components/ui/badge";
import type { CatalogRoleStatus, CicProvisioningStatus } from "@/lib/core/generated/prisma/enums";

export const STATUS_LABEL: Record<CatalogRoleStatus, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  RETIRED: { label: "Retired", tone: "neutral" },
};

export const CIC_LABEL: Record<CicProvisioningStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: "CIC: pending", tone: "info" },
  PROVISIONED: { label: "CIC: provisioned", tone: "success" },
  FAILED: { label: "CIC: failed", tone: "danger" },
};
