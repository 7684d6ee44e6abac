"use client";

import { useState } from "react";
import { formatDate } from "@/components/accounts/labels";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { Badge } from "@/components/ui/badge";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ROLE_LABELS } from "@/lib/core/roles";
import { deactivateUser, reactivateUser } from "@/lib/users/actions";
import type { DirectoryUser } from "@/lib/users/types";

type Row = DirectoryUser & { canChangeActive: boolean };

const buttonClass =
  "rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

/** (De)activate with a confirmation step; the outcome is announced, errors are shown next to the button. */
function ActiveToggle({ user }: { user: Row }) {
  const deactivate = useGuardedAction(deactivateUser);
  const reactivate = useGuardedAction(reactivateUser);
  const current = user.active ? deactivate : reactivate;
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  const verb = user.active ? "Deactivate" : "Reactivate";
  const error = current.result.serverError;
  const done = deactivate.hasSucceeded ? `${user.name} is now inactive; their sessions have ended.` : reactivate.hasSucceeded ? `${user.name} is active again.` : null;
  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <span className="flex flex-wrap items-center justify-end gap-1 text-xs">
          {user.active ? "Their sessions end at once." : "They can sign in again."}
          <button
            type="button"
            className={buttonClass}
            disabled={!hydrated || current.isPending}
            aria-label={`Confirm: ${verb.toLowerCase()} ${user.name}`}
            onClick={() => {
              setConfirming(false);
              current.execute({ userId: user.id });
            }}
          >
            Yes, {verb.toLowerCase()}
          </button>
          <button type="button" className={buttonClass} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className={buttonClass} disabled={!hydrated || current.isPending} aria-label={`${verb} ${user.name}`} onClick={() => setConfirming(true)}>
          {verb}
        </button>
      )}
      <p role="status" className="text-xs text-emerald-700 dark:text-emerald-300">
        {done}
      </p>
      {error && error.code !== "MFA_REQUIRED" && error.code !== "UNAUTHENTICATED" && (
        <p role="alert" className="text-xs text-rose-700 dark:text-rose-300">
          {error.message}
        </p>
      )}
    </div>
  );
}

export function DirectoryTable({ users }: { users: Row[] }) {
  return (
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">People</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 uppercase dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-300">
            <tr>
              <th scope="col" className="px-4 py-3">Person</th>
              <th scope="col" className="px-4 py-3">Roles</th>
              <th scope="col" className="px-4 py-3">Status</th>
              <th scope="col" className="px-4 py-3">Last sign-in</th>
              <th scope="col" className="px-4 py-3">Open sessions</th>
              <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {users.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-3">
                  <div className="font-medium">{user.name}</div>
                  <div className="text-xs text-slate-500 dark:text-slate-400">{user.email}</div>
                </td>
                <td className="px-4 py-3">
                  {user.roles ? (
                    <span className="flex flex-wrap gap-1">
                      {user.roles.map((role) => (
                        <Badge key={role}>{ROLE_LABELS[role]}</Badge>
                      ))}
                    </span>
                  ) : (
                    <Badge tone="warning">No access</Badge>
                  )}
                </td>
                <td className="px-4 py-3">{user.active ? <Badge tone="success">Active</Badge> : <Badge tone="danger">Inactive</Badge>}</td>
                <td className="px-4 py-3">{formatDate(user.lastLoginAt)}</td>
                <td className="px-4 py-3">{user.openSessions}</td>
                <td className="px-4 py-3 text-right">{user.canChangeActive && <ActiveToggle user={user} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
  );
}
