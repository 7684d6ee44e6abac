import "server-only";
import { db } from "@/lib/core/db";
import type { InventoryRunStatus } from "@/lib/core/generated/prisma/enums";
import { FAILED_MEMBERS_SHOWN } from "./constants";
import type { InventoryRunView } from "./types";

/** The run in progress, if any (the partial unique index allows one). */
export async function findRunningRunId(): Promise<string | null> {
  return (await db.inventoryRun.findFirst({ where: { status: "RUNNING" }, select: { id: true } }))?.id ?? null;
}

export async function findRunStatus(runId: string): Promise<InventoryRunStatus | null> {
  return (await db.inventoryRun.findUnique({ where: { id: runId }, select: { status: true } }))?.status ?? null;
}

/** Whether any sync ever completed: the worker starts one at once when none did (a fresh install, the demo). */
export async function hasSucceededRun(): Promise<boolean> {
  return (await db.inventoryRun.count({ where: { status: "SUCCEEDED" }, take: 1 })) > 0;
}

/** Members of a run still to read (not DONE): a resumed run skips the DONE ones. */
export async function findMembersToRead(runId: string): Promise<string[]> {
  const rows = await db.inventoryRunAccount.findMany({ where: { runId, status: { not: "DONE" } }, select: { memberUin: true }, orderBy: { memberUin: "asc" } });
  return rows.map((row) => row.memberUin);
}

/** The newest runs with their progress and failed members, newest first. */
export async function findRecentRuns(limit: number): Promise<InventoryRunView[]> {
  const runs = await db.inventoryRun.findMany({
    orderBy: { startedAt: "desc" },
    take: limit,
    include: { requestedBy: { select: { email: true } } },
  });
  if (runs.length === 0) return [];
  const runIds = runs.map((run) => run.id);
  const counts = await db.inventoryRunAccount.groupBy({ by: ["runId", "status"], where: { runId: { in: runIds } }, _count: { _all: true } });
  const failed = await db.inventoryRunAccount.findMany({
    where: { runId: { in: runIds }, status: "FAILED" },
    select: { runId: true, memberUin: true, failure: true },
    orderBy: { memberUin: "asc" },
  });
  const names = new Map(
    (await db.account.findMany({ where: { memberUin: { in: [...new Set(failed.map((row) => row.memberUin))] } }, select: { memberUin: true, name: true } })).map(
      (account) => [account.memberUin, account.name] as const,
    ),
  );
  const countOf = (runId: string, status: "DONE" | "FAILED") => counts.find((row) => row.runId === runId && row.status === status)?._count._all ?? 0;
  return runs.map((run) => ({
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    requestedBy: run.requestedBy?.email ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    accountsTotal: run.accountsTotal,
    // While running, counted from the members' rows (the run's counter moves with them; this is exact).
    accountsDone: run.status === "RUNNING" ? countOf(run.id, "DONE") : run.accountsDone,
    accountsFailed: countOf(run.id, "FAILED"),
    calls: run.calls,
    errors: run.errors,
    throttled: run.throttled,
    items: run.items,
    resourcesAdded: run.resourcesAdded,
    resourcesGone: run.resourcesGone,
    failure: run.failure,
    failedMembers: failed
      .filter((row) => row.runId === run.id)
      .slice(0, FAILED_MEMBERS_SHOWN)
      .map((row) => ({ memberUin: row.memberUin, name: names.get(row.memberUin) ?? null, failure: row.failure })),
  }));
}
