import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AREA_ROLES } from "@/lib/core/roles";

export const metadata: Metadata = { title: "Requests" };

export default async function Page() {
  await requirePageActor(...AREA_ROLES.requests);
  return (
    <ComingSoon
      title="Requests"
      description="Ask for a new member account or for time-bound access to an account."
      plans={["A form for new member accounts, validated live against the naming convention and tag policy.", "Just-in-time access requests for a catalog role on one or more accounts.", "A timeline of every step, with Tencent error codes and RequestIds."]}
    />
  );
}
