import type { BadgeTone } from "@/components/ui/badge";
import type { AccountStatus, DataClassification, Environment } from "@/lib/core/generated/prisma/enums";
import { CLASSIFICATIONS, ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";

export const ENVIRONMENT_LABEL = Object.fromEntries(ENVIRONMENTS.map((env) => [env.value, env.label])) as Record<Environment, string>;

export const ENVIRONMENT_TONE: Record<Environment, BadgeTone> = {
  PROD: "danger",
  STAGING: "warning",
  DEV: "info",
  SANDBOX: "neutral",
  SHARED: "success",
};

export const STATUS_LABEL: Record<AccountStatus, string> = {
  PROVISIONING: "Provisioning",
  ACTIVE: "Active",
  UNMANAGED: "Unmanaged",
  SUSPENDED: "Suspended",
  CLOSED: "Closed",
};

export const STATUS_TONE: Record<AccountStatus, BadgeTone> = {
  PROVISIONING: "info",
  ACTIVE: "success",
  UNMANAGED: "warning",
  SUSPENDED: "danger",
  CLOSED: "neutral",
};

export const CLASSIFICATION_LABEL = Object.fromEntries(CLASSIFICATIONS.map((entry) => [entry.value, entry.label])) as Record<DataClassification, string>;

const REGION_NAME = new Map<string, string>(REGIONS.map((region) => [region.id, region.name]));
export function regionLabel(regionId: string): string {
  return REGION_NAME.get(regionId) ?? regionId;
}

const DATE_FORMAT = new Intl.DateTimeFormat("en-US", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export function formatDate(iso: string | null): string {
  return iso ? DATE_FORMAT.format(new Date(iso)) : "—";
}

/** Filter options for the account attributes every filter form offers (values as the URLs spell them). */
export const ENVIRONMENT_FILTER_OPTIONS = ENVIRONMENTS.map((environment) => ({ value: environment.slug, label: environment.label }));
export const REGION_FILTER_OPTIONS = REGIONS.map((region) => ({ value: region.id, label: `${region.name} (${region.id})` }));
export const STATUS_FILTER_OPTIONS = (Object.keys(STATUS_LABEL) as AccountStatus[]).map((status) => ({ value: status.toLowerCase(), label: STATUS_LABEL[status] }));

/** Units as a tree of options. */
export function unitFilterOptions(units: readonly { id: string; name: string; depth: number }[]) {
  return units.map((unit) => ({ value: unit.id, label: unit.name, depth: unit.depth }));
}
