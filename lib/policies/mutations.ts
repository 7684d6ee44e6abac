import "server-only";
import type { z } from "zod";
import { approvalRulesSchema } from "@/lib/account-requests/schema";
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { Actor } from "@/lib/core/roles";
import { fieldErrorsOf } from "@/lib/core/validation";
import { approvalPolicyInput, namingConventionInput, type ApprovalPolicyFields, type NamingConventionFields } from "./schema";
import { diffNamingConventions, isSameApprovalPolicy, normalizeRule } from "./utils";

/** Parses with the shared schema; a failure is a VALIDATION error whose messages are keyed by the form's field path. */
function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsOf(parsed.error);
  const first = parsed.error.issues[0]?.message;
  throw new AppError("VALIDATION", first ? `Not published: ${first}` : undefined, { fieldErrors });
}

function staleVersion(current: number | null): AppError {
  return new AppError(
    "CONFLICT",
    current === null
      ? "Someone published a new version while you were editing. Reload the page to see it, then make your change again."
      : `Someone published version ${current} while you were editing. Reload the page to see it, then make your change again.`,
  );
}

/**
 * Publishes the next approval policy version. Compare-and-set on the version the editor was based on: it must still
 * be the newest, and the unique version number turns a concurrent publish into a conflict too. The new version and
 * its audit event (before/after rules) are written in one transaction; nothing is written on any refusal.
 */
export async function publishApprovalPolicy(actor: Actor, input: ApprovalPolicyFields, stamp: AuditStamp): Promise<{ version: number }> {
  const values = parseOrThrow(approvalPolicyInput, input);
  const rules = values.rules.map(normalizeRule);
  // Plain arrays of enum strings: JSON as they are (an interface lacks the index signature Prisma's type asks for).
  const rulesJson = rules as unknown as Prisma.InputJsonValue;
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.approvalPolicy.findFirst({ orderBy: { version: "desc" }, select: { version: true, rules: true, decisionHours: true } });
      if ((current?.version ?? 0) !== values.baseVersion) throw staleVersion(current?.version ?? null);
      const before = current ? { version: current.version, rules: approvalRulesSchema.parse(current.rules), decisionHours: current.decisionHours } : null;
      if (before && isSameApprovalPolicy(before, { rules, decisionHours: values.decisionHours })) {
        throw new AppError("VALIDATION", "Not published: this is the policy already in force. Change a rule or the decision time first.");
      }
      const created = await tx.approvalPolicy.create({
        data: { version: values.baseVersion + 1, rules: rulesJson, decisionHours: values.decisionHours, description: values.description, createdById: actor.userId },
        select: { id: true, version: true },
      });
      await appendAuditEvent(tx, stamp, {
        action: "approvalPolicy.publish",
        target: { type: "approvalPolicy", id: created.id },
        payload: { version: created.version, description: values.description, before, after: { version: created.version, rules, decisionHours: values.decisionHours } },
      });
      return { version: created.version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw staleVersion(null);
    throw error;
  }
}

/** Publishes the next naming convention version: the same compare-and-set and audit pattern. */
export async function publishNamingConvention(actor: Actor, input: NamingConventionFields, stamp: AuditStamp): Promise<{ version: number }> {
  const values = parseOrThrow(namingConventionInput, input);
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.namingConvention.findFirst({ orderBy: { version: "desc" }, select: { version: true, template: true } });
      if ((current?.version ?? 0) !== values.baseVersion) throw staleVersion(current?.version ?? null);
      if (current?.template === values.template) {
        throw new AppError("VALIDATION", "Not published: this is the convention already in force. Change the template first.");
      }
      const created = await tx.namingConvention.create({
        data: { version: values.baseVersion + 1, template: values.template, description: values.description, createdById: actor.userId },
        select: { id: true, version: true },
      });
      const diff = current ? diffNamingConventions(current.template, values.template) : null;
      await appendAuditEvent(tx, stamp, {
        action: "namingConvention.publish",
        target: { type: "namingConvention", id: created.id },
        payload: {
          version: created.version,
          description: values.description,
          before: current ? { version: current.version, template: current.template } : null,
          after: { version: created.version, template: values.template },
          ...(diff ? { addedPlaceholders: diff.addedPlaceholders, removedPlaceholders: diff.removedPlaceholders } : {}),
        },
      });
      return { version: created.version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw staleVersion(null);
    throw error;
  }
}
