"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { Notice } from "@/components/ui/notice";
import { saveAccountRequestDraft, submitAccountRequest } from "@/lib/account-requests/actions";
import { JUSTIFICATION_MIN } from "@/lib/account-requests/constants";
import { accountRequestSchema, type AccountRequestFields, type AccountRequestValues } from "@/lib/account-requests/schema";
import type { RequestGuardrails } from "@/lib/account-requests/types";
import { mirroredTags, nameProblems, renderAccountName, rulesFor } from "@/lib/account-requests/utils";
import type { ActionError } from "@/lib/core/safe-action";
import { CLASSIFICATIONS, ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";

interface Option {
  id: string;
  name: string;
}

export interface RequestFormProps {
  guardrails: RequestGuardrails;
  freeParts: string[];
  options: { units: (Option & { depth: number })[]; teams: Option[]; people: (Option & { email: string })[] };
  draftId?: string;
  initial: AccountRequestFields;
}

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-sky-500 focus:ring-1 focus:ring-sky-500 focus:outline-none aria-[invalid=true]:border-rose-500 dark:border-slate-700 dark:bg-slate-900";
const labelClass = "block text-sm font-medium";
const buttonClass = "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-300">
      {message}
    </p>
  );
}

/** Waits until typing pauses before asking the server, so the uniqueness check is one request per pause. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * The account request form. It validates while you type with the same zod schema the server runs (naming
 * convention, Tencent's name rules, tag policy), checks the generated name is free, and saves drafts.
 */
