import { z } from "zod";
import { plainText } from "@/lib/core/validation";
import { ENVIRONMENT_VALUES } from "@/lib/matrix/constants";
import {
  CHANGE_NOTE_MAX,
  CHANGE_NOTE_MIN,
  CONDITION_OPERATORS,
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  DURATION_STEP_SECONDS,
  MAX_APPROVALS,
  MAX_DURATION_SECONDS,
  MAX_ENTRIES_PER_FIELD,
  MAX_POLICY_DOCUMENTS,
  MAX_STATEMENTS,
  MIN_DURATION_SECONDS,
  NAME_MAX,
  POLICY_DOCUMENT_MAX_CHARS,
  REVIEWERS,
  SLUG_MAX,
} from "./constants";
import type { CamPolicyDocument } from "./types";


// An API (`cvm:RunInstances`, optionally `name/`-prefixed), a wildcard within a service (`cvm:Describe*`, `cos:*`),
// or everything (`*`). Service names are lower case; action names letters and digits.
const ACTION = /^(\*|(name\/)?[a-z][a-z0-9_-]*:(\*|[A-Za-z][A-Za-z0-9]*\*?))$/;
const SERVICE = /^(|\*|[a-z][a-z0-9_-]*)$/;
const REGION = /^(|\*|[a-z]{2,}(-[a-z0-9]+)*)$/;
const ACCOUNT = /^(|\*|uin\/\d{1,20}|uid\/\d{1,20})$/;
const RESOURCE = /^[^\s]+$/;
const CONDITION_KEY = /^[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9_./&-]+$/;
const OPERATOR = new RegExp(`^((for_all_value|for_any_value):)?(${CONDITION_OPERATORS.join("|")})(_if_exist)?$`);
const STATEMENT_KEYS = new Set(["effect", "action", "resource", "condition"]);

type Issue = { path: (string | number)[]; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why a resource string is not `*` or `qcs:<project>:<service>:<region>:<account>:<resource>`, or null. */
export function resourceProblem(resource: string): string | null {
  if (resource === "*") return null;
  const parts = resource.split(":");
  if (parts[0] !== "qcs" || parts.length < 6) return "is not * or of the form qcs::service:region:uin/<uin>:type/id";
  const [, project = "", service = "", region = "", account = "", ...rest] = parts;
  const last = rest.join(":");
  if (!/^\d*$/.test(project)) return "has a project that is not empty or a number";
  if (!SERVICE.test(service)) return `names the service "${service}", which is not lower-case letters, digits, - or _`;
  if (!REGION.test(region)) return `names the region "${region}", which is not a region like ap-singapore`;
  if (!ACCOUNT.test(account)) return `names the account "${account}", which is not uin/<digits> or uid/<digits>`;
  if (!last || !RESOURCE.test(last)) return "has no resource after the account (e.g. instance/* or instance/ins-123)";
  return null;
}

/** A string or a non-empty list of strings, each checked by `check` (null = fine). */
function checkStringList(value: unknown, path: (string | number)[], label: string, where: string, check: (entry: string) => string | null): Issue[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) return [{ path, message: `${where}: "${label}" must be a string or a non-empty list of strings.` }];
  if (list.length > MAX_ENTRIES_PER_FIELD) return [{ path, message: `${where}: at most ${MAX_ENTRIES_PER_FIELD} entries in "${label}".` }];
  const issues: Issue[] = [];
  list.forEach((entry, index) => {
    const at = Array.isArray(value) ? [...path, index] : path;
    if (typeof entry !== "string") issues.push({ path: at, message: `${where}: every "${label}" entry must be a string.` });
    else {
      const problem = check(entry);
      if (problem) issues.push({ path: at, message: `${where}: ${label} "${entry}" ${problem}.` });
    }
  });
  return issues;
}

