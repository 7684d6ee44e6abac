import type { ApprovalStage, DataClassification, Environment } from "@/lib/core/generated/prisma/enums";
import { DERIVED_PLACEHOLDERS, STAGES, TENCENT_NAME_MAX } from "@/lib/account-requests/constants";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { freePlaceholders, renderAccountName, requiredStages, templatePlaceholders } from "@/lib/account-requests/utils";
import { CLASSIFICATIONS, ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";
import { SAMPLE_ENVIRONMENT, SAMPLE_PARTS, SAMPLE_REGION } from "./constants";
import type { ApprovalPolicyDiff, EffectChange, NamingConventionDiff, RuleChange, RuleScope } from "./types";

const ENVIRONMENT_ORDER: Environment[] = ENVIRONMENTS.map((environment) => environment.value);
const CLASSIFICATION_ORDER: DataClassification[] = CLASSIFICATIONS.map((classification) => classification.value);

function inOrder<T>(order: readonly T[], values: readonly T[]): T[] {
  return order.filter((value) => values.includes(value));
}

/** A rule with its lists in the fixed order (and without repeats), so equal rules compare and store equal. */
export function normalizeRule(rule: ApprovalRule): ApprovalRule {
  return {
    environments: inOrder(ENVIRONMENT_ORDER, rule.environments),
    classifications: inOrder(CLASSIFICATION_ORDER, rule.classifications),
    stages: inOrder(STAGES, rule.stages),
  };
}

/** Every environment × classification a request can have, in display order. */
export function allCombinations(): { environment: Environment; classification: DataClassification }[] {
  return ENVIRONMENT_ORDER.flatMap((environment) => CLASSIFICATION_ORDER.map((classification) => ({ environment, classification })));
}

/**
 * The combinations for which the rules require no stage at all: a request there would need no approval. A policy
 * with any of them is refused; it is the one rule the portal enforces about policies, everything else is the
 * admins' decision.
 */
export function uncoveredCombinations(rules: readonly ApprovalRule[]): { environment: Environment; classification: DataClassification }[] {
  return allCombinations().filter(({ environment, classification }) => requiredStages(rules, environment, classification).length === 0);
}

// ----- naming convention -----

const VALID_PLACEHOLDER = /\{[a-z][a-z0-9]*\}/g;
/** Tencent's member-name characters (lib/account-requests TENCENT_NAME_PATTERN), one at a time. */
const NAME_CHARACTER = /[A-Za-z0-9+@&._[\]\-:,]/;

/** The values the example name uses for each free placeholder. */
export function sampleParts(template: string): Record<string, string> {
  return Object.fromEntries(freePlaceholders(template).map((name) => [name, SAMPLE_PARTS[name] ?? name.slice(0, 4)]));
}

/** The template rendered with sample values (environment PROD, region Singapore). */
export function exampleAccountName(template: string): string {
  return renderAccountName(template, { parts: sampleParts(template), environment: SAMPLE_ENVIRONMENT, regions: [SAMPLE_REGION] });
}

/** The shortest name a template can make: one character per free part, the shortest environment and region codes. */
export function shortestAccountName(template: string): number {
  const shortestEnv = Math.min(...ENVIRONMENTS.map((environment) => environment.code.length));
  const shortestRegion = Math.min(...REGIONS.map((region) => region.code.length));
  return templatePlaceholders(template).reduce(
    (length, name) => length - name.length - 2 + (name === "env" ? shortestEnv : name === "region" ? shortestRegion : 1),
    template.length,
  );
}

function describeCharacter(character: string): string {
  return character === " " ? "spaces" : `"${character}"`;
}

/**
 * Everything wrong with a naming template, as messages to show; empty when it is a valid convention. Placeholders
 * are {lower-case}; the literal text between them may use only the characters Tencent allows in member names,
 * in lower case, because Lattice's account names are lower-case.
 */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  const badPlaceholders = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[0]).filter((token) => !/^\{[a-z][a-z0-9]*\}$/.test(token));
  for (const token of new Set(badPlaceholders)) {
    problems.push(`${token} is not a placeholder: write placeholders in lower-case letters and digits, starting with a letter, e.g. {product}.`);
  }
  const literals = template.replace(/\{[^{}]*\}/g, "");
  if (/[{}]/.test(literals)) problems.push("Every { needs a matching } (and the other way round).");
  const literalText = literals.replace(/[{}]/g, "");
  const badCharacters = [...new Set([...literalText].filter((character) => !NAME_CHARACTER.test(character)))];
  if (badCharacters.length > 0) {
    problems.push(
      `${badCharacters.map(describeCharacter).join(", ")} cannot appear in a Tencent Cloud account name: between placeholders use only letters, digits and +@&._[]-:, characters.`,
    );
  }
  if (/[A-Z]/.test(literalText)) problems.push("Account names are lower-case: write the fixed text between placeholders in lower case.");

  const placeholders = [...template.matchAll(VALID_PLACEHOLDER)].map((match) => match[0].slice(1, -1));
  const repeated = [...new Set(placeholders.filter((name, index) => placeholders.indexOf(name) !== index))];
  for (const name of repeated) problems.push(`{${name}} appears more than once: use each placeholder once.`);
  if (!placeholders.includes("env")) problems.push("The template must contain {env}, so every name shows its environment.");
  if (!placeholders.some((name) => !(DERIVED_PLACEHOLDERS as readonly string[]).includes(name))) {
    problems.push("The template needs at least one placeholder the requester fills in, such as {product}; {env} and {region} are filled in by Lattice.");
  }
  if (problems.length === 0 && shortestAccountName(template) > TENCENT_NAME_MAX) {
    problems.push(`Even with one-character parts, names would be ${shortestAccountName(template)} characters; Tencent Cloud allows at most ${TENCENT_NAME_MAX}.`);
  }
  return problems;
}

