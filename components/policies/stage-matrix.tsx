import clsx from "clsx";
import { CLASSIFICATION_LABEL, ENVIRONMENT_LABEL } from "@/components/accounts/labels";
import { STAGE_LABEL } from "@/lib/account-requests/constants";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { requiredStages } from "@/lib/account-requests/utils";
import { CLASSIFICATIONS, ENVIRONMENTS } from "@/lib/matrix/constants";

/**
 * Environment × classification → the stages a request there needs, computed with the same requiredStages the
 * request flow uses. A cell without any stage is flagged: the policy cannot be published like that.
 */
export function StageMatrix({ rules, caption }: { rules: readonly ApprovalRule[]; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm font-medium">{caption}</caption>
        <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Environment
            </th>
            {CLASSIFICATIONS.map((classification) => (
              <th key={classification.value} scope="col" className="px-2 py-1 font-medium">
                {classification.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {ENVIRONMENTS.map((environment) => (
            <tr key={environment.value}>
              <th scope="row" className="py-1.5 pr-3 font-medium">
                {environment.label}
              </th>
              {CLASSIFICATIONS.map((classification) => {
                const stages = requiredStages(rules, environment.value, classification.value);
                return (
                  <td
                    key={classification.value}
                    aria-label={`${ENVIRONMENT_LABEL[environment.value]} × ${CLASSIFICATION_LABEL[classification.value]}`}
                    className={clsx("px-2 py-1.5 align-top text-xs", stages.length === 0 && "bg-rose-50 text-rose-800 dark:bg-rose-950 dark:text-rose-200")}
                  >
                    {stages.length === 0 ? "No approval" : stages.map((stage) => <div key={stage}>{STAGE_LABEL[stage]}</div>)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
