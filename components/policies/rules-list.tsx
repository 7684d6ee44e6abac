import type { ApprovalRule } from "@/lib/account-requests/types";
import { scopeLabel, stagesLabel } from "./labels";

/** The rules of one version, read-only: which requests each applies to and the stages it requires. */
export function RulesList({ rules }: { rules: readonly ApprovalRule[] }) {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm">
      {rules.map((rule, index) => (
        <li key={index}>
          {scopeLabel(rule)} → <span className="font-medium">{stagesLabel(rule.stages)}</span>
        </li>
      ))}
    </ol>
  );
}
