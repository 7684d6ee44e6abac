"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { FieldError, FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { Notice } from "@/components/ui/notice";
import { useHydrated } from "@/components/ui/use-hydrated";
import { publishNamingConventionVersion } from "@/lib/policies/actions";
import { namingConventionInput, type NamingConventionFields, type NamingConventionValues } from "@/lib/policies/schema";
import { templateProblems } from "@/lib/policies/utils";
import { PublishError } from "./action-feedback";
import { PRIMARY_BUTTON_CLASS } from "./labels";
import { NameExample } from "./name-example";

/**
 * The naming convention editor: every problem with the template is listed while typing (same rules as the server),
 * with an example name rendered from sample values. Publishing creates the next version (compare-and-set).
 */
export function NamingConventionForm({ current }: { current: { version: number; template: string } }) {
  const hydrated = useHydrated();
  const form = useForm<NamingConventionFields, unknown, NamingConventionValues>({
    resolver: zodResolver(namingConventionInput),
    mode: "onChange",
    defaultValues: { baseVersion: current.version, template: current.template, description: "" },
  });
  const { control, register, handleSubmit, formState, reset } = form;
  const template = (useWatch({ control, name: "template" }) ?? "").trim();
  const baseVersion = useWatch({ control, name: "baseVersion" });
  const publish = useGuardedAction(publishNamingConventionVersion);
  const [published, setPublished] = useState<number | null>(null);

  const onSubmit = handleSubmit(async (values) => {
    setPublished(null);
    const result = await publish.executeAsync(values);
    if (result?.data) {
      setPublished(result.data.version);
      reset({ baseVersion: result.data.version, template: values.template, description: "" });
    }
  });

  const errors = formState.errors;
  // Every problem at once, not only the first one the resolver keeps; other template errors (length) as they come.
  const problems = template ? templateProblems(template) : [];
  const otherTemplateError = errors.template?.message && !problems.includes(errors.template.message) ? errors.template.message : undefined;
  const templateMessages = [...problems, ...(otherTemplateError ? [otherTemplateError] : [])];
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New naming convention version" className="space-y-4">
      <label className="block text-sm font-medium">
        Template
        <input
          className={`${FORM_INPUT_CLASS} font-mono`}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={templateMessages.length > 0 ? true : undefined}
          aria-describedby="template-hint template-problems"
          {...register("template")}
        />
        <span id="template-hint" className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">
          Placeholders in braces, lower case: <code>{"{env}"}</code> (required) and <code>{"{region}"}</code> are filled in by Lattice, every other
          placeholder is typed by the requester. Between them only letters, digits and <code>+@&amp;._[]-:,</code>.
        </span>
      </label>
      {templateMessages.length > 0 && (
        <ul id="template-problems" role="alert" className="list-disc pl-5 text-sm text-rose-700 dark:text-rose-300">
          {templateMessages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {template && problems.length === 0 && <NameExample template={template} />}
      <label className="block text-sm font-medium">
        What changes, and why
        <textarea rows={2} className={FORM_INPUT_CLASS} aria-invalid={errors.description ? true : undefined} aria-describedby="naming-description-error" {...register("description")} />
        <FieldError id="naming-description-error" message={errors.description?.message} />
      </label>
      <PublishError serverError={publish.result.serverError} validationErrors={publish.result.validationErrors} />
      {published !== null && (
        <Notice title={`Naming convention version ${published} published`}>New requests and drafts are named by it from now on; existing accounts keep their names.</Notice>
      )}
      <button type="submit" className={PRIMARY_BUTTON_CLASS} disabled={!hydrated || publish.isPending}>
        {publish.isPending ? "Publishing…" : `Publish version ${baseVersion + 1}`}
      </button>
    </form>
  );
}
