"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import type { AccountRequestStatus, ProvisioningStepName, ProvisioningStepStatus } from "@/lib/core/generated/prisma/enums";
import { formatDateTime } from "@/components/ui/date-time";
import { STEP_LABEL, STEP_STATUS_LABEL, STEP_STATUS_TONE } from "./labels";

export interface TimelineStep {
  step: ProvisioningStepName;
  status: ProvisioningStepStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  tencentRequestId: string | null;
  detail: unknown;
}

export interface Timeline {
  status: AccountRequestStatus;
  version: number;
  memberUin: string | null;
  accountId: string | null;
  steps: TimelineStep[];
}

/** Statuses in which the worker is (or is about to be) moving the timeline. */
const LIVE: AccountRequestStatus[] = ["APPROVED", "PROVISIONING"];
const POLL_MS = 1_500;
/** A pending request changes when someone decides: checked less often, since that can take days. */
const PENDING_POLL_MS = 5_000;

export const timelineQueryKey = (requestId: string) => ["account-request", requestId, "timeline"] as const;

function hint(detail: unknown): string | null {
  return typeof detail === "object" && detail !== null && typeof (detail as { hint?: unknown }).hint === "string" ? (detail as { hint: string }).hint : null;
}

/** The provisioning steps, polled while provisioning runs; the page refreshes when it ends. */
export function ProvisioningTimeline({ requestId, initial }: { requestId: string; initial: Timeline }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data, isError } = useQuery({
    queryKey: timelineQueryKey(requestId),
    initialData: initial,
    queryFn: async ({ signal }) => {
      const response = await fetch(`/api/account-requests/${requestId}/timeline`, { signal });
      if (!response.ok) throw new Error(`timeline: HTTP ${response.status}`);
      return (await response.json()) as Timeline;
    },
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      if (status === "PENDING") return PENDING_POLL_MS;
      return status && LIVE.includes(status) ? POLL_MS : false;
    },
  });

  // The server rendered a newer request than the last poll (the page refreshed after this person's own action):
  // take it, so this part never lags behind the rest of the page. Versions only grow.
  useEffect(() => {
    const cached = queryClient.getQueryData<Timeline>(timelineQueryKey(requestId));
    if (!cached || initial.version > cached.version) queryClient.setQueryData(timelineQueryKey(requestId), initial);
  }, [initial, queryClient, requestId]);

  // When a decision lands or the worker finishes (or fails), re-render the server parts of the page (status,
  // approvals, actions, account link).
  const seen = useRef(`${initial.status}:${initial.version}`);
  useEffect(() => {
    const now = `${data.status}:${data.version}`;
    if (now !== seen.current) {
      seen.current = now;
      router.refresh();
    }
  }, [data.status, data.version, router]);

  if (data.steps.length === 0) {
    const waiting = data.status === "PENDING" ? "Provisioning starts once every approval is in; this page updates by itself." : "Queued: the worker starts provisioning shortly.";
    return <p className="text-sm text-slate-600 dark:text-slate-400">{data.status === "PENDING" || LIVE.includes(data.status) ? waiting : "Nothing provisioned yet."}</p>;
  }
  return (
    <div>
      {isError && <p role="status" className="mb-2 text-sm text-amber-700">Live updates paused: the server could not be reached. Retrying…</p>}
      <ol aria-label="Provisioning steps" className="space-y-2">
        {data.steps.map((step) => (
          <li key={step.step} data-step={step.step} data-status={step.status} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">{STEP_LABEL[step.step]}</span>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                {step.attempts > 1 && <span>attempt {step.attempts}</span>}
                <span>{formatDateTime(step.finishedAt ?? step.startedAt)}</span>
                <Badge tone={STEP_STATUS_TONE[step.status]}>{STEP_STATUS_LABEL[step.status]}</Badge>
              </span>
            </div>
            {step.errorCode && (
              <div className="mt-2 rounded bg-rose-50 p-2 text-xs text-rose-900 dark:bg-rose-950 dark:text-rose-100">
                <p>
                  <code>{step.errorCode}</code>: {step.errorMessage}
                </p>
                {step.tencentRequestId && <p className="mt-1">Tencent RequestId: <code>{step.tencentRequestId}</code></p>}
                {hint(step.detail) && <p className="mt-1 font-medium">How to fix: {hint(step.detail)}</p>}
              </div>
            )}
          </li>
        ))}
      </ol>
      {data.status === "COMPLETED" && data.accountId && (
        <p role="status" className="mt-3 text-sm">
          The account is active{data.memberUin ? ` (UIN ${data.memberUin})` : ""}.{" "}
          <Link href={`/accounts/${data.accountId}`} className="text-sky-700 hover:underline dark:text-sky-400">
            Open the account
          </Link>
        </p>
      )}
    </div>
  );
}
