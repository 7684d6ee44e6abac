import { CLASSIFICATION_LABEL, ENVIRONMENT_LABEL } from "@/components/accounts/labels";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import type { ApprovalStage } from "@/lib/core/generated/prisma/enums";
import type { RuleScope } from "@/lib/policies/types";

/** "Platform approver + Security reviewer", or "No approval" for none. */
export function stagesLabel(stages: readonly ApprovalStage[]): string {
  return stages.length === 0 ? "No approval" : stages.map((stage) => STAGE_LABEL[stage]).join(" + ");
}

/** "Production, Staging · Confidential", with "Any environment" / "any classification" for empty lists. */
export function scopeLabel(scope: RuleScope): string {
  const environments = scope.environments.length === 0 ? "Any environment" : scope.environments.map((environment) => ENVIRONMENT_LABEL[environment]).join(", ");
  const classifications =
    scope.classifications.length === 0 ? "any classification" : scope.classifications.map((classification) => CLASSIFICATION_LABEL[classification]).join(", ");
  return `${environments} · ${classifications}`;
}

const DATE_TIME_FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** "29 Nov 2026, 10:02 UTC": versions can follow each other within a day, so the time matters. */
export function formatPublishedAt(iso: string): string {
  return `${DATE_TIME_FORMAT.format(new Date(iso))} UTC`;
}

export const CARD_CLASS = "rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900";
export const PRIMARY_BUTTON_CLASS =
  "rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50";
export const SECONDARY_BUTTON_CLASS =
  "rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";
