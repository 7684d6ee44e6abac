import { Badge } from "@/components/ui/badge";
import type { CicState } from "@/lib/role-catalog/types";
import { CIC_LABEL } from "./labels";

/** Where a version stands in Cloud Identity Center; a failure shows Tencent's code, message and RequestId. */
export function CicStatus({ cic, detailed = false }: { cic: CicState; detailed?: boolean }) {
  const { label, tone } = CIC_LABEL[cic.status];
  return (
    <span className="inline-flex flex-col gap-0.5">
      <Badge tone={tone}>{label}</Badge>
      {detailed && cic.status === "PROVISIONED" && cic.roleConfigurationId && <span className="text-xs text-slate-500 dark:text-slate-400">Role configuration {cic.roleConfigurationId}</span>}
      {cic.status === "FAILED" && (
        <span className="text-xs text-rose-700 dark:text-rose-300">
          {cic.errorCode}: {cic.errorMessage}
          {cic.requestId && <> (RequestId {cic.requestId})</>}
        </span>
      )}
    </span>
  );
}
