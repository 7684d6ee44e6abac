import type { Metadata } from "next";
import Link from "next/link";
import { CurrentPolicies } from "@/components/policies/current-policies";
import { PolicyHistory } from "@/components/policies/policy-history";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadPolicies } from "@/lib/policies/loaders";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const { canPublish, mfa, approval, naming } = await loadPolicies();
  return (
    <>
      <PageHeader
        title="Policies"
        description="The approval policy and naming convention new account requests follow. Each change is a new version; earlier versions stay in the history."
      />
      {canPublish && !mfa && (
        <Notice title="Publishing needs MFA">
          Confirm with MFA <Link href="/signin/step-up?callbackUrl=%2Fadmin%2Fpolicies" className="font-medium underline">before you edit</Link>, so
          your changes are not lost on the way.
        </Notice>
      )}
      <CurrentPolicies canPublish={canPublish} approval={approval.current} naming={naming.current} />
      <PolicyHistory approval={approval.history} naming={naming.history} />
    </>
  );
}
