import type { CatalogReviewer, CatalogRoleStatus, CicProvisioningStatus, Environment } from "@/lib/core/generated/prisma/enums";

export interface CamStatement {
  effect: "allow" | "deny";
  action: string | string[];
  resource: string | string[];
  condition?: Record<string, Record<string, string | number | boolean | (string | number | boolean)[]>>;
}

export interface CamPolicyDocument {
  version: "2.0";
  statement: CamStatement[];
}

/** What a version says: the fields a rollback copies and a diff compares. */
export interface RoleContent {
  name: string;
  description: string;
  /** Compact JSON text of each CAM policy document. */
  policyDocuments: string[];
  environments: Environment[];
  maxDurationSeconds: number;
  approvalsRequired: number;
  reviewers: CatalogReviewer[];
  securityForProd: boolean;
  breakGlassAllowed: boolean;
}

/** One line of a policy document diff (pretty-printed JSON). */
export interface DiffLine {
  kind: "same" | "added" | "removed";
  text: string;
}

export type FieldChange = { field: Exclude<keyof RoleContent, "policyDocuments">; before: string; after: string };

export interface RoleVersionDiff {
  fields: FieldChange[];
  /** Per policy document (by position) whose text changed; lines around changes only. */
  policies: { index: number; lines: DiffLine[] }[];
}

export interface CicState {
  status: CicProvisioningStatus;
  roleConfigurationId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  updatedAt: string | null;
}

export interface PublishedBy {
  name: string;
  email: string;
}

export interface RoleVersionView {
  version: number;
  content: RoleContent;
  changeNote: string;
  restoredFrom: number | null;
  publishedAt: string;
  publishedBy: PublishedBy | null;
  cic: CicState;
  /** Against the previous version; null for version 1. */
  diff: RoleVersionDiff | null;
}

export interface RoleSummary {
  id: string;
  slug: string;
  status: CatalogRoleStatus;
  currentVersion: number;
  name: string;
  environments: Environment[];
  maxDurationSeconds: number;
  breakGlassAllowed: boolean;
  cic: CicState;
  updatedAt: string;
}

/** The outcome of one provisioning run, recorded on the version it ran for. */
export type CicOutcome =
  | { status: "PROVISIONED"; roleConfigurationId: string; requestIds: string[] }
  | { status: "FAILED"; code: string; message: string; requestId: string | null };
