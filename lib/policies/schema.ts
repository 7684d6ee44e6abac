import { z } from "zod";
import { approvalRulesSchema } from "@/lib/account-requests/schema";
import { plainText } from "@/lib/core/validation";
import {
  CHANGE_DESCRIPTION_MAX,
  CHANGE_DESCRIPTION_MIN,
  DECISION_HOURS_MAX,
  DECISION_HOURS_MIN,
  MAX_RULES,
  TEMPLATE_MAX,
} from "./constants";
import { coverageProblem, templateProblems } from "./utils";

/** Why this version was published: shown in the history next to who published it. Plain text only. */
const changeDescription = plainText(CHANGE_DESCRIPTION_MAX).refine(
  (text) => text.length >= CHANGE_DESCRIPTION_MIN,
  `Describe the change in at least ${CHANGE_DESCRIPTION_MIN} characters.`,
);

/** The version the editor was opened on; publishing on top of anything newer is a conflict. */
const baseVersion = z.number().int().min(0).max(1_000_000);

/**
 * A new approval policy version, as the editor sends it. The form validates with it while typing (zodResolver),
 * the action parses it again, and the mutation once more before writing. Besides the shape, one rule is enforced:
 * every environment × classification needs at least one stage, so no request can go through without approval.
 */
export const approvalPolicyInput = z
  .object({
    baseVersion,
    rules: approvalRulesSchema.max(MAX_RULES, `At most ${MAX_RULES} rules.`),
    decisionHours: z
      .number({ error: "Enter the decision time in whole hours." })
      .int("Enter the decision time in whole hours.")
      .min(DECISION_HOURS_MIN, `At least ${DECISION_HOURS_MIN} hour.`)
      .max(DECISION_HOURS_MAX, `At most ${DECISION_HOURS_MAX} hours (30 days).`),
    description: changeDescription,
  })
  .superRefine(({ rules }, ctx) => {
    rules.forEach((rule, index) => {
      for (const field of ["environments", "classifications", "stages"] as const) {
        if (new Set(rule[field]).size !== rule[field].length) ctx.addIssue({ code: "custom", path: ["rules", index, field], message: "Name each value once." });
      }
    });
    const problem = coverageProblem(rules);
    if (problem) ctx.addIssue({ code: "custom", path: ["rules"], message: problem });
  });

export type ApprovalPolicyFields = z.input<typeof approvalPolicyInput>;
export type ApprovalPolicyValues = z.output<typeof approvalPolicyInput>;

/** A new naming convention version: a valid template (see templateProblems) and why it changes. */
export const namingConventionInput = z.object({
  baseVersion,
  template: z
    .string()
    .trim()
    .min(1, "Enter a template, e.g. {product}-{env}-{region}-{descriptor}.")
    .max(TEMPLATE_MAX, `At most ${TEMPLATE_MAX} characters.`)
    .superRefine((template, ctx) => {
      for (const message of templateProblems(template)) ctx.addIssue({ code: "custom", message });
    }),
  description: changeDescription,
});

export type NamingConventionFields = z.input<typeof namingConventionInput>;
export type NamingConventionValues = z.output<typeof namingConventionInput>;
