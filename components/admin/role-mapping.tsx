import { Badge } from "@/components/ui/badge";
import { ROLE_CAPABILITIES, ROLE_LABELS, ROLES, type Role } from "@/lib/core/roles";

export function RoleMapping({
  mapping,
  mfa,
}: {
  mapping: { group: string; roles: Role[] }[];
  mfa: { amr: string[]; acr: string[]; stepUpAcrValues: string };
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-3 font-semibold">Identity-provider groups</h2>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Group to role mapping</caption>
          <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">Group</th>
              <th scope="col" className="py-1 font-medium">Roles</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {mapping.map(({ group, roles }) => (
              <tr key={group}>
                <td className="py-1.5 pr-4 font-mono">{group}</td>
                <td className="py-1.5">
                  <span className="flex flex-wrap gap-1">
                    {roles.map((role) => (
                      <Badge key={role}>{ROLE_LABELS[role]}</Badge>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          People in none of these groups cannot sign in. Everyone who can is also a requester. MFA counts when the sign-in&apos;s
          <code> amr</code> includes one of <code>{mfa.amr.join(", ")}</code>
          {mfa.acr.length > 0 && (
            <>
              {" "}
              or its <code>acr</code> is one of <code>{mfa.acr.join(", ")}</code>
            </>
          )}
          ; a step-up asks the identity provider for <code>acr_values={mfa.stepUpAcrValues}</code>.
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="mb-3 font-semibold">What each role may do</h2>
        <dl className="space-y-3 text-sm">
          {ROLES.map((role) => (
            <div key={role}>
              <dt className="font-medium">{ROLE_LABELS[role]}</dt>
              <dd>
                <ul className="list-disc pl-5 text-slate-600 dark:text-slate-400">
                  {ROLE_CAPABILITIES[role].map((capability) => (
                    <li key={capability}>{capability}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
