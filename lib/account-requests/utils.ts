import type { AccountRequestStatus, ApprovalStage, DataClassification, Environment } from "@/lib/core/generated/prisma/enums";
import { environmentCode, environmentSlug, REGIONS } from "@/lib/matrix/constants";
import { DERIVED_PLACEHOLDERS, STAGES, TENCENT_NAME_MAX, TENCENT_NAME_PATTERN, TRANSITIONS } from "./constants";
import type { AccountRequestFields } from "./schema";
import type { ApprovalRule, TagRule } from "./types";

const PLACEHOLDER = /\{([a-z][a-z0-9]*)\}/g;
/** A free placeholder's value: lower-case letters and digits, so the generated name is lower-case with no spaces. */
export const NAME_PART_PATTERN = /^[a-z0-9]+$/;

/** The placeholders of a naming template, in order, e.g. ["product", "env", "region", "descriptor"]. */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
}

/** The placeholders the requester types (everything but {env} and {region}). */
export function freePlaceholders(template: string): string[] {
  return templatePlaceholders(template).filter((name) => !(DERIVED_PLACEHOLDERS as readonly string[]).includes(name));
}

export interface NameInput {
  parts: Record<string, string>;
  environment: Environment;
  regions: readonly string[];
}

/** The account name the convention gives for these values; a missing value leaves its placeholder visible. */
export function renderAccountName(template: string, input: NameInput): string {
  const regionCode = REGIONS.find((region) => region.id === input.regions[0])?.code;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === "env") return environmentCode(input.environment);
    if (name === "region") return regionCode ?? whole;
    const value = input.parts[name];
    return value ? value : whole;
  });
}

/**
 * What is wrong with the name these values make, each problem keyed by the field to show it on ("nameParts.<name>",
 * "regions" or "name"). Empty when the name follows the convention and Tencent's rules.
 */
export function nameProblems(template: string, input: NameInput): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const name of freePlaceholders(template)) {
    const value = input.parts[name] ?? "";
    if (!value) problems[`nameParts.${name}`] = `Enter the {${name}} part of the name.`;
    else if (!NAME_PART_PATTERN.test(value)) problems[`nameParts.${name}`] = `{${name}} must be lower-case letters and digits only (no spaces, dashes or capitals).`;
  }
  if (templatePlaceholders(template).includes("region") && input.regions.length === 0) {
    problems.regions = "Choose at least one region: the first one gives the {region} part of the name.";
  }
  if (Object.keys(problems).length > 0) return problems;
  const name = renderAccountName(template, input);
  if (name.length > TENCENT_NAME_MAX) {
    problems.name = `"${name}" is ${name.length} characters; Tencent Cloud allows at most ${TENCENT_NAME_MAX}. Shorten a part.`;
  } else if (!TENCENT_NAME_PATTERN.test(name)) {
    problems.name = `"${name}" has characters Tencent Cloud does not allow in account names (only letters, digits and +@&._[]-:,).`;
  } else if (name !== name.toLowerCase() || /\s/.test(name)) {
    problems.name = `"${name}" must be lower-case with no spaces.`;
  }
  return problems;
}

/** The tag rules that apply in an environment (a rule without environments applies everywhere). */
export function rulesFor(rules: readonly TagRule[], environment: Environment): TagRule[] {
  return rules.filter((rule) => rule.environments.length === 0 || rule.environments.includes(environment));
}

/**
 * Tags that repeat a field of the request, with the value the field gives them: the form fills them in, and a
 * value that disagrees with its field is refused (an account tagged "staging" that is really dev misleads every
 * report). The owner tag is known only when the primary owner's email is.
 */
export function mirroredTags(values: { environment: Environment; dataClassification?: DataClassification; costCenter?: string; primaryOwnerEmail?: string }): Record<string, string> {
  return {
    environment: environmentSlug(values.environment),
    ...(values.dataClassification ? { "data-classification": values.dataClassification.toLowerCase() } : {}),
    ...(values.costCenter ? { "cost-center": values.costCenter.trim() } : {}),
    ...(values.primaryOwnerEmail ? { owner: values.primaryOwnerEmail } : {}),
  };
}

