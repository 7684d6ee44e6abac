import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { RoleSummary } from "@/lib/role-catalog/types";
import { ENVIRONMENTS } from "@/lib/matrix/constants";
import { formatDuration } from "@/lib/role-catalog/utils";
import { CicStatus } from "./cic-status";
import { STATUS_LABEL } from "./labels";

const ENVIRONMENT_LABEL = new Map(ENVIRONMENTS.map((environment) => [environment.value, environment.label]));

/** Every catalog role: its version in force, where it may be requested, for how long, and its CIC status. */
export function CatalogTable({ roles }: { roles: RoleSummary[] }) {
  if (roles.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No catalog roles yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Catalog roles</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th className="px-4 py-2">Role</th>
            <th className="px-4 py-2">State</th>
            <th className="px-4 py-2">Environments</th>
            <th className="px-4 py-2">Maximum</th>
            <th className="px-4 py-2">Version</th>
            <th className="px-4 py-2">Cloud Identity Center</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {roles.map((role) => (
            <tr key={role.id}>
              <td className="px-4 py-2">
                <Link href={`/admin/catalog/${role.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {role.name}
                </Link>
                <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{role.slug}</div>
              </td>
              <td className="px-4 py-2">
                <Badge tone={STATUS_LABEL[role.status].tone}>{STATUS_LABEL[role.status].label}</Badge>
                {role.breakGlassAllowed && <span className="ml-1 text-xs text-amber-800 dark:text-amber-300">break-glass</span>}
              </td>
              <td className="px-4 py-2">{role.environments.map((environment) => ENVIRONMENT_LABEL.get(environment) ?? environment).join(", ")}</td>
              <td className="px-4 py-2">{formatDuration(role.maxDurationSeconds)}</td>
              <td className="px-4 py-2">{role.currentVersion}</td>
              <td className="px-4 py-2">
                <CicStatus cic={role.cic} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
