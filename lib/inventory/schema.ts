import { z } from "zod";
import { envInteger } from "@/lib/core/validation";
import type { InventoryConfig } from "./types";

/** The settings of the inventory sync (docs/inventory.md). Empty values count as unset. */
export const inventoryEnvSchema = z.object({
  /** How often the schedule starts a sync; cron rounds it down to an interval that divides the hour or day. */
  INVENTORY_SYNC_INTERVAL_MINUTES: envInteger(60, 5, 1440),
  /**
   * Member accounts read at once. Each member's calls have their own rate windows; the management account's
   * ListNonCompliantResource (20/s) is shared, and enough members in flight keep it busy while others wait on
   * their own reads.
   */
  INVENTORY_SYNC_CONCURRENCY: envInteger(64, 1, 256),
});

export function inventoryConfigFromEnv(env: z.infer<typeof inventoryEnvSchema>): InventoryConfig {
  return { intervalMinutes: env.INVENTORY_SYNC_INTERVAL_MINUTES, concurrency: env.INVENTORY_SYNC_CONCURRENCY };
}

/**
 * Reads and validates the inventory settings from the environment (the worker's by default); the only place this
 * domain reads it. Throws a readable list of problems.
 */
export function readInventoryConfig(source: Record<string, string | undefined> = process.env): InventoryConfig {
  const parsed = inventoryEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  return inventoryConfigFromEnv(parsed.data);
}

/** "Sync now" takes no input: the run is the organization's, and who asked comes from the session. */
export const syncNowInput = z.object({});
