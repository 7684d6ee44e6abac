import type { ApprovalStage, DataClassification, Environment } from "@/lib/core/generated/prisma/enums";
import type { ApprovalRule } from "@/lib/account-requests/types";

/** Which requests a rule applies to; empty lists mean "any". */
export interface RuleScope {
  environments: Environment[];
  classifications: DataClassification[];
}

/** One rule that differs between two versions of the approval policy, matched by its scope. */
export type RuleChange =
  | { kind: "added"; scope: RuleScope; after: ApprovalStage[] }
  | { kind: "removed"; scope: RuleScope; before: ApprovalStage[] }
  | { kind: "changed"; scope: RuleScope; before: ApprovalStage[]; after: ApprovalStage[] };

/** An environment × classification whose required stages differ between two versions. */
export interface EffectChange {
  environment: Environment;
  classification: DataClassification;
  before: ApprovalStage[];
  after: ApprovalStage[];
}

export interface ApprovalPolicyDiff {
  rules: RuleChange[];
  decisionHours: { before: number; after: number } | null;
  /** What the rule changes mean for requests: each combination whose required stages changed. */
  effects: EffectChange[];
}

export interface NamingConventionDiff {
  before: string;
  after: string;
  addedPlaceholders: string[];
  removedPlaceholders: string[];
}

export interface PublishedBy {
  name: string;
  email: string;
}

interface VersionMeta {
  version: number;
  description: string | null;
  /** ISO time of publication. */
  publishedAt: string;
  /** Null for versions shipped with Lattice (the migration or the initial import). */
  publishedBy: PublishedBy | null;
}

export interface ApprovalPolicyVersionView extends VersionMeta {
  rules: ApprovalRule[];
  decisionHours: number;
  /** Against the previous version; null for the first one. */
  diff: ApprovalPolicyDiff | null;
}

export interface NamingConventionVersionView extends VersionMeta {
  template: string;
  diff: NamingConventionDiff | null;
}