// ----- diffs between versions -----

function scopeKey(scope: RuleScope): string {
  return `${inOrder(ENVIRONMENT_ORDER, scope.environments).join(",")}|${inOrder(CLASSIFICATION_ORDER, scope.classifications).join(",")}`;
}

function sameStages(a: readonly ApprovalStage[], b: readonly ApprovalStage[]): boolean {
  return inOrder(STAGES, a).join(",") === inOrder(STAGES, b).join(",");
}

/**
 * What changed between two versions of the approval policy. Rules have no identity of their own, so they are
 * matched by scope (same environments and classifications): a scope in both with other stages is "changed", a
 * scope in only one is "added" or "removed". The effects list what that means for each kind of request.
 */
export function diffApprovalPolicies(
  before: { rules: readonly ApprovalRule[]; decisionHours: number },
  after: { rules: readonly ApprovalRule[]; decisionHours: number },
): ApprovalPolicyDiff {
  const unmatched = [...before.rules.map(normalizeRule)];
  const changes: RuleChange[] = [];
  for (const rule of after.rules.map(normalizeRule)) {
    const scope = { environments: rule.environments, classifications: rule.classifications };
    // An identical rule first, so a repeated scope pairs with its own twin before it counts as changed.
    let index = unmatched.findIndex((old) => scopeKey(old) === scopeKey(rule) && sameStages(old.stages, rule.stages));
    if (index === -1) index = unmatched.findIndex((old) => scopeKey(old) === scopeKey(rule));
    const old = index === -1 ? undefined : unmatched.splice(index, 1)[0];
    if (!old) changes.push({ kind: "added", scope, after: rule.stages });
    else if (!sameStages(old.stages, rule.stages)) changes.push({ kind: "changed", scope, before: old.stages, after: rule.stages });
  }
  for (const old of unmatched) {
    changes.push({ kind: "removed", scope: { environments: old.environments, classifications: old.classifications }, before: old.stages });
  }
  const effects: EffectChange[] = [];
  for (const { environment, classification } of allCombinations()) {
    const was = requiredStages(before.rules, environment, classification);
    const is = requiredStages(after.rules, environment, classification);
    if (!sameStages(was, is)) effects.push({ environment, classification, before: was, after: is });
  }
  return {
    rules: changes,
    decisionHours: before.decisionHours === after.decisionHours ? null : { before: before.decisionHours, after: after.decisionHours },
    effects,
  };
}

/** Whether two versions of the approval policy would decide every request the same way and with the same deadline. */
export function isSameApprovalPolicy(
  a: { rules: readonly ApprovalRule[]; decisionHours: number },
  b: { rules: readonly ApprovalRule[]; decisionHours: number },
): boolean {
  const diff = diffApprovalPolicies(a, b);
  return diff.rules.length === 0 && diff.decisionHours === null;
}

export function diffNamingConventions(before: string, after: string): NamingConventionDiff {
  const was = templatePlaceholders(before);
  const is = templatePlaceholders(after);
  return {
    before,
    after,
    addedPlaceholders: is.filter((name) => !was.includes(name)),
    removedPlaceholders: was.filter((name) => !is.includes(name)),
  };
}

/** "Production × Public", as messages name a kind of request. */
export function combinationLabel(environment: Environment, classification: DataClassification): string {
  const environmentLabel = ENVIRONMENTS.find((candidate) => candidate.value === environment)?.label ?? environment;
  const classificationLabel = CLASSIFICATIONS.find((candidate) => candidate.value === classification)?.label ?? classification;
  return `${environmentLabel} × ${classificationLabel}`;
}

/** The message for a policy that leaves some requests without any approval, naming (up to three of) them. */
export function coverageProblem(rules: readonly ApprovalRule[]): string | null {
  const uncovered = uncoveredCombinations(rules);
  if (uncovered.length === 0) return null;
  const named = uncovered.slice(0, 3).map(({ environment, classification }) => combinationLabel(environment, classification));
  const more = uncovered.length > 3 ? ` and ${uncovered.length - 3} more` : "";
  return `No rule requires an approval for ${named.join(", ")}${more}: such requests would need no approval at all. Every environment × classification must require at least one stage.`;
}
