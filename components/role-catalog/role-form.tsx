"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type FieldErrors } from "react-hook-form";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { PublishError } from "@/components/policies/action-feedback";
import { PRIMARY_BUTTON_CLASS, SECONDARY_BUTTON_CLASS } from "@/components/policies/labels";
import { FieldError, FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { createRole, publishRoleVersion } from "@/lib/role-catalog/actions";
import { DURATION_CHOICES_SECONDS, MAX_APPROVALS, MAX_POLICY_DOCUMENTS, REVIEWER_LABEL, REVIEWERS } from "@/lib/role-catalog/constants";
import { createRoleInput, policyTextProblems, publishVersionInput, type CreateRoleFields, type CreateRoleValues } from "@/lib/role-catalog/schema";
import type { RoleContent } from "@/lib/role-catalog/types";
import { formatDuration, prettyPolicy } from "@/lib/role-catalog/utils";

const STARTER_POLICY = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cvm:Describe*"], resource: "*" }] }, null, 2);

const EMPTY_CONTENT: RoleContent = {
  name: "",
  description: "",
  policyDocuments: [STARTER_POLICY],
  environments: [],
  maxDurationSeconds: 3600,
  approvalsRequired: 1,
  reviewers: ["APPROVER"],
  securityForProd: true,
  breakGlassAllowed: false,
};

type Props =
  | { mode: "create" }
  | { mode: "publish"; roleId: string; slug: string; current: { version: number; content: RoleContent } };

function message(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  return node && typeof node === "object" && "message" in node ? String((node as { message?: unknown }).message ?? "") || undefined : undefined;
}

/**
 * The catalog role editor: a new role (with its slug) or the next version of one (compare-and-set on the version
 * it was opened on). Policy documents are JSON text; every grammar problem is listed while typing, with the same
 * rules the server applies. One schema validates here (zodResolver) and in the action.
 */
export function RoleForm(props: Props) {
  const hydrated = useHydrated();
  const router = useRouter();
  const start = props.mode === "publish" ? { ...props.current.content, policyDocuments: props.current.content.policyDocuments.map(prettyPolicy) } : EMPTY_CONTENT;
  // The publish form sends roleId/baseVersion instead of slug; both share `content` and `changeNote`.
  const schema = props.mode === "create" ? createRoleInput : publishVersionInput.omit({ roleId: true, baseVersion: true }).extend({ slug: createRoleInput.shape.slug.optional() });
  const form = useForm<CreateRoleFields, unknown, CreateRoleValues>({
    resolver: zodResolver(schema as typeof createRoleInput),
    mode: "onChange",
    defaultValues: { slug: props.mode === "publish" ? props.slug : "", content: start, changeNote: "" },
  });
  const { control, register, handleSubmit, formState, setValue } = form;
  const policies = useWatch({ control, name: "content.policyDocuments" }) ?? [];
  const create = useGuardedAction(createRole);
  const publish = useGuardedAction(publishRoleVersion);
  const action = props.mode === "create" ? create : publish;
  // The page gives the form a new key when a version is published (here or by a rollback), so it restarts on it.
  const baseVersion = props.mode === "publish" ? props.current.version : 0;

  const onSubmit = handleSubmit(async (values) => {
    if (props.mode === "create") {
      const result = await create.executeAsync({ slug: values.slug, content: values.content, changeNote: values.changeNote });
      if (result?.data) router.push(`/admin/catalog/${result.data.roleId}`);
      return;
    }
    // On success the page is revalidated and shows the new version, with a fresh form on top of it.
    await publish.executeAsync({ roleId: props.roleId, baseVersion, content: values.content, changeNote: values.changeNote });
  });

  const errors = formState.errors;
  const label = props.mode === "create" ? "New catalog role" : "New catalog role version";
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label} className="space-y-5">
      {props.mode === "create" && (
        <label className="block text-sm font-medium">
          Slug
          <input className={`${FORM_INPUT_CLASS} font-mono`} autoComplete="off" spellCheck={false} aria-invalid={errors.slug ? true : undefined} aria-describedby="slug-hint slug-error" {...register("slug")} />
          <span id="slug-hint" className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">
            Stable and never changes: the Cloud Identity Center role configuration is named <code>lattice-&lt;slug&gt;</code>.
          </span>
          <FieldError id="slug-error" message={errors.slug?.message} />
        </label>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm font-medium">
          Name
          <input className={FORM_INPUT_CLASS} aria-invalid={errors.content?.name ? true : undefined} aria-describedby="name-error" {...register("content.name")} />
          <FieldError id="name-error" message={errors.content?.name?.message} />
        </label>
        <label className="block text-sm font-medium">
          Maximum duration
          <select className={FORM_INPUT_CLASS} aria-describedby="duration-hint duration-error" {...register("content.maxDurationSeconds", { setValueAs: (value: string | number) => Number(value) })}>
            {DURATION_CHOICES_SECONDS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {formatDuration(seconds)}
              </option>
            ))}
          </select>
          <span id="duration-hint" className="mt-1 block text-xs font-normal text-slate-500 dark:text-slate-400">
            The longest grant, and the CIC session duration (15 minutes to 12 hours).
          </span>
          <FieldError id="duration-error" message={errors.content?.maxDurationSeconds?.message} />
        </label>
      </div>
      <label className="block text-sm font-medium">
        Description
        <textarea rows={2} className={FORM_INPUT_CLASS} aria-invalid={errors.content?.description ? true : undefined} aria-describedby="description-error" {...register("content.description")} />
        <FieldError id="description-error" message={errors.content?.description?.message} />
      </label>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">CAM policy documents</legend>
        {policies.map((text, index) => {
          const problems = policyTextProblems(text ?? "");
          return (
            <div key={index} className="space-y-1">
              <div className="flex items-center justify-between">
                <label htmlFor={`policy-${index}`} className="text-sm">
                  Policy document {index + 1}
                </label>
                {policies.length > 1 && (
                  <button
                    type="button"
                    className={SECONDARY_BUTTON_CLASS}
                    onClick={() => setValue("content.policyDocuments", policies.filter((_, other) => other !== index), { shouldValidate: true, shouldDirty: true })}
                  >
                    Remove policy document {index + 1}
                  </button>
                )}
              </div>
              <textarea
                id={`policy-${index}`}
                rows={10}
                spellCheck={false}
                className={`${FORM_INPUT_CLASS} font-mono text-xs`}
                aria-invalid={problems.length > 0 ? true : undefined}
                aria-describedby={`policy-${index}-problems`}
                {...register(`content.policyDocuments.${index}`)}
              />
              {problems.length > 0 && (
                <ul id={`policy-${index}-problems`} role="alert" aria-label={`Problems in policy document ${index + 1}`} className="list-disc pl-5 text-sm text-rose-700 dark:text-rose-300">
                  {problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
        {policies.length < MAX_POLICY_DOCUMENTS && (
          <button type="button" className={SECONDARY_BUTTON_CLASS} onClick={() => setValue("content.policyDocuments", [...policies, STARTER_POLICY], { shouldValidate: true, shouldDirty: true })}>
            Add policy document
          </button>
        )}
        <FieldError id="policies-error" message={message(errors, "content.policyDocuments")} />
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium">Environments where it may be requested</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {ENVIRONMENTS.map((environment) => (
            <label key={environment.value} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" value={environment.value} {...register("content.environments")} />
              {environment.label}
            </label>
          ))}
        </div>
        <FieldError id="environments-error" message={errors.content?.environments?.message} />
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Approval rule</legend>
        <label className="block text-sm">
          Approvals needed (distinct people)
          <select className={`${FORM_INPUT_CLASS} max-w-24`} {...register("content.approvalsRequired", { setValueAs: (value: string | number) => Number(value) })}>
            {Array.from({ length: MAX_APPROVALS }, (_, index) => index + 1).map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
          </select>
        </label>
        <div role="group" aria-label="Who may approve" className="flex flex-wrap gap-4">
          {REVIEWERS.map((reviewer) => (
            <label key={reviewer} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" value={reviewer} {...register("content.reviewers")} />
              {REVIEWER_LABEL[reviewer]}
            </label>
          ))}
        </div>
        <FieldError id="reviewers-error" message={errors.content?.reviewers?.message} />
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" {...register("content.securityForProd")} />
          Production requests need a security reviewer among the approvals
        </label>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" {...register("content.breakGlassAllowed")} />
          Break-glass allowed (immediate access with a reason, reviewed afterwards)
        </label>
      </fieldset>

      <label className="block text-sm font-medium">
        What changes, and why
        <textarea rows={2} className={FORM_INPUT_CLASS} aria-invalid={errors.changeNote ? true : undefined} aria-describedby="change-note-error" {...register("changeNote")} />
        <FieldError id="change-note-error" message={errors.changeNote?.message} />
      </label>
      <PublishError serverError={action.result.serverError} validationErrors={action.result.validationErrors} />
      <button type="submit" className={PRIMARY_BUTTON_CLASS} disabled={!hydrated || action.isPending}>
        {action.isPending ? "Publishing…" : props.mode === "create" ? "Create role" : `Publish version ${baseVersion + 1}`}
      </button>
    </form>
  );
}
