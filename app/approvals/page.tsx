import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";

export const metadata: Metadata = { title: "Approvals" };

export default async function Page() {
  await requirePageActor(...AREA_ROLES.approvals);
  return (
    <ComingSoon
      title="Approvals"
      description="Requests waiting for your decision."
      plans={["Account and access requests you may decide, oldest first, with their SLA.", "Approve or reject with MFA step-up; the requester can never approve their own request."]}
    />
  );
}
