import { z } from "zod";
import { idSchema, plainText } from "@/lib/core/validation";
import { DURATION_STEP_SECONDS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS } from "@/lib/role-catalog/constants";
import {
  BREAK_GLASS_REASON_MIN,
  COMMENT_MAX,
  DENY_REASON_MIN,
  JUSTIFICATION_MAX,
  JUSTIFICATION_MIN,
  MAX_ACCOUNTS_PER_REQUEST,
  MAX_SCHEDULE_DAYS,
  REVIEW_FINDINGS_MIN,
  START_TOLERANCE_SECONDS,
} from "./constants";
import { formatDuration } from "@/lib/role-catalog/utils";

/** The role version facts the form checks a request against (the server checks them again, from the database). */
export interface RoleLimits {
  maxDurationSeconds: number;
  breakGlassAllowed: boolean;
}

const ticketUrl = z
  .string()
  .trim()
  .max(500, "At most 500 characters.")
  .nullish()
  .transform((url) => url || null)
  .pipe(z.url({ protocol: /^https$/, message: "A ticket link is an https:// URL." }).nullable());

/** Everything the request form sends. Role and account ids are checked against the database by the mutation. */
export const accessRequestFieldsSchema = z.object({
  roleId: z.string().min(1, "Choose a role.").pipe(idSchema),
  accountIds: z
    .array(idSchema)
    .min(1, "Choose at least one account.")
    .max(MAX_ACCOUNTS_PER_REQUEST, `At most ${MAX_ACCOUNTS_PER_REQUEST} accounts in one request.`)
    .refine((ids) => new Set(ids).size === ids.length, "Choose each account once."),
  durationSeconds: z.coerce
    .number<string | number>()
    .int("Choose a duration.")
    .min(MIN_DURATION_SECONDS, `At least ${formatDuration(MIN_DURATION_SECONDS)}.`)
    .max(MAX_DURATION_SECONDS, `At most ${formatDuration(MAX_DURATION_SECONDS)}.`)
    .refine((seconds) => seconds % DURATION_STEP_SECONDS === 0, "Whole minutes only."),
  /** ISO 8601 with offset; empty or absent means "as soon as it is approved". */
  startAt: z
    .string()
    .trim()
    .nullish()
    .transform((text) => text || null)
    .pipe(z.iso.datetime({ offset: true, message: "Give the start as a date and time." }).nullable()),
  justification: plainText(JUSTIFICATION_MAX),
  ticketUrl,
  breakGlass: z.boolean().default(false),
});

export type AccessRequestFields = z.input<typeof accessRequestFieldsSchema>;
export type AccessRequestValues = z.output<typeof accessRequestFieldsSchema>;

/**
 * The form's schema for one role (null while none is chosen) at a moment: the duration within the role's maximum,
 * a start in the future and at most 30 days ahead, break-glass only where the role allows it (and then no
 * scheduled start, and a reason long enough to review). Browser and server run the same rules.
 */
export function accessRequestSchema(role: RoleLimits | null, now: Date = new Date()) {
  return accessRequestFieldsSchema.superRefine((values, context) => {
    const issue = (path: keyof AccessRequestValues, message: string) => context.addIssue({ code: "custom", path: [path], message });
    if (role && values.durationSeconds > role.maxDurationSeconds) {
      issue("durationSeconds", `This role allows at most ${formatDuration(role.maxDurationSeconds)}.`);
    }
    if (values.startAt) {
      const start = Date.parse(values.startAt);
      if (start < now.getTime() - START_TOLERANCE_SECONDS * 1000) issue("startAt", "The start time is in the past.");
      else if (start > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) issue("startAt", `Schedule at most ${MAX_SCHEDULE_DAYS} days ahead.`);
    }
    if (values.breakGlass) {
      if (role && !role.breakGlassAllowed) issue("breakGlass", "This role does not allow break-glass access.");
      if (values.startAt) issue("startAt", "Break-glass access starts now; remove the start time.");
      if (values.justification.length < BREAK_GLASS_REASON_MIN) {
        issue("justification", `Describe the emergency in at least ${BREAK_GLASS_REASON_MIN} characters.`);
      }
    } else if (values.justification.length < JUSTIFICATION_MIN) {
      issue("justification", `Explain why you need access in at least ${JUSTIFICATION_MIN} characters.`);
    }
  });
}

const requestId = z.object({ requestId: idSchema });
const grantId = z.object({ grantId: idSchema });

/** A decision names the version of the request the reviewer saw: a request that changed meanwhile is a CONFLICT. */
const decision = requestId.extend({ version: z.coerce.number<string | number>().int().min(0) });

export const approveAccessInput = decision.extend({ comment: plainText(COMMENT_MAX).optional() });
export const denyAccessInput = decision.extend({
  reason: plainText(COMMENT_MAX).refine((text) => text.length >= DENY_REASON_MIN, `Give a reason of at least ${DENY_REASON_MIN} characters.`),
});
export const cancelAccessInput = requestId;
export const revokeGrantInput = grantId.extend({ reason: plainText(COMMENT_MAX).optional() });
export const issueCredentialsInput = grantId;
export const closeReviewInput = requestId.extend({
  findings: plainText(COMMENT_MAX * 2).refine((text) => text.length >= REVIEW_FINDINGS_MIN, `Write the findings in at least ${REVIEW_FINDINGS_MIN} characters.`),
});
