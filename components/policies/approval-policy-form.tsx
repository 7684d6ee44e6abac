"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Controller, useFieldArray, useForm, useWatch, type Control } from "react-hook-form";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { FieldError, FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { Notice } from "@/components/ui/notice";
import { useHydrated } from "@/components/ui/use-hydrated";
import { STAGE_LABEL, STAGES } from "@/lib/account-requests/constants";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { CLASSIFICATIONS, ENVIRONMENTS } from "@/lib/matrix/constants";
import { publishApprovalPolicyVersion } from "@/lib/policies/actions";
import { DECISION_HOURS_MAX, DECISION_HOURS_MIN, MAX_RULES } from "@/lib/policies/constants";
import { approvalPolicyInput, type ApprovalPolicyFields, type ApprovalPolicyValues } from "@/lib/policies/schema";
import { PublishError } from "./action-feedback";
import { PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "./labels";
import { StageMatrix } from "./stage-matrix";

type ArrayField = "environments" | "classifications" | "stages";

/** A group of checkboxes editing one list of a rule; nothing ticked means "any" for scopes. */
function CheckboxGroup<Value extends string>({
  control,
  index,
  field,
  legend,
  hint,
  options,
  error,
}: {
  control: Control<ApprovalPolicyFields, unknown, ApprovalPolicyValues>;
  index: number;
  field: ArrayField;
  legend: string;
  hint: string;
  options: readonly { value: Value; label: string }[];
  error?: string;
}) {
  return (
    <Controller
      control={control}
      name={`rules.${index}.${field}`}
      render={({ field: { value, onChange } }) => {
        const selected = value as string[];
        return (
          <fieldset className="min-w-0">
            <legend className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{legend}</legend>
            <p className="text-xs text-slate-500 dark:text-slate-400">{hint}</p>
            <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
              {options.map((option) => (
                <label key={option.value} className="inline-flex items-center gap-1.5 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 rounded border-slate-300 text-sky-600 dark:border-slate-600"
                    checked={selected.includes(option.value)}
                    onChange={(event) =>
                      onChange(event.target.checked ? [...selected, option.value] : selected.filter((candidate) => candidate !== option.value))
                    }
                  />
                  {option.label}
                </label>
              ))}
            </div>
            <FieldError id={`rules-${index}-${field}-error`} message={error} />
          </fieldset>
        );
      }}
    />
  );
}

const STAGE_OPTIONS = STAGES.map((stage) => ({ value: stage, label: STAGE_LABEL[stage] }));
const EMPTY_RULE: ApprovalRule = { environments: [], classifications: [], stages: ["PLATFORM"] };

/**
 * The approval policy editor. It starts from the version in force and validates with the same schema the server
 * runs (including "every environment × classification needs a stage"); the matrix shows what requests would need.
 * Publishing creates the next version, or fails with a conflict if someone published since this page loaded.
 */
export function ApprovalPolicyForm({ current }: { current: { version: number; rules: ApprovalRule[]; decisionHours: number } }) {
  const hydrated = useHydrated();
  const form = useForm<ApprovalPolicyFields, unknown, ApprovalPolicyValues>({
    resolver: zodResolver(approvalPolicyInput),
    mode: "onChange",
    defaultValues: { baseVersion: current.version, rules: current.rules, decisionHours: current.decisionHours, description: "" },
  });
  const { control, register, handleSubmit, formState, reset, trigger } = form;
  const rules = useFieldArray({ control, name: "rules" });
  const watchedRules = (useWatch({ control, name: "rules" }) ?? []) as ApprovalRule[];
  const baseVersion = useWatch({ control, name: "baseVersion" });
  const publish = useGuardedAction(publishApprovalPolicyVersion);
  // The coverage rule is about all rules together: re-check it on every edit, not only for the field that changed.
  const rulesKey = JSON.stringify(watchedRules);
  useEffect(() => {
    void trigger("rules");
  }, [rulesKey, trigger]);
  const [published, setPublished] = useState<number | null>(null);

  const onSubmit = handleSubmit(async (values) => {
    setPublished(null);
    const result = await publish.executeAsync(values);
    if (result?.data) {
      setPublished(result.data.version);
      reset({ baseVersion: result.data.version, rules: values.rules, decisionHours: values.decisionHours, description: "" });
    }
  });

  const errors = formState.errors;
  const rulesError = errors.rules?.root?.message ?? errors.rules?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New approval policy version" className="space-y-5">
      <fieldset>
        <legend className="text-sm font-semibold">Rules</legend>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          A request needs every stage of every rule that matches its environment and data classification. Leave environments or classifications
          unticked to match any.
        </p>
        <ol className="space-y-3">
          {rules.fields.map((rule, index) => (
            <li key={rule.id}>
              <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
                <legend className="px-1 text-sm font-medium">Rule {index + 1}</legend>
                <div className="grid gap-3 md:grid-cols-[2fr_2fr_1.5fr_auto]">
                  <CheckboxGroup control={control} index={index} field="environments" legend="Environments" hint="None ticked: any" options={ENVIRONMENTS} error={errors.rules?.[index]?.environments?.message} />
                  <CheckboxGroup control={control} index={index} field="classifications" legend="Classifications" hint="None ticked: any" options={CLASSIFICATIONS} error={errors.rules?.[index]?.classifications?.message} />
                  <CheckboxGroup control={control} index={index} field="stages" legend="Required stages" hint="At least one" options={STAGE_OPTIONS} error={errors.rules?.[index]?.stages?.message} />
                  <div className="flex items-start justify-end">
                    <button
                      type="button"
                      className={`inline-flex items-center gap-1 ${SECONDARY_BUTTON_CLASS}`}
                      onClick={() => rules.remove(index)}
                      disabled={!hydrated || rules.fields.length === 1}
                      aria-label={`Remove rule ${index + 1}`}
                    >
                      <Trash2 aria-hidden className="size-3.5" /> Remove
                    </button>
                  </div>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className={`mt-3 inline-flex items-center gap-1 ${SECONDARY_BUTTON_CLASS}`}
          onClick={() => rules.append(EMPTY_RULE)}
          disabled={!hydrated || rules.fields.length >= MAX_RULES}
        >
          <Plus aria-hidden className="size-3.5" /> Add rule
        </button>
        <FieldError id="rules-error" message={rulesError} />
      </fieldset>

      <div className="rounded-md bg-slate-50 p-3 dark:bg-slate-800/50">
        <StageMatrix rules={watchedRules} caption="Preview: what each kind of request would need" />
      </div>

      <div className="grid gap-4 md:grid-cols-[12rem_1fr]">
        <label className="block text-sm font-medium">
          Decision time (hours)
          <input
            type="number"
            inputMode="numeric"
            min={DECISION_HOURS_MIN}
            max={DECISION_HOURS_MAX}
            step={1}
            className={FORM_INPUT_CLASS}
            aria-invalid={errors.decisionHours ? true : undefined}
            aria-describedby="decision-hours-hint decision-hours-error"
            // In the server-rendered HTML too: register() fills the field only once the page has hydrated.
            defaultValue={current.decisionHours}
            {...register("decisionHours", { valueAsNumber: true })}
          />
          <span id="decision-hours-hint" className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">
            {DECISION_HOURS_MIN}–{DECISION_HOURS_MAX}; undecided requests expire after this.
          </span>
          <FieldError id="decision-hours-error" message={errors.decisionHours?.message} />
        </label>
        <label className="block text-sm font-medium">
          What changes, and why
          <textarea
            rows={2}
            className={FORM_INPUT_CLASS}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby="policy-description-error"
            {...register("description")}
          />
          <FieldError id="policy-description-error" message={errors.description?.message} />
        </label>
      </div>

      <PublishError serverError={publish.result.serverError} validationErrors={publish.result.validationErrors} />
      {published !== null && (
        <Notice title={`Approval policy version ${published} published`}>New requests follow it from now on; requests already submitted keep the stages they were given.</Notice>
      )}
      <button type="submit" className={PRIMARY_BUTTON_CLASS} disabled={!hydrated || publish.isPending}>
        {publish.isPending ? "Publishing…" : `Publish version ${baseVersion + 1}`}
      </button>
    </form>
  );
}
