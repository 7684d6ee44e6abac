"use client";

import { LogOut } from "lucide-react";
import { useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { endSession } from "@/lib/core/auth-client";
import { ROLE_LABELS, type Role } from "@/lib/core/roles";
import { signOutEverywhere } from "@/lib/users/actions";

export interface SignedInPerson {
  name: string;
  email: string;
  roles: Role[];
  mfa: boolean;
}

export function UserMenu({ person }: { person: SignedInPerson }) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <section aria-label="Signed in" className="space-y-2 px-1 text-sm">
      <div>
        <div className="font-medium" data-testid="signed-in-name">
          {person.name}
        </div>
        <div className="truncate text-xs text-slate-500 dark:text-slate-400">{person.email}</div>
        <ul aria-label="Your roles" className="mt-1 flex flex-wrap gap-1">
          {person.roles.map((role) => (
            <li key={role} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
              {ROLE_LABELS[role]}
            </li>
          ))}
          {person.mfa && <li className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100">MFA</li>}
        </ul>
      </div>
      <div className="flex flex-wrap gap-1">
        <button
          type="button"
          disabled={!hydrated || pending}
          onClick={() => {
            setPending(true);
            void endSession();
          }}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          <LogOut aria-hidden className="size-3.5" />
          Sign out
        </button>
        <button
          type="button"
          disabled={!hydrated || pending}
          onClick={async () => {
            setPending(true);
            await signOutEverywhere({});
            await endSession();
          }}
          className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          Sign out everywhere
        </button>
      </div>
    </section>
  );
}
