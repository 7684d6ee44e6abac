import type { ApprovalStage, DataClassification, Environment } from "@/lib/core/generated/prisma/enums";

/** A required tag key, the values it allows (empty: any) and where it applies (empty: every environment). */
export interface TagRule {
  key: string;
  allowedValues: string[];
  environments: Environment[];
}

/** One rule of the approval policy: requests matching it need its stages (empty lists match everything). */
export interface ApprovalRule {
  environments: Environment[];
  classifications: DataClassification[];
  stages: ApprovalStage[];
}

/** What the form and the server validate against: the guardrails in force. */
export interface RequestGuardrails {
  namingTemplate: string;
  namingVersion: number;
  tagRules: TagRule[];
  tagPolicyVersion: number;
}
