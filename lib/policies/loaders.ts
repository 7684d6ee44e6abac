import "server-only";
import { forbidden } from "next/navigation";
import { findGuardrails } from "@/lib/account-requests/data";
import { approvalRulesSchema } from "@/lib/account-requests/schema";
import { requirePageActor } from "@/lib/core/auth-gate";
import { canPublishPolicies, canViewPolicies } from "./ability";
import { HISTORY_LIMIT } from "./constants";
import { findApprovalPolicyVersions, findNamingConventionVersions } from "./data";
import type { ApprovalPolicyVersionView, NamingConventionVersionView } from "./types";
import { diffApprovalPolicies, diffNamingConventions } from "./utils";

/**
 * The policies page: both policies in force, their history newest first with each version's diff against the one
 * before, and whether this person may publish. Authorizes against the database first; deny by default.
 */
export async function loadPolicies() {
  const actor = await requirePageActor();
  if (!canViewPolicies(actor)) forbidden();
  // One more than shown, so the oldest version shown still has its predecessor to diff against.
  const [policyRows, namingRows] = await Promise.all([findApprovalPolicyVersions(HISTORY_LIMIT + 1), findNamingConventionVersions(HISTORY_LIMIT + 1)]);

  const policies = policyRows.map((row) => ({ ...row, rules: approvalRulesSchema.parse(row.rules) }));
  const approvalHistory: ApprovalPolicyVersionView[] = policies.slice(0, HISTORY_LIMIT).map((row, index) => {
    const previous = policies[index + 1];
    return {
      version: row.version,
      rules: row.rules,
      decisionHours: row.decisionHours,
      description: row.description,
      publishedAt: row.createdAt.toISOString(),
      publishedBy: row.createdBy,
      diff: previous ? diffApprovalPolicies(previous, row) : null,
    };
  });
  const namingHistory: NamingConventionVersionView[] = namingRows.slice(0, HISTORY_LIMIT).map((row, index) => {
    const previous = namingRows[index + 1];
    return {
      version: row.version,
      template: row.template,
      description: row.description,
      publishedAt: row.createdAt.toISOString(),
      publishedBy: row.createdBy,
      diff: previous ? diffNamingConventions(previous.template, row.template) : null,
    };
  });

  const currentPolicy = approvalHistory[0];
  // The first approval policy ships in the migration; the naming convention may not exist yet (version 0), and
  // then requests follow the built-in default, which is also where the editor starts.
  if (!currentPolicy) throw new Error("No approval policy: the migration ships version 1");
  const currentNaming = namingHistory[0] ?? { version: 0, template: (await findGuardrails()).namingTemplate };
  return {
    canPublish: canPublishPolicies(actor),
    mfa: actor.mfa,
    approval: { current: { version: currentPolicy.version, rules: currentPolicy.rules, decisionHours: currentPolicy.decisionHours }, history: approvalHistory },
    naming: { current: { version: currentNaming.version, template: currentNaming.template }, history: namingHistory },
  };
}
