import type { CatalogReviewer } from "@/lib/core/generated/prisma/enums";
import type { Role } from "@/lib/core/roles";
import type { RoleContent } from "./types";

/** Who may open the catalog and read every version; platform admins also edit (with MFA). */
export const CATALOG_VIEW_ROLES: Role[] = ["platform-admin", "security", "auditor"];

/** Cloud Identity Center's session duration range (CreateRoleConfiguration.SessionDuration), in seconds. */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43_200;
/** Durations are whole minutes: nobody means 3,601 seconds. */
export const DURATION_STEP_SECONDS = 60;
/** The choices the editor offers: every quarter hour from 15 minutes to 12 hours. */
export const DURATION_CHOICES_SECONDS = Array.from({ length: 48 }, (_, index) => (index + 1) * 15 * 60);

/** A CIC custom policy holds at most 4,096 characters; a role configuration at most 20 policies. */
export const POLICY_DOCUMENT_MAX_CHARS = 4096;
export const MAX_POLICY_DOCUMENTS = 5;
export const MAX_STATEMENTS = 20;
export const MAX_ENTRIES_PER_FIELD = 50;

export const SLUG_MAX = 40;
export const NAME_MAX = 80;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 500;
export const CHANGE_NOTE_MIN = 5;
export const CHANGE_NOTE_MAX = 500;
export const MAX_APPROVALS = 3;

/** Versions shown in a role's history, newest first. */
export const HISTORY_LIMIT = 50;

export const REVIEWERS = ["ACCOUNT_OWNER", "APPROVER", "SECURITY"] as const satisfies readonly CatalogReviewer[];
export const REVIEWER_LABEL: Record<CatalogReviewer, string> = {
  ACCOUNT_OWNER: "Account owners",
  APPROVER: "Approver group",
  SECURITY: "Security reviewers",
};

/** The CIC role configuration of a catalog role: letters, digits and hyphens, at most 128 characters. */
export const ROLE_CONFIGURATION_PREFIX = "lattice-";
/** Names of the role's custom policies in its role configuration (CIC allows 32 characters). */
export const CUSTOM_POLICY_PREFIX = "lattice-policy-";

export const PROVISION_ROLE_JOB = "role-catalog.provision" as const;

/** CAM condition operators (tencent-api.md §2.7); `_if_exist` and the for_all_value:/for_any_value: qualifiers apply. */
export const CONDITION_OPERATORS = [
  "string_equal",
  "string_not_equal",
  "string_equal_ignore_case",
  "string_not_equal_ignore_case",
  "numeric_equal",
  "numeric_not_equal",
  "numeric_less_than",
  "numeric_less_than_equal",
  "numeric_greater_than",
  "numeric_greater_than_equal",
  "date_equal",
  "date_not_equal",
  "date_less_than",
  "date_less_than_equal",
  "date_greater_than",
  "date_greater_than_equal",
  "bool_equal",
  "binary_equal",
  "ip_equal",
  "ip_not_equal",
  "null_equal",
] as const;

/** The demo's starter catalog (prisma/seed.ts), so the access journey works on a fresh demo. */
export const DEMO_CATALOG_ROLES = [
  {
    slug: "read-only",
    content: {
      name: "Read-only investigator",
      description: "Reads configuration, metrics and logs of an account to investigate an incident; changes nothing.",
      policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*","cdb:Describe*","monitor:Get*","monitor:Describe*","cls:Search*"],"resource":["*"]}]}'],
      environments: ["DEV", "STAGING", "PROD"],
      maxDurationSeconds: 4 * 3600,
      approvalsRequired: 1,
      reviewers: ["ACCOUNT_OWNER", "APPROVER", "SECURITY"],
      securityForProd: true,
      breakGlassAllowed: false,
    },
  },
  {
    slug: "prod-operator",
    content: {
      name: "Production operator",
      description: "Restarts and scales production workloads during an incident; cannot touch IAM or billing.",
      policyDocuments: [
        '{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*","cvm:RebootInstances","cvm:StartInstances","as:ModifyAutoScalingGroup"],"resource":["*"]},{"effect":"deny","action":["cam:*","billing:*"],"resource":["*"]}]}',
      ],
      environments: ["PROD"],
      maxDurationSeconds: 2 * 3600,
      approvalsRequired: 2,
      reviewers: ["APPROVER", "SECURITY"],
      securityForProd: true,
      breakGlassAllowed: true,
    },
  },
  {
    slug: "sandbox-admin",
    content: {
      name: "Sandbox administrator",
      description: "Full control of sandbox and development accounts for experiments, approved by an owner or an approver.",
      policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["*"],"resource":["*"]},{"effect":"deny","action":["billing:*"],"resource":["*"]}]}'],
      environments: ["SANDBOX", "DEV"],
      maxDurationSeconds: 8 * 3600,
      approvalsRequired: 1,
      reviewers: ["ACCOUNT_OWNER", "APPROVER"],
      securityForProd: false,
      breakGlassAllowed: false,
    },
  },
] as const satisfies readonly { slug: string; content: RoleContent }[];
