import type { Metadata } from "next";
import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata: Metadata = { title: "Requests" };

export default function Page() {
  return (
    <ComingSoon
      title="Requests"
      description="Ask for a new member account or for time-bound access to an account."
      plans={["A form for new member accounts, validated live against the naming convention and tag policy.", "Just-in-time access requests for a catalog role on one or more accounts.", "A timeline of every step, with Tencent error codes and RequestIds."]}
    />
  );
}