function checkCondition(condition: unknown, path: (string | number)[], where: string): Issue[] {
  if (!isRecord(condition) || Object.keys(condition).length === 0) {
    return [{ path, message: `${where}: "condition" must be an object of operator → key → value(s).` }];
  }
  const issues: Issue[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    if (!OPERATOR.test(operator)) {
      issues.push({ path: [...path, operator], message: `${where}: "${operator}" is not a CAM condition operator (e.g. string_equal, ip_equal, date_less_than).` });
      continue;
    }
    if (!isRecord(keys) || Object.keys(keys).length === 0) {
      issues.push({ path: [...path, operator], message: `${where}: condition "${operator}" must map condition keys to values.` });
      continue;
    }
    for (const [key, values] of Object.entries(keys)) {
      if (!CONDITION_KEY.test(key)) issues.push({ path: [...path, operator, key], message: `${where}: condition key "${key}" is not of the form qcs:ip or service:key.` });
      const list = Array.isArray(values) ? values : [values];
      const scalar = (entry: unknown) => typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean";
      if (list.length === 0 || !list.every(scalar)) {
        issues.push({ path: [...path, operator, key], message: `${where}: condition "${operator}" › "${key}" needs a value or a non-empty list of strings, numbers or booleans.` });
      }
    }
  }
  return issues;
}

/** Every grammar problem of a parsed policy document, with the statement (1-based for people) and field named. */
export function camPolicyIssues(document: unknown): Issue[] {
  if (!isRecord(document)) return [{ path: [], message: 'A policy is a JSON object: {"version":"2.0","statement":[…]}.' }];
  const issues: Issue[] = [];
  for (const key of Object.keys(document)) {
    if (key !== "version" && key !== "statement") issues.push({ path: [key], message: `"${key}" is not a policy element: only "version" and "statement" (lower case).` });
  }
  if (document.version !== "2.0") issues.push({ path: ["version"], message: '"version" must be "2.0".' });
  const statements = document.statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    issues.push({ path: ["statement"], message: '"statement" must be a non-empty list of permission entries.' });
    return issues;
  }
  if (statements.length > MAX_STATEMENTS) issues.push({ path: ["statement"], message: `At most ${MAX_STATEMENTS} statements in one policy.` });
  statements.slice(0, MAX_STATEMENTS).forEach((statement: unknown, index) => {
    const where = `Statement ${index + 1}`;
    const path = ["statement", index];
    if (!isRecord(statement)) {
      issues.push({ path, message: `${where}: must be an object with effect, action and resource.` });
      return;
    }
    for (const key of Object.keys(statement)) {
      if (!STATEMENT_KEYS.has(key)) {
        const why = key === "principal" ? "is only for role trust policies" : "is not a statement element (effect, action, resource, condition; lower case)";
        issues.push({ path: [...path, key], message: `${where}: "${key}" ${why}.` });
      }
    }
    if (statement.effect !== "allow" && statement.effect !== "deny") issues.push({ path: [...path, "effect"], message: `${where}: "effect" must be "allow" or "deny".` });
    issues.push(
      ...checkStringList(statement.action, [...path, "action"], "action", where, (action) =>
        ACTION.test(action) ? null : "is not of the form service:Action (e.g. cvm:DescribeInstances, cvm:Describe*) or *",
      ),
      ...checkStringList(statement.resource, [...path, "resource"], "resource", where, resourceProblem),
    );
    if (statement.condition !== undefined) issues.push(...checkCondition(statement.condition, [...path, "condition"], where));
  });
  return issues;
}

/**
 * A CAM policy document (tencent-api.md §2.7): version "2.0", a non-empty statement list, each entry with effect
 * allow/deny, action and resource (string or list), an optional condition; lower-case element names only, and no
 * principal (that is for trust policies). At most 4,096 characters as compact JSON, the CIC custom policy limit.
 */
export const camPolicyDocumentSchema = z
  .unknown()
  .superRefine((document, ctx) => {
    const issues = camPolicyIssues(document);
    for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    if (issues.length === 0 && JSON.stringify(document).length > POLICY_DOCUMENT_MAX_CHARS) {
      ctx.addIssue({ code: "custom", path: [], message: `The policy is ${JSON.stringify(document).length} characters as compact JSON; Cloud Identity Center takes at most ${POLICY_DOCUMENT_MAX_CHARS}.` });
    }
  })
  .transform((document) => document as CamPolicyDocument);

/** A policy document as typed into the editor: JSON text, parsed, checked, and stored as compact JSON. */
export const policyDocumentText = z
  .string()
  .max(POLICY_DOCUMENT_MAX_CHARS * 4, "The policy text is too long.")
  .transform((text, ctx) => {
    if (!text.trim()) {
      ctx.addIssue({ code: "custom", message: 'Enter a policy document, e.g. {"version":"2.0","statement":[…]}.' });
      return z.NEVER;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `Not valid JSON: ${error instanceof SyntaxError ? error.message : "parse error"}.` });
      return z.NEVER;
    }
  })
  .pipe(camPolicyDocumentSchema)
  .transform((document) => JSON.stringify(document));

