import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Approvals" };

export default function Page() {
  return (
    <ComingSoon
      title="Approvals"
      description="Requests waiting for your decision."
      plans={["Account and access requests you may decide, oldest first, with their SLA.", "Approve or reject with MFA step-up; the requester can never approve their own request."]}
    />
  );
}
