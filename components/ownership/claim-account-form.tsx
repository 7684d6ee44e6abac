"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { PRIMARY_BUTTON_CLASS } from "@/components/policies/labels";
import { FieldError, FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { Notice } from "@/components/ui/notice";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { Environment } from "@/lib/core/generated/prisma/enums";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { claimUnmanagedAccount } from "@/lib/ownership/actions";
import { claimAccountInput, type ClaimAccountFields, type ClaimAccountValues } from "@/lib/ownership/schema";

type Option = { id: string; name: string };

/**
 * A platform admin claims an unmanaged account: names its primary owner (an active person), team and environment.
 * Claiming needs MFA (useGuardedAction sends the admin through the step-up and back). Field problems found by the
 * server (an owner who left meanwhile) show next to the field.
 */
export function ClaimAccountForm({
  accountId,
  environment,
  people,
  teams,
}: {
  accountId: string;
  environment: Environment;
  people: (Option & { email: string })[];
  teams: Option[];
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const claim = useGuardedAction(claimUnmanagedAccount);
  const form = useForm<ClaimAccountFields, unknown, ClaimAccountValues>({
    resolver: zodResolver(claimAccountInput),
    defaultValues: { accountId, primaryOwnerId: "", teamId: "", environment },
  });
  const { register, handleSubmit, formState } = form;
  const serverError = claim.result.serverError;
  const serverFields = serverError?.fieldErrors ?? {};
  const messageOf = (field: "primaryOwnerId" | "teamId" | "environment") => formState.errors[field]?.message ?? serverFields[field]?.[0];

  const onSubmit = handleSubmit(async (values) => {
    const result = await claim.executeAsync(values);
    if (result?.data || result?.serverError?.code === "CONFLICT") router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Claim this account" className="mt-3 space-y-3">
      <label className="block text-sm font-medium">
        Primary owner
        <select className={FORM_INPUT_CLASS} aria-invalid={messageOf("primaryOwnerId") ? true : undefined} aria-describedby="claim-owner-error" {...register("primaryOwnerId")}>
          <option value="">Choose a person…</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </select>
        <FieldError id="claim-owner-error" message={messageOf("primaryOwnerId")} />
      </label>
      <label className="block text-sm font-medium">
        Team (optional)
        <select className={FORM_INPUT_CLASS} aria-invalid={messageOf("teamId") ? true : undefined} aria-describedby="claim-team-error" {...register("teamId")}>
          <option value="">No team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        <FieldError id="claim-team-error" message={messageOf("teamId")} />
      </label>
      <label className="block text-sm font-medium">
        Environment
        <select className={FORM_INPUT_CLASS} aria-invalid={messageOf("environment") ? true : undefined} aria-describedby="claim-environment-error" {...register("environment")}>
          {ENVIRONMENTS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <FieldError id="claim-environment-error" message={messageOf("environment")} />
      </label>
      {serverError && serverError.code !== "MFA_REQUIRED" && serverError.code !== "UNAUTHENTICATED" && (
        <Notice tone="error" title="Not claimed">
          {serverError.message}
        </Notice>
      )}
      <button type="submit" className={PRIMARY_BUTTON_CLASS} disabled={!hydrated || claim.isPending}>
        {claim.isPending ? "Claiming…" : "Claim account"}
      </button>
    </form>
  );
}
