import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Admin" };

export default function Page() {
  return (
    <ComingSoon
      title="Admin"
      description="Organization tree, role catalog, guardrail policies and the connection to Tencent Cloud."
      plans={["Naming convention and required-tag policy, versioned.", "Approval policies per environment and data classification.", "Role catalog for just-in-time access."]}
    />
  );
}
