"use client";

import { useState } from "react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { PublishError } from "@/components/policies/action-feedback";
import { SECONDARY_BUTTON_CLASS } from "@/components/policies/labels";
import { FORM_INPUT_CLASS } from "@/components/ui/field-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { rollbackRole, setRoleStatus } from "@/lib/role-catalog/actions";

/**
 * Rolls the role back to an older version: asks why, then publishes that version's content as the next version
 * (compare-and-set on the version in force). The page refreshes with the new version on top.
 */
export function RollbackButton({ roleId, baseVersion, toVersion }: { roleId: string; baseVersion: number; toVersion: number }) {
  const hydrated = useHydrated();
  const rollback = useGuardedAction(rollbackRole);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState(`Roll back to version ${toVersion}`);
  if (!open) {
    return (
      <button type="button" className={`mt-2 ${SECONDARY_BUTTON_CLASS}`} disabled={!hydrated} onClick={() => setOpen(true)}>
        Roll back to version {toVersion}
      </button>
    );
  }
  return (
    <form
      aria-label={`Roll back to version ${toVersion}`}
      className="mt-2 space-y-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await rollback.executeAsync({ roleId, baseVersion, toVersion, changeNote: note });
        if (result?.data) setOpen(false);
      }}
    >
      <label className="block text-sm">
        Why roll back?
        <input className={FORM_INPUT_CLASS} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <PublishError serverError={rollback.result.serverError} validationErrors={rollback.result.validationErrors} />
      <div className="flex gap-2">
        <button type="submit" className={SECONDARY_BUTTON_CLASS} disabled={rollback.isPending}>
          {rollback.isPending ? "Rolling back…" : `Publish version ${toVersion} again as version ${baseVersion + 1}`}
        </button>
        <button type="button" className={SECONDARY_BUTTON_CLASS} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Retires an active role (no new requests) or reactivates a retired one, with a reason for the audit history. */
export function StatusButton({ roleId, baseVersion, status }: { roleId: string; baseVersion: number; status: "ACTIVE" | "RETIRED" }) {
  const hydrated = useHydrated();
  const change = useGuardedAction(setRoleStatus);
  const target = status === "ACTIVE" ? "RETIRED" : "ACTIVE";
  const verb = target === "RETIRED" ? "Retire" : "Reactivate";
  const [note, setNote] = useState("");
  return (
    <form
      aria-label={`${verb} role`}
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        await change.executeAsync({ roleId, baseVersion, status: target, changeNote: note });
      }}
    >
      <label className="text-sm">
        Reason
        <input className={FORM_INPUT_CLASS} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" className={SECONDARY_BUTTON_CLASS} disabled={!hydrated || change.isPending}>
        {verb} role
      </button>
      <div className="w-full">
        <PublishError serverError={change.result.serverError} validationErrors={change.result.validationErrors} />
      </div>
    </form>
  );
}