export function RequestForm({ guardrails, freeParts, options, draftId, initial }: RequestFormProps) {
  const router = useRouter();
  const emailOf = useMemo(() => {
    const emails = new Map(options.people.map((person) => [person.id, person.email]));
    return (id: string) => emails.get(id);
  }, [options.people]);
  const schema = useMemo(() => accountRequestSchema(guardrails, emailOf), [guardrails, emailOf]);
  const form = useForm<AccountRequestFields, unknown, AccountRequestValues>({ resolver: zodResolver(schema), mode: "onChange", defaultValues: initial });
  const { register, control, formState, setError, setValue, getValues, handleSubmit } = form;
  // Tags the person typed themselves; the others follow the fields they mirror.
  const [editedTags, setEditedTags] = useState<ReadonlySet<string>>(new Set());
  const markTagEdited = (key: string) => setEditedTags((edited) => (edited.has(key) ? edited : new Set([...edited, key])));
  const submit = useGuardedAction(submitAccountRequest);
  const saveDraft = useGuardedAction(saveAccountRequestDraft);
  const [draftSavedAt, setDraftSavedAt] = useState<Date | null>(null);
  const focusNamePreview = () => document.getElementById("account-name-preview")?.focus();

  const watched = useWatch({ control });
  const environment = watched.environment ?? initial.environment;
  const nameInput = { parts: (watched.nameParts ?? {}) as Record<string, string>, environment, regions: (watched.regions ?? []) as string[] };
  const generatedName = renderAccountName(guardrails.namingTemplate, nameInput);
  const nameIssues = nameProblems(guardrails.namingTemplate, nameInput);
  const nameOk = Object.keys(nameIssues).length === 0;
  const nameComplete = !generatedName.includes("{");
  const checkedName = useDebounced(nameOk ? generatedName : "", 300);
  const availability = useQuery({
    queryKey: ["account-name-availability", checkedName, draftId ?? null],
    enabled: checkedName !== "",
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({ name: checkedName, ...(draftId ? { except: draftId } : {}) });
      const response = await fetch(`/api/account-requests/name-check?${params}`, { signal });
      if (!response.ok) throw new Error("The name could not be checked.");
      return (await response.json()) as { name: string; available: boolean };
    },
  });

  const tagRules = rulesFor(guardrails.tagRules, environment);
  const mirrored = mirroredTags({
    environment,
    dataClassification: watched.dataClassification,
    costCenter: watched.costCenter,
    primaryOwnerEmail: watched.primaryOwnerId ? emailOf(watched.primaryOwnerId) : undefined,
  });
  // The tags are exactly those the policy uses in the chosen environment (a tag of another environment is dropped
  // when the environment changes); mirrored ones follow their fields until the person edits the tag themselves.
  const tagKeys = tagRules.map((rule) => rule.key).join(",");
  const mirroredKey = JSON.stringify(mirrored);
  useEffect(() => {
    const keys = tagKeys.split(",").filter(Boolean);
    const current = (getValues("tags") ?? {}) as Record<string, string>;
    const wanted = Object.fromEntries(keys.map((key) => [key, current[key] ?? ""]));
    for (const [key, value] of Object.entries(JSON.parse(mirroredKey) as Record<string, string>)) {
      if (keys.includes(key) && !editedTags.has(key)) wanted[key] = value;
    }
    if (JSON.stringify(wanted) !== JSON.stringify(current)) setValue("tags", wanted, { shouldValidate: formState.submitCount > 0 });
  }, [tagKeys, mirroredKey, editedTags, getValues, setValue, formState.submitCount]);

  function valuesToSend() {
    return { ...getValues(), requestId: draftId };
  }

  /** Puts the server's field errors (same paths as the form) on the fields. */
  function showServerErrors(error: ActionError | undefined) {
    for (const [field, messages] of Object.entries(error?.fieldErrors ?? {})) {
      setError(field === "name" ? "root.name" : (field as FieldPath<AccountRequestFields>), { type: "server", message: messages.join(" ") });
    }
  }

  // The browser validated; the server validates the raw values again with the same schema.
  const onSubmit = handleSubmit(
    async () => {
      const result = await submit.executeAsync(valuesToSend());
      if (result?.data) router.push(`/requests/${result.data.id}`);
      else {
        showServerErrors(result?.serverError);
        if (result?.serverError?.fieldErrors?.name) focusNamePreview();
      }
    },
    // The name is not a field of its own: when only it is wrong, bring its message into view.
    (invalid) => {
      if (Object.keys(invalid).every((key) => key === "name")) focusNamePreview();
    },
  );

  async function onSaveDraft() {
    const result = await saveDraft.executeAsync(valuesToSend());
    if (result?.data) {
      setDraftSavedAt(new Date());
      if (!draftId) router.replace(`/requests/new?draft=${result.data.id}`);
    } else showServerErrors(result?.serverError);
  }

  const errors = formState.errors;
  const nameError = errors.root?.name?.message;
  const serverError = submit.result.serverError ?? saveDraft.result.serverError;
  const busy = submit.isPending || saveDraft.isPending;
  const fieldError = (path: string): string | undefined => {
    let node: unknown = errors;
    for (const key of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[key];
    return (node as { message?: string } | undefined)?.message;
  };
  const aria = (path: string) => ({ "aria-invalid": fieldError(path) ? true : undefined, "aria-describedby": fieldError(path) ? `${path}-error` : undefined });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-8">
      {serverError && serverError.code !== "MFA_REQUIRED" && (
        <Notice tone="error" title={serverError.message}>
          {serverError.fieldErrors ? "See the messages next to the fields." : null}
        </Notice>
      )}
      {draftSavedAt && !serverError && <Notice title={`Draft saved at ${draftSavedAt.toLocaleTimeString()}`}>Resume it any time from Requests.</Notice>}

      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Account name</legend>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Names follow the convention <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{guardrails.namingTemplate}</code>: lower-case letters and
          digits in each part; {"{env}"} and {"{region}"} come from the environment and the first region.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          {freeParts.map((part) => (
            <div key={part}>
              <label htmlFor={`part-${part}`} className={labelClass}>
                {part.charAt(0).toUpperCase() + part.slice(1)}
              </label>
              <input id={`part-${part}`} className={inputClass} autoComplete="off" {...register(`nameParts.${part}` as FieldPath<AccountRequestFields>)} {...aria(`nameParts.${part}`)} />
              <FieldError id={`nameParts.${part}-error`} message={fieldError(`nameParts.${part}`)} />
            </div>
          ))}
        </div>
        <div id="account-name-preview" tabIndex={-1} aria-live="polite" className="rounded-md bg-slate-50 px-3 py-2 text-sm focus:outline-2 focus:outline-sky-500 dark:bg-slate-800/60">
          <span className="text-slate-600 dark:text-slate-400">Account name: </span>
          <strong data-testid="generated-name" className="font-mono">{generatedName}</strong>{" "}
          {nameComplete && <span className="text-xs text-slate-500">({generatedName.length}/25)</span>}
          {nameOk && availability.data?.name === generatedName && (
            <span className={availability.data.available ? "ml-2 text-emerald-700 dark:text-emerald-300" : "ml-2 text-rose-700 dark:text-rose-300"}>
              {availability.data.available ? "✓ available" : "✗ already used by an account or an open request"}
            </span>
          )}
          <FieldError id="name-error" message={nameIssues.name ?? nameError} />
        </div>
      </fieldset>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Placement</legend>
        <div>
          <label htmlFor="unitId" className={labelClass}>Unit</label>
          <select id="unitId" className={inputClass} {...register("unitId")} {...aria("unitId")}>
            <option value="">Choose a unit…</option>
            {options.units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {"\u00a0\u00a0".repeat(Math.max(0, unit.depth - 1))}
                {unit.name}
              </option>
            ))}
          </select>
          <FieldError id="unitId-error" message={fieldError("unitId")} />
        </div>
        <div>
          <label htmlFor="environment" className={labelClass}>Environment</label>
          <select id="environment" className={inputClass} {...register("environment")}>
            {ENVIRONMENTS.map((env) => (
              <option key={env.value} value={env.value}>{env.label}</option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-2">
          <span className={labelClass} id="regions-label">Regions</span>
          <div role="group" aria-labelledby="regions-label" className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {REGIONS.map((region) => (
              <label key={region.id} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" value={region.id} {...register("regions")} />
                {region.name} <span className="text-xs text-slate-500">({region.id})</span>
              </label>
            ))}
          </div>
          <FieldError id="regions-error" message={fieldError("regions")} />
        </div>
      </fieldset>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Ownership and cost</legend>
        <div>
          <label htmlFor="primaryOwnerId" className={labelClass}>Primary owner</label>
          <select id="primaryOwnerId" className={inputClass} {...register("primaryOwnerId")} {...aria("primaryOwnerId")}>
            <option value="">Choose a person…</option>
            {options.people.map((person) => (
              <option key={person.id} value={person.id}>{person.name} ({person.email})</option>
            ))}
          </select>
          <FieldError id="primaryOwnerId-error" message={fieldError("primaryOwnerId")} />
        </div>
        <div>
          <label htmlFor="secondaryOwnerIds" className={labelClass}>Secondary owners <span className="font-normal text-slate-500">(optional; Ctrl/⌘-click for several)</span></label>
          <select id="secondaryOwnerIds" multiple size={4} className={inputClass} {...register("secondaryOwnerIds")} {...aria("secondaryOwnerIds")}>
            {options.people.map((person) => (
              <option key={person.id} value={person.id}>{person.name}</option>
            ))}
          </select>
          <FieldError id="secondaryOwnerIds-error" message={fieldError("secondaryOwnerIds")} />
        </div>
        <div>
          <label htmlFor="teamId" className={labelClass}>Team <span className="font-normal text-slate-500">(optional)</span></label>
          <select id="teamId" className={inputClass} {...register("teamId", { setValueAs: (value: string | null) => value || null })}>
            <option value="">No team</option>
            {options.teams.map((team) => (
              <option key={team.id} value={team.id}>{team.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="costCenter" className={labelClass}>Cost center</label>
          <input id="costCenter" className={inputClass} placeholder="CC-1042" {...register("costCenter")} {...aria("costCenter")} />
          <FieldError id="costCenter-error" message={fieldError("costCenter")} />
        </div>
        <div>
          <label htmlFor="dataClassification" className={labelClass}>Data classification</label>
          <select id="dataClassification" className={inputClass} {...register("dataClassification")}>
            {CLASSIFICATIONS.map((classification) => (
              <option key={classification.value} value={classification.value}>{classification.label}</option>
            ))}
          </select>
        </div>
      </fieldset>

      <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Tags the tag policy requires</legend>
        {tagRules.length === 0 && <p className="text-sm text-slate-600 sm:col-span-2">The tag policy requires no tags in this environment.</p>}
        {tagRules.map((rule) => (
          <div key={rule.key}>
            <label htmlFor={`tag-${rule.key}`} className={labelClass}>
              <span className="sr-only">Tag </span>
              <code>{rule.key}</code>
            </label>
            {rule.allowedValues.length > 0 ? (
              <select id={`tag-${rule.key}`} className={inputClass} {...register(`tags.${rule.key}` as FieldPath<AccountRequestFields>, { onChange: () => markTagEdited(rule.key) })} {...aria(`tags.${rule.key}`)}>
                <option value="">Choose…</option>
                {rule.allowedValues.map((value) => (
                  <option key={value} value={value}>{value}</option>
                ))}
              </select>
            ) : (
              <input id={`tag-${rule.key}`} className={inputClass} {...register(`tags.${rule.key}` as FieldPath<AccountRequestFields>, { onChange: () => markTagEdited(rule.key) })} {...aria(`tags.${rule.key}`)} />
            )}
            <FieldError id={`tags.${rule.key}-error`} message={fieldError(`tags.${rule.key}`)} />
          </div>
        ))}
      </fieldset>

      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Why</legend>
        <div>
          <label htmlFor="justification" className={labelClass}>Business justification</label>
          <textarea id="justification" rows={4} className={inputClass} {...register("justification")} {...aria("justification")} />
          <p className="mt-1 text-xs text-slate-500">
            {(watched.justification ?? "").trim().length} characters; at least {JUSTIFICATION_MIN}.
          </p>
          <FieldError id="justification-error" message={fieldError("justification")} />
        </div>
        <div>
          <label htmlFor="ticketUrl" className={labelClass}>Ticket link <span className="font-normal text-slate-500">(optional)</span></label>
          <input id="ticketUrl" type="url" className={inputClass} placeholder="https://tickets.example.com/OPS-123" {...register("ticketUrl")} {...aria("ticketUrl")} />
          <FieldError id="ticketUrl-error" message={fieldError("ticketUrl")} />
        </div>
      </fieldset>

      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={busy} className={`${buttonClass} bg-sky-700 text-white hover:bg-sky-800`}>
          {submit.isPending ? "Submitting…" : "Submit for approval"}
        </button>
        <button type="button" disabled={busy} onClick={() => void onSaveDraft()} className={`${buttonClass} border border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800`}>
          {saveDraft.isPending ? "Saving…" : "Save draft"}
        </button>
      </div>
    </form>
  );
}
