import { Badge } from "@/components/ui/badge";
import type { ApprovalRule } from "@/lib/account-requests/types";
import { ApprovalPolicyForm } from "./approval-policy-form";
import { CARD_CLASS } from "./labels";
import { NameExample } from "./name-example";
import { NamingConventionForm } from "./naming-convention-form";
import { RulesList } from "./rules-list";
import { StageMatrix } from "./stage-matrix";

interface Props {
  canPublish: boolean;
  approval: { version: number; rules: ApprovalRule[]; decisionHours: number };
  naming: { version: number; template: string };
}

/** The two policies in force: editors for platform admins, a read-only view for everyone else who may see them. */
export function CurrentPolicies({ canPublish, approval, naming }: Props) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="approval-heading" className={CARD_CLASS}>
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <h2 id="approval-heading" className="text-lg font-semibold">
            Approval policy
          </h2>
          <Badge tone="success">Version {approval.version} in force</Badge>
          <span className="text-sm text-slate-600 dark:text-slate-400">Decision time {approval.decisionHours} h</span>
        </div>
        {canPublish ? (
          <ApprovalPolicyForm current={approval} />
        ) : (
          <div className="space-y-4">
            <RulesList rules={approval.rules} />
            <StageMatrix rules={approval.rules} caption="What each kind of request needs" />
          </div>
        )}
      </section>
      <section aria-labelledby="naming-heading" className={CARD_CLASS}>
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <h2 id="naming-heading" className="text-lg font-semibold">
            Naming convention
          </h2>
          <Badge tone={naming.version > 0 ? "success" : "neutral"}>{naming.version > 0 ? `Version ${naming.version} in force` : "Built-in default"}</Badge>
        </div>
        {canPublish ? (
          <NamingConventionForm current={naming} />
        ) : (
          <div className="space-y-3">
            <p className="text-sm">
              Template: <code className="font-mono font-medium">{naming.template}</code>
            </p>
            <NameExample template={naming.template} />
          </div>
        )}
      </section>
    </div>
  );
}