/** The editor's list of problems with one policy text: every message, in order (the same rules as the server). */
export function policyTextProblems(text: string): string[] {
  const parsed = policyDocumentText.safeParse(text);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

/** Longest grant and CIC session duration: whole minutes within Tencent's 900–43,200 seconds. */
export const maxDurationSchema = z
  .number({ error: "Choose a maximum duration." })
  .int("Choose a maximum duration in whole seconds.")
  .min(MIN_DURATION_SECONDS, "At least 15 minutes (900 seconds), Cloud Identity Center's shortest session.")
  .max(MAX_DURATION_SECONDS, "At most 12 hours (43,200 seconds), Cloud Identity Center's longest session.")
  .multipleOf(DURATION_STEP_SECONDS, "Use whole minutes.");

const baseVersion = z.number().int().min(0).max(1_000_000);
const roleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a catalog role id.");
const changeNote = plainText(CHANGE_NOTE_MAX).refine((text) => text.length >= CHANGE_NOTE_MIN, `Say why in at least ${CHANGE_NOTE_MIN} characters.`);

/** The content of a version: everything a rollback copies. */
export const roleContentSchema = z
  .object({
    name: plainText(NAME_MAX).refine((text) => text.length >= 3, "Name the role in at least 3 characters."),
    description: plainText(DESCRIPTION_MAX).refine((text) => text.length >= DESCRIPTION_MIN, `Describe what the role is for in at least ${DESCRIPTION_MIN} characters.`),
    policyDocuments: z.array(policyDocumentText).min(1, "Add at least one policy document.").max(MAX_POLICY_DOCUMENTS, `At most ${MAX_POLICY_DOCUMENTS} policy documents.`),
    environments: z.array(z.enum(ENVIRONMENT_VALUES)).min(1, "Choose at least one environment where the role may be requested."),
    maxDurationSeconds: maxDurationSchema,
    approvalsRequired: z.number({ error: "Choose how many approvals." }).int().min(1, "At least one approval.").max(MAX_APPROVALS, `At most ${MAX_APPROVALS} approvals.`),
    reviewers: z.array(z.enum(REVIEWERS)).min(1, "Choose who may approve."),
    securityForProd: z.boolean(),
    breakGlassAllowed: z.boolean(),
  })
  .superRefine((content, ctx) => {
    for (const field of ["environments", "reviewers"] as const) {
      if (new Set(content[field]).size !== content[field].length) ctx.addIssue({ code: "custom", path: [field], message: "Name each value once." });
    }
    if (content.securityForProd && !content.reviewers.includes("SECURITY") && content.environments.includes("PROD")) {
      ctx.addIssue({ code: "custom", path: ["reviewers"], message: "Production needs a security reviewer: add Security reviewers to who may approve." });
    }
  });

const slugSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "Lower-case letters, digits and single hyphens, starting with a letter (e.g. db-read-only).")
  .max(SLUG_MAX, `At most ${SLUG_MAX} characters.`);

/** A new role: its stable slug, version 1's content, and why. */
export const createRoleInput = z.object({ slug: slugSchema, content: roleContentSchema, changeNote });
/** The next version of a role, based on the version the editor was opened on. */
export const publishVersionInput = z.object({ roleId, baseVersion, content: roleContentSchema, changeNote });
/** Publishes an older version's content again, as the next version. */
export const rollbackInput = z.object({ roleId, baseVersion, toVersion: z.number().int().min(1), changeNote });
/** Retires (no new requests) or reactivates a role. */
export const setRoleStatusInput = z.object({ roleId, baseVersion, status: z.enum(["ACTIVE", "RETIRED"]), changeNote });

export type RoleContentFields = z.input<typeof roleContentSchema>;
export type RoleContentValues = z.output<typeof roleContentSchema>;
export type CreateRoleFields = z.input<typeof createRoleInput>;
export type CreateRoleValues = z.output<typeof createRoleInput>;
export type PublishVersionFields = z.input<typeof publishVersionInput>;
export type PublishVersionValues = z.output<typeof publishVersionInput>;
export type RollbackFields = z.input<typeof rollbackInput>;
export type SetRoleStatusFields = z.input<typeof setRoleStatusInput>;
