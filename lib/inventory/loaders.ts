import "server-only";
import { forbidden } from "next/navigation";
import { requireActor, requirePageActor } from "@/lib/core/auth-gate";
import { AppError } from "@/lib/core/errors";
import { AREA_ROLES, type Actor } from "@/lib/core/roles";
import { canSyncInventory, canViewInventoryRuns } from "./ability";
import { RUNS_SHOWN } from "./constants";
import { findRecentRuns } from "./data";
import type { InventoryRunsView } from "./types";

async function runsFor(actor: Actor): Promise<InventoryRunsView> {
  return { runs: await findRecentRuns(RUNS_SHOWN), canSync: canSyncInventory(actor) };
}

/** The inventory page: the current and recent runs, and whether this person may start one. */
export async function loadInventoryRuns(): Promise<InventoryRunsView> {
  const actor = await requirePageActor(...AREA_ROLES.dashboards);
  if (!canViewInventoryRuns(actor)) forbidden();
  return runsFor(actor);
}

/** The same for GET /api/inventory/runs (the page polls it while a run is in progress). */
export async function loadInventoryRunsForRoute(): Promise<InventoryRunsView> {
  const actor = await requireActor();
  if (!canViewInventoryRuns(actor)) throw new AppError("FORBIDDEN");
  return runsFor(actor);
}
