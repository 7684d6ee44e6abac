"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { AccessGrantStatus } from "@/lib/core/generated/prisma/enums";
import type { GrantView } from "@/lib/grants/types";
import { GrantTable, type GrantTableProps } from "./grant-table";

/** The worker is about to move these (activation, removal): checked often. */
const MOVING: AccessGrantStatus[] = ["SCHEDULED", "ACTIVATING", "REMOVING"];
const MOVING_POLL_MS = 1_500;
/** Waiting for a review (which can take hours) or active (expiry is shown by the countdown): checked less often. */
const WAITING: AccessGrantStatus[] = ["REQUESTED", "ACTIVE", "REMOVAL_FAILED"];
const WAITING_POLL_MS = 5_000;

export const grantsQueryKey = (requestId: string) => ["access-request", requestId, "grants"] as const;

/**
 * The grants of one request, kept current while they change: polled while the worker activates or removes access,
 * and the whole page refreshes when a status changes (so the request's status and review panel follow).
 */
export function LiveGrantTable({ requestId, initial, ...props }: Omit<GrantTableProps, "grants"> & { requestId: string; initial: GrantView[] }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: grantsQueryKey(requestId),
    initialData: initial,
    queryFn: async ({ signal }) => {
      const response = await fetch(`/api/access/${requestId}/grants`, { signal });
      if (!response.ok) throw new Error(`grants: HTTP ${response.status}`);
      return (await response.json()) as GrantView[];
    },
    refetchInterval: (query) => {
      const statuses = (query.state.data ?? []).map((grant) => grant.status);
      if (statuses.some((status) => MOVING.includes(status))) return MOVING_POLL_MS;
      return statuses.some((status) => WAITING.includes(status)) ? WAITING_POLL_MS : false;
    },
  });
  const statuses = data.map((grant) => `${grant.id}:${grant.status}`).join(",");
  const previous = useRef(statuses);
  useEffect(() => {
    if (previous.current !== statuses) {
      previous.current = statuses;
      router.refresh();
    }
  }, [statuses, router]);
  return <GrantTable grants={data} {...props} />;
}
