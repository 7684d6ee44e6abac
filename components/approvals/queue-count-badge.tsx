"use client";

import { useQuery } from "@tanstack/react-query";
import { QUEUE_COUNT_REFRESH_MS } from "@/lib/approvals/constants";

export const approvalCountQueryKey = ["approvals", "count"] as const;

/** The number of requests waiting for the signed-in person, next to "Approvals" in the navigation; nothing when 0. */
export function QueueCountBadge() {
  const { data } = useQuery({
    queryKey: approvalCountQueryKey,
    queryFn: async ({ signal }) => {
      const response = await fetch("/api/approvals/count", { signal });
      if (!response.ok) throw new Error(`approvals count: HTTP ${response.status}`);
      return (await response.json()) as { count: number };
    },
    refetchInterval: QUEUE_COUNT_REFRESH_MS,
  });
  if (!data || data.count === 0) return null;
  return (
    <span data-testid="approvals-count" className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded-full bg-sky-600 px-2 py-0.5 text-xs font-semibold text-white" aria-label={`${data.count} waiting for you`}>
      {data.count}
    </span>
  );
}
