import { z } from "zod";
import { idSchema, plainText, SINGLE_LINE } from "@/lib/core/validation";
import { CLASSIFICATION_VALUES, ENVIRONMENT_VALUES, REGION_IDS } from "@/lib/matrix/constants";
import { JUSTIFICATION_MAX, JUSTIFICATION_MIN, MAX_SECONDARY_OWNERS, STAGES } from "./constants";
import type { RequestGuardrails } from "./types";
import { mirroredTags, nameProblems, tagProblems } from "./utils";

/** An id chosen from a list; an empty choice gets a message that says what to choose. */
function chosenId(message: string) {
  return z.string().min(1, message).pipe(idSchema);
}

const tagKey = z.string().regex(/^[A-Za-z0-9_.:/=+@-]{1,127}$/, "A tag key is 1–127 letters, digits or _.:/=+@-.");
const tagValue = plainText(255);

/** Everything the request form sends. Ids are checked against the database by the mutation. */
export const accountRequestFieldsSchema = z.object({
  nameParts: z.record(z.string().regex(/^[a-z][a-z0-9]*$/), z.string().trim().max(25, "At most 25 characters.")),
  unitId: chosenId("Choose a unit."),
  environment: z.enum(ENVIRONMENT_VALUES),
  regions: z
    .array(z.enum(REGION_IDS))
    .min(1, "Choose at least one region.")
    .max(REGION_IDS.length)
    .refine((regions) => new Set(regions).size === regions.length, "Choose each region once."),
  primaryOwnerId: chosenId("Choose a primary owner."),
  secondaryOwnerIds: z
    .array(idSchema)
    .max(MAX_SECONDARY_OWNERS, `At most ${MAX_SECONDARY_OWNERS} secondary owners.`)
    .refine((ids) => new Set(ids).size === ids.length, "Name each secondary owner once."),
  teamId: idSchema.nullable(),
  costCenter: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,40}$/, "A cost center is 2–40 letters, digits or dashes, e.g. CC-1042."),
  dataClassification: z.enum(CLASSIFICATION_VALUES),
  justification: plainText(JUSTIFICATION_MAX).refine(
    (text) => text.length >= JUSTIFICATION_MIN,
    `Explain the business need in at least ${JUSTIFICATION_MIN} characters.`,
  ),
  // Empty (however the browser sends it) means no ticket.
  ticketUrl: z
    .string()
    .trim()
    .max(500, "At most 500 characters.")
    .nullish()
    .transform((url) => url || null)
    .pipe(z.url({ protocol: /^https$/, message: "A ticket link is an https:// URL." }).nullable()),
  tags: z.record(tagKey, tagValue),
});

export type AccountRequestFields = z.input<typeof accountRequestFieldsSchema>;
export type AccountRequestValues = z.output<typeof accountRequestFieldsSchema>;

/**
 * The form's schema under the guardrails in force: field rules plus the naming convention, Tencent's name rules,
 * owners that differ, and the tag policy (tags that mirror a field must agree with it; `emailOf` gives the primary
 * owner's email for the owner tag). The browser validates with it while typing (zodResolver) and the server
 * validates the same schema again; only uniqueness and the existence of ids need the database.
 */
export function accountRequestSchema(guardrails: RequestGuardrails, emailOf: (userId: string) => string | undefined = () => undefined) {
  return accountRequestFieldsSchema.superRefine((values, ctx) => {
    const problems = nameProblems(guardrails.namingTemplate, { parts: values.nameParts, environment: values.environment, regions: values.regions });
    for (const [field, message] of Object.entries(problems)) ctx.addIssue({ code: "custom", path: field.split("."), message });
    const mirrored = mirroredTags({ ...values, primaryOwnerEmail: emailOf(values.primaryOwnerId) });
    for (const [key, message] of Object.entries(tagProblems(guardrails.tagRules, values.environment, values.tags, mirrored))) {
      ctx.addIssue({ code: "custom", path: ["tags", key], message });
    }
    if (values.secondaryOwnerIds.includes(values.primaryOwnerId)) {
      ctx.addIssue({ code: "custom", path: ["secondaryOwnerIds"], message: "The primary owner cannot also be a secondary owner." });
    }
  });
}

/** A draft needs only a unit and an environment; everything else may still be empty. */
export const draftSchema = accountRequestFieldsSchema.partial().extend({
  unitId: chosenId("Choose a unit before saving a draft."),
  environment: z.enum(ENVIRONMENT_VALUES),
  regions: z.array(z.enum(REGION_IDS)).max(REGION_IDS.length).default([]),
  justification: plainText(JUSTIFICATION_MAX).default(""),
  costCenter: z.string().trim().max(40).default(""),
  primaryOwnerId: idSchema.or(z.literal("")).default(""),
});

/** The live name check's query: the generated name, and the draft being edited (its own name does not count). */
export const nameCheckQuery = z.object({
  // PostgreSQL refuses a NUL byte in text (a 500 before this check, found by the resilience suite's fuzzing).
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(SINGLE_LINE, "An account name has no control characters."),
  except: idSchema.optional(),
});

export const saveDraftInput = draftSchema.extend({ requestId: idSchema.optional() });
/** Submitting: the fields (validated against the guardrails by the mutation) and, when resuming, the draft. */
export const submitInput = accountRequestFieldsSchema.extend({ requestId: idSchema.optional() });

export const approveInput = z.object({
  requestId: idSchema,
  /** The version the approver saw; a request that changed since is refused (compare-and-set). */
  version: z.number().int().min(0),
  stage: z.enum(STAGES as ["PLATFORM", "SECURITY"]).optional(),
  comment: plainText(1_000).optional(),
});

export const rejectInput = z.object({
  requestId: idSchema,
  version: z.number().int().min(0),
  stage: z.enum(STAGES as ["PLATFORM", "SECURITY"]).optional(),
  reason: plainText(1_000).refine((text) => text.length >= 10, "Give the requester a reason of at least 10 characters."),
});

/** Retry a failed provisioning, optionally under a new name (its free parts) when Tencent refused the old one. */
export const retryInput = z.object({
  requestId: idSchema,
  nameParts: accountRequestFieldsSchema.shape.nameParts.optional(),
});

export const cancelInput = z.object({ requestId: idSchema, reason: plainText(500).optional() });

export const approvalRuleSchema = z.object({
  environments: z.array(z.enum(ENVIRONMENT_VALUES)),
  classifications: z.array(z.enum(CLASSIFICATION_VALUES)),
  stages: z.array(z.enum(STAGES as ["PLATFORM", "SECURITY"])).min(1, "A rule requires at least one stage."),
});

/** The approval policy's rules as stored (ApprovalPolicy.rules). */
export const approvalRulesSchema = z.array(approvalRuleSchema).min(1, "A policy has at least one rule.");
