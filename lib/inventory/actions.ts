"use server";

import { revalidatePath } from "next/cache";
import { sendJob } from "@/lib/core/queue";
import { defineAction } from "@/lib/core/safe-action";
import { requestInventorySync } from "./mutations";
import { syncNowInput } from "./schema";

/**
 * Starts an inventory sync now, or joins the one running (a second press, or the schedule's run, is not a second
 * sync). The run row and its audit event are committed first; the job is queued after, and a job already waiting
 * (stately queue) serves it as well.
 */
export const syncInventoryNow = defineAction({
  name: "inventory.syncRequested",
  // The same roles as ability.ts#SYNC_ROLES, written out so the declaration is readable (and checked by e2e/guards).
  roles: ["platform-admin", "security"],
  input: syncNowInput,
  run: async (_input, { actor, stamp }) => {
    const result = await requestInventorySync(actor, stamp, new Date());
    await sendJob("inventory.sync", { runId: result.runId });
    revalidatePath("/dashboards/inventory");
    return result;
  },
});
