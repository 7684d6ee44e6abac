"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch, type FieldPath } from "react-hook-form";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { useHydrated } from "@/components/ui/use-hydrated";
import { FieldError, FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { Notice } from "@/components/ui/notice";
import { formatDateTime } from "@/components/ui/date-time";
import { requestAccess, requestBreakGlassAccess } from "@/lib/access/actions";
import { BREAK_GLASS_REASON_MIN, GRANT_STATUS_LABEL, JUSTIFICATION_MIN } from "@/lib/access/constants";
import { accessRequestSchema, type AccessRequestFields, type AccessRequestValues } from "@/lib/access/schema";
import { accessReference } from "@/lib/access/utils";
import { formatDuration } from "@/lib/role-catalog/utils";
import type { AccessGrantStatus, CatalogReviewer, Environment } from "@/lib/core/generated/prisma/enums";
import type { ActionError } from "@/lib/core/safe-action";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { DURATION_CHOICES_SECONDS } from "@/lib/role-catalog/constants";
import { REVIEWER_LABEL } from "@/lib/role-catalog/constants";

export interface RequestableRoleOption {
  id: string;
  name: string;
  description: string;
  environments: Environment[];
  maxDurationSeconds: number;
  approvalsRequired: number;
  reviewers: CatalogReviewer[];
  securityForProd: boolean;
  breakGlassAllowed: boolean;
}

export interface TargetAccountOption {
  id: string;
  name: string;
  memberUin: string | null;
  environment: Environment;
}

/** A live grant or pending request of the person, to explain overlaps before they submit. */
export interface ExistingAccess {
  accountId: string;
  roleId: string;
  roleName: string;
  status: AccessGrantStatus;
  until: string | null;
  requestId: string;
  requestNumber: number;
}

const labelClass = "block text-sm font-medium";
/** What was typed survives the trip to confirm with MFA (break-glass needs it): this tab's session storage. */
const SAVED_FORM_KEY = "lattice:access-request-form";

const SAVED_FORM_MAX_AGE_MS = 10 * 60_000;

interface SavedForm {
  savedAt: number;
  values: AccessRequestFields;
  startLocal: string;
  schedule: boolean;
}
const buttonClass = "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
const environmentLabel = (environment: Environment) => ENVIRONMENTS.find((entry) => entry.value === environment)?.label ?? environment;

/** A datetime-local value (the browser's zone) as ISO 8601 with the offset, which the server understands. */
function localToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * The access request form: a catalog role, one or several accounts where the role may be requested, a duration up
 * to the role's maximum, now or a scheduled start, and why. It validates while you type with the schema the
 * server runs, explains access you already have or asked for, and offers break-glass where the role allows it.
 */
export function AccessRequestForm(props: AccessRequestFormProps) {
  // Rendered in the browser only: it may resume from this tab's session storage, which the server cannot read.
  const hydrated = useHydrated();
  if (!hydrated) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading the form…</p>;
  return <AccessRequestFormBody {...props} />;
}

interface AccessRequestFormProps {
  roles: RequestableRoleOption[];
  accounts: TargetAccountOption[];
  existing: ExistingAccess[];
}

/** Kept while the person confirms with MFA (a break-glass submission asks for it). */
function saveForm(form: Omit<SavedForm, "savedAt">) {
  sessionStorage.setItem(SAVED_FORM_KEY, JSON.stringify({ ...form, savedAt: Date.now() } satisfies SavedForm));
}

/** Back from confirming with MFA: the form as it was submitted a moment ago (an older one is not resumed). */
function readSavedForm(): SavedForm | null {
  const saved = sessionStorage.getItem(SAVED_FORM_KEY);
  const form = saved ? (JSON.parse(saved) as SavedForm) : null;
  return form && Date.now() - form.savedAt < SAVED_FORM_MAX_AGE_MS ? form : null;
}

function AccessRequestFormBody({ roles, accounts, existing }: AccessRequestFormProps) {
  const router = useRouter();
  const [restored] = useState(readSavedForm);
  // Resumed once: dropped after the first render reads it.
  useEffect(() => sessionStorage.removeItem(SAVED_FORM_KEY), []);
  const [filter, setFilter] = useState("");
  const [startLocal, setStartLocal] = useState(restored?.startLocal ?? "");
  const [schedule, setSchedule] = useState(restored?.schedule ?? false);
  const normal = useGuardedAction(requestAccess);
  const breakGlassAction = useGuardedAction(requestBreakGlassAccess);
  const defaults: AccessRequestFields = { roleId: "", accountIds: [], durationSeconds: 3600, startAt: null, justification: "", ticketUrl: "", breakGlass: false };
  const [roleId, setRoleId] = useState(restored?.values.roleId ?? "");
  const role = roles.find((candidate) => candidate.id === roleId) ?? null;
  const schema = useMemo(() => accessRequestSchema(role), [role]);
  const form = useForm<AccessRequestFields, unknown, AccessRequestValues>({ resolver: zodResolver(schema), mode: "onChange", defaultValues: restored?.values ?? defaults });
  const { register, control, formState, setError, setValue, handleSubmit } = form;
  const watched = useWatch({ control });
  const chosen = (watched.accountIds ?? []) as string[];
  const breakGlass = watched.breakGlass === true;

  const eligibleAccounts = role ? accounts.filter((account) => role.environments.includes(account.environment)) : [];
  const needle = filter.trim().toLowerCase();
  const shownAccounts = eligibleAccounts.filter((account) => !needle || account.name.toLowerCase().includes(needle) || account.memberUin?.includes(needle));
  const overlaps = existing.filter((entry) => entry.roleId === roleId && chosen.includes(entry.accountId));
  const accountName = (id: string) => accounts.find((account) => account.id === id)?.name ?? id;

  function chooseRole(id: string) {
    setRoleId(id);
    const next = roles.find((candidate) => candidate.id === id);
    setValue("roleId", id, { shouldValidate: true });
    // Accounts the new role cannot target, and a duration over its maximum, are dropped rather than refused later.
    if (next) {
      setValue("accountIds", chosen.filter((accountId) => next.environments.includes(accounts.find((account) => account.id === accountId)?.environment ?? "DEV")));
      if (Number(watched.durationSeconds) > next.maxDurationSeconds) setValue("durationSeconds", next.maxDurationSeconds);
      if (!next.breakGlassAllowed) setValue("breakGlass", false);
    }
  }

  function toggleAccount(id: string) {
    const next = chosen.includes(id) ? chosen.filter((accountId) => accountId !== id) : [...chosen, id];
    setValue("accountIds", next, { shouldValidate: true });
  }

  function showServerErrors(error: ActionError | undefined) {
    for (const [field, messages] of Object.entries(error?.fieldErrors ?? {})) {
      setError(field as FieldPath<AccessRequestFields>, { type: "server", message: messages.join(" ") });
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    saveForm({ values: form.getValues(), startLocal, schedule });
    const payload = { ...values, startAt: values.breakGlass ? null : values.startAt };
    const result = values.breakGlass ? await breakGlassAction.executeAsync({ ...payload, breakGlass: true }) : await normal.executeAsync({ ...payload, breakGlass: false });
    if (result?.serverError?.code !== "MFA_REQUIRED") sessionStorage.removeItem(SAVED_FORM_KEY);
    if (result?.data) router.push(`/access/${result.data.requestId}`);
    else showServerErrors(result?.serverError);
  });

  const errors = formState.errors;
  const serverError = normal.result.serverError ?? breakGlassAction.result.serverError;
  const busy = normal.isPending || breakGlassAction.isPending;
  const aria = (field: keyof AccessRequestFields) => ({ "aria-invalid": errors[field] ? true : undefined, "aria-describedby": errors[field] ? `${field}-error` : undefined });
  const durations = DURATION_CHOICES_SECONDS.filter((seconds) => !role || seconds <= role.maxDurationSeconds);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-8">
      {restored !== null && !serverError && <Notice title="Confirmed with MFA">Your request is as you left it: check it and submit it again.</Notice>}
      {serverError && serverError.code !== "MFA_REQUIRED" && (
        <Notice tone="error" title={serverError.message}>
          {serverError.fieldErrors ? "See the messages next to the fields." : null}
        </Notice>
      )}

      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Role</legend>
        {roles.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">The role catalog is empty: a platform admin publishes the roles people may request.</p>
        ) : (
          <div>
            <label htmlFor="roleId" className={labelClass}>Catalog role</label>
            <select id="roleId" className={FORM_INPUT_CLASS} value={roleId} onChange={(event) => chooseRole(event.target.value)} {...aria("roleId")}>
              <option value="">Choose a role…</option>
              {roles.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>{candidate.name}</option>
              ))}
            </select>
            <FieldError id="roleId-error" message={errors.roleId?.message} />
          </div>
        )}
        {role && (
          <div data-testid="role-facts" className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60">
            <p>{role.description}</p>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              Up to {formatDuration(role.maxDurationSeconds)} in {role.environments.map(environmentLabel).join(", ")} accounts. Needs {role.approvalsRequired} approval
              {role.approvalsRequired === 1 ? "" : "s"} from {role.reviewers.map((reviewer) => REVIEWER_LABEL[reviewer].toLowerCase()).join(" or ")}
              {role.securityForProd ? "; on production accounts a security reviewer must be among them" : ""}.{role.breakGlassAllowed ? " Break-glass allowed." : ""}
            </p>
          </div>
        )}
      </fieldset>

      {role && (
        <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <legend className="px-1 text-sm font-semibold">Accounts</legend>
          <div className="flex flex-wrap items-end gap-3">
            <div className="grow">
              <label htmlFor="account-filter" className={labelClass}>Filter accounts</label>
              <input id="account-filter" type="search" className={FORM_INPUT_CLASS} value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="Name or UIN" />
            </div>
            <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">{chosen.length} chosen</p>
          </div>
          <ul aria-label="Accounts you may request this role on" {...aria("accountIds")} className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {shownAccounts.map((account) => (
              <li key={account.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <input id={`account-${account.id}`} type="checkbox" checked={chosen.includes(account.id)} onChange={() => toggleAccount(account.id)} />
                <label htmlFor={`account-${account.id}`} className="flex grow justify-between gap-2">
                  <span className="font-mono">{account.name}</span>
                  <span className="text-slate-500">{environmentLabel(account.environment)} · {account.memberUin}</span>
                </label>
              </li>
            ))}
            {shownAccounts.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">No account matches.</li>}
          </ul>
          <FieldError id="accountIds-error" message={errors.accountIds?.message} />
          {overlaps.length > 0 && (
            <Notice title="You already have or asked for this role on some of these accounts">
              <ul className="list-disc pl-5">
                {overlaps.map((entry) => (
                  <li key={`${entry.requestId}-${entry.accountId}`}>
                    {accountName(entry.accountId)}: {GRANT_STATUS_LABEL[entry.status].toLowerCase()} through{" "}
                    <a className="underline" href={`/access/${entry.requestId}`}>{accessReference(entry.requestNumber)}</a>
                    {entry.until ? `, until ${formatDateTime(entry.until)}` : ""}.
                  </li>
                ))}
              </ul>
              <p className="mt-1">A new request extends access (it needs its own approval); a pending one must be decided or cancelled first.</p>
            </Notice>
          )}
        </fieldset>
      )}

      {role && (
        <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 dark:border-slate-800">
          <legend className="px-1 text-sm font-semibold">When and how long</legend>
          <div>
            <label htmlFor="durationSeconds" className={labelClass}>Duration</label>
            <select id="durationSeconds" className={FORM_INPUT_CLASS} {...register("durationSeconds")} {...aria("durationSeconds")}>
              {durations.map((seconds) => (
                <option key={seconds} value={seconds}>{formatDuration(seconds)}</option>
              ))}
            </select>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              The clock starts when access is activated, not when you ask. CLI credentials need 15 minutes of access left, so a 15-minute grant is console-only.
            </p>
            <FieldError id="durationSeconds-error" message={errors.durationSeconds?.message} />
          </div>
          {!breakGlass && (
            <div>
              <span className={labelClass}>Start</span>
              <div className="mt-1 flex gap-4 text-sm">
                <label className="flex items-center gap-1">
                  <input type="radio" name="start-mode" checked={!schedule} onChange={() => { setSchedule(false); setValue("startAt", null, { shouldValidate: true }); }} /> As soon as approved
                </label>
                <label className="flex items-center gap-1">
                  <input type="radio" name="start-mode" checked={schedule} onChange={() => setSchedule(true)} /> At a time
                </label>
              </div>
              {schedule && (
                <>
                  <label htmlFor="startAt" className="mt-2 block text-xs text-slate-600 dark:text-slate-400">
                    Start time, in your browser&apos;s time zone{startLocal && watched.startAt ? ` (${formatDateTime(watched.startAt)})` : ""}
                  </label>
                  <input
                    id="startAt"
                    type="datetime-local"
                    className={FORM_INPUT_CLASS}
                    value={startLocal}
                    onChange={(event) => {
                      setStartLocal(event.target.value);
                      setValue("startAt", localToIso(event.target.value), { shouldValidate: true });
                    }}
                    {...aria("startAt")}
                  />
                </>
              )}
              <FieldError id="startAt-error" message={errors.startAt?.message} />
            </div>
          )}
        </fieldset>
      )}

      {role && (
        <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <legend className="px-1 text-sm font-semibold">Why</legend>
          {role.breakGlassAllowed && (
            <div className={breakGlass ? "rounded-md border border-rose-300 bg-rose-50 p-3 dark:border-rose-800 dark:bg-rose-950/40" : ""}>
              <label className="flex items-center gap-2 text-sm font-medium">
                <input type="checkbox" {...register("breakGlass")} /> Break-glass: this is an emergency
              </label>
              {breakGlass && (
                <p className="mt-1 text-sm text-rose-800 dark:text-rose-200">
                  Access starts now without a review. Every reviewer and security are alerted at once, and a security reviewer reviews what you did afterwards. You will confirm with MFA.
                </p>
              )}
              <FieldError id="breakGlass-error" message={errors.breakGlass?.message} />
            </div>
          )}
          <div>
            <label htmlFor="justification" className={labelClass}>{breakGlass ? "What is the emergency?" : "Justification"}</label>
            <textarea id="justification" rows={4} className={FORM_INPUT_CLASS} {...register("justification")} {...aria("justification")} />
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">At least {breakGlass ? BREAK_GLASS_REASON_MIN : JUSTIFICATION_MIN} characters; reviewers read it.</p>
            <FieldError id="justification-error" message={errors.justification?.message} />
          </div>
          <div>
            <label htmlFor="ticketUrl" className={labelClass}>Ticket link (optional)</label>
            <input id="ticketUrl" type="url" className={FORM_INPUT_CLASS} placeholder="https://" {...register("ticketUrl")} {...aria("ticketUrl")} />
            <FieldError id="ticketUrl-error" message={errors.ticketUrl?.message} />
          </div>
        </fieldset>
      )}

      <div className="flex gap-3">
        <button type="submit" disabled={busy || !role} className={`${buttonClass} ${breakGlass ? "bg-rose-700 hover:bg-rose-800" : "bg-sky-700 hover:bg-sky-800"} text-white`}>
          {busy ? "Submitting…" : breakGlass ? "Break glass and activate now" : "Submit for review"}
        </button>
      </div>
    </form>
  );
}