/**
 * Problems with the tags, keyed by tag key: required keys missing, values the policy does not allow, keys the
 * policy does not use in this environment, and mirrored tags that disagree with their field.
 */
export function tagProblems(rules: readonly TagRule[], environment: Environment, tags: Record<string, string>, mirrored: Record<string, string> = {}): Record<string, string> {
  const problems: Record<string, string> = {};
  const applicable = rulesFor(rules, environment);
  for (const rule of applicable) {
    const value = tags[rule.key]?.trim() ?? "";
    if (!value) problems[rule.key] = `The tag policy requires "${rule.key}" in this environment.`;
    else if (rule.allowedValues.length > 0 && !rule.allowedValues.includes(value)) {
      problems[rule.key] = `"${value}" is not allowed for "${rule.key}"; choose one of ${rule.allowedValues.join(", ")}.`;
    } else if (mirrored[rule.key] !== undefined && mirrored[rule.key] !== value) {
      problems[rule.key] = `"${rule.key}" must be "${mirrored[rule.key]}" to match the request.`;
    }
  }
  for (const key of Object.keys(tags)) {
    if (!applicable.some((rule) => rule.key === key)) problems[key] = `The tag policy does not use "${key}" in this environment; remove it.`;
  }
  return problems;
}

/** The approval stages a request needs: the union of every matching rule's stages, in a fixed order. */
export function requiredStages(rules: readonly ApprovalRule[], environment: Environment, classification: DataClassification): ApprovalStage[] {
  const needed = new Set<ApprovalStage>();
  for (const rule of rules) {
    const environmentMatches = rule.environments.length === 0 || rule.environments.includes(environment);
    const classificationMatches = rule.classifications.length === 0 || rule.classifications.includes(classification);
    if (environmentMatches && classificationMatches) for (const stage of rule.stages) needed.add(stage);
  }
  return STAGES.filter((stage) => needed.has(stage));
}

/** The stages still open: required and not yet approved. */
export function openStages(required: readonly ApprovalStage[], approved: readonly ApprovalStage[]): ApprovalStage[] {
  return required.filter((stage) => !approved.includes(stage));
}

export function canTransition(from: AccountRequestStatus, to: AccountRequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** "AR-42": how people refer to a request. */
export function requestReference(number: number): string {
  return `AR-${number}`;
}

/** The stored draft fields the form resumes from (a subset of the request row). */
export interface DraftSource {
  nameParts: unknown;
  unitId: string;
  environment: Environment;
  regions: string[];
  teamId: string | null;
  costCenter: string;
  dataClassification: DataClassification;
  justification: string;
  ticketUrl: string | null;
  tags: unknown;
  owners: { role: "PRIMARY" | "SECONDARY"; user: { id: string } }[];
}

/** A stored JSON object's string values (name parts, tags), ignoring anything else. */
export function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(typeof value === "object" && value !== null ? value : {}).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The form's starting values: a resumed draft, or a blank request with the requester as primary owner. */
export function draftFormValues(draft: DraftSource | null, freeParts: readonly string[], requesterId: string): AccountRequestFields {
  const parts = stringRecord(draft?.nameParts);
  return {
    nameParts: Object.fromEntries(freeParts.map((part) => [part, parts[part] ?? ""])),
    unitId: draft?.unitId ?? "",
    environment: draft?.environment ?? "DEV",
    regions: (draft?.regions ?? ["ap-singapore"]) as AccountRequestFields["regions"],
    primaryOwnerId: draft ? (draft.owners.find((owner) => owner.role === "PRIMARY")?.user.id ?? "") : requesterId,
    secondaryOwnerIds: draft?.owners.filter((owner) => owner.role === "SECONDARY").map((owner) => owner.user.id) ?? [],
    teamId: draft?.teamId ?? null,
    costCenter: draft?.costCenter ?? "",
    dataClassification: draft?.dataClassification ?? "INTERNAL",
    justification: draft?.justification ?? "",
    ticketUrl: draft?.ticketUrl ?? "",
    tags: stringRecord(draft?.tags),
  };
}
