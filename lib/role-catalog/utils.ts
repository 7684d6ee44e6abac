import { ENVIRONMENTS } from "@/lib/matrix/constants";
import type { CatalogReviewer, Environment } from "@/lib/core/generated/prisma/enums";
import { CUSTOM_POLICY_PREFIX, REVIEWER_LABEL, REVIEWERS, ROLE_CONFIGURATION_PREFIX } from "./constants";
import type { DiffLine, FieldChange, RoleContent, RoleVersionDiff } from "./types";

const ENVIRONMENT_ORDER: Environment[] = ENVIRONMENTS.map((environment) => environment.value);
const ENVIRONMENT_LABEL = new Map(ENVIRONMENTS.map((environment) => [environment.value, environment.label]));

/** "45 min", "1 h", "1 h 30 min", "12 h". */
export function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** Lists in a fixed order, so the same content is stored, compared and diffed the same way. */
export function normalizeContent(content: RoleContent): RoleContent {
  return {
    ...content,
    environments: ENVIRONMENT_ORDER.filter((environment) => content.environments.includes(environment)),
    reviewers: REVIEWERS.filter((reviewer) => content.reviewers.includes(reviewer)),
  };
}

export function isSameContent(a: RoleContent, b: RoleContent): boolean {
  return JSON.stringify(normalizeContent(a)) === JSON.stringify(normalizeContent(b));
}

/** A policy document as people read it: indented JSON. Text that is not JSON is shown as it is. */
export function prettyPolicy(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The CIC role configuration of a catalog role, and the names of its custom policies. */
export function roleConfigurationName(slug: string): string {
  return `${ROLE_CONFIGURATION_PREFIX}${slug}`;
}
export function customPolicyName(index: number): string {
  return `${CUSTOM_POLICY_PREFIX}${index + 1}`;
}

/**
 * A line diff (longest common subsequence) of two texts. Policies are at most a few hundred lines, so the
 * quadratic table is fine. Only changed lines and `context` lines around them are kept; gaps become "…".
 */
export function diffLines(before: string, after: string, context = 2): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const all: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      all.push({ kind: "same", text: a[i]! });
      i += 1;
      j += 1;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      all.push({ kind: "added", text: b[j]! });
      j += 1;
    } else {
      all.push({ kind: "removed", text: a[i]! });
      i += 1;
    }
  }
  const near = all.map((_, index) => all.slice(Math.max(0, index - context), index + context + 1).some((line) => line.kind !== "same"));
  const kept: DiffLine[] = [];
  all.forEach((line, index) => {
    if (near[index]) kept.push(line);
    else if (kept.at(-1)?.text !== "…") kept.push({ kind: "same", text: "…" });
  });
  while (kept.at(-1)?.text === "…") kept.pop();
  return kept;
}

const yesNo = (value: boolean) => (value ? "Yes" : "No");

/** Each field as the history shows it. */
export function fieldLabel(field: FieldChange["field"], content: RoleContent): string {
  switch (field) {
    case "environments":
      return content.environments.map((environment) => ENVIRONMENT_LABEL.get(environment) ?? environment).join(", ");
    case "reviewers":
      return content.reviewers.map((reviewer: CatalogReviewer) => REVIEWER_LABEL[reviewer]).join(", ");
    case "maxDurationSeconds":
      return formatDuration(content.maxDurationSeconds);
    case "approvalsRequired":
      return String(content.approvalsRequired);
    case "securityForProd":
      return yesNo(content.securityForProd);
    case "breakGlassAllowed":
      return yesNo(content.breakGlassAllowed);
    default:
      return content[field];
  }
}

const DIFFED_FIELDS: FieldChange["field"][] = [
  "name",
  "description",
  "environments",
  "maxDurationSeconds",
  "approvalsRequired",
  "reviewers",
  "securityForProd",
  "breakGlassAllowed",
];

/** What changed from one version to the next: fields as people read them, policies line by line. */
export function diffRoleContent(before: RoleContent, after: RoleContent): RoleVersionDiff {
  const a = normalizeContent(before);
  const b = normalizeContent(after);
  const fields = DIFFED_FIELDS.flatMap((field) => {
    const was = fieldLabel(field, a);
    const now = fieldLabel(field, b);
    return was === now ? [] : [{ field, before: was, after: now }];
  });
  const count = Math.max(a.policyDocuments.length, b.policyDocuments.length);
  const policies = Array.from({ length: count }, (_, index) => {
    const was = a.policyDocuments[index];
    const now = b.policyDocuments[index];
    if (was === now) return null;
    return { index, lines: diffLines(was === undefined ? "" : prettyPolicy(was), now === undefined ? "" : prettyPolicy(now)).filter((line) => line.text !== "" || line.kind === "same") };
  }).filter((entry) => entry !== null);
  return { fields, policies };
}
