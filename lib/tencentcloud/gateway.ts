import "server-only";
import { logger } from "@/lib/core/logger";
import { readTencentSettings } from "./schema";
import { createTencentGateway } from "./service";
import type { TencentGateway } from "./types";

// One gateway per web process, created on first use from the TENCENTCLOUD_* settings (the worker builds its own in
// scripts/worker.ts). Next's dev server re-evaluates modules, so it is kept on globalThis, like the queue.
const globalForGateway = globalThis as unknown as { latticeGateway?: TencentGateway | null };

/**
 * The web process's Tencent Cloud gateway, or null when Tencent Cloud is not configured (TENCENTCLOUD_SECRET_ID
 * unset) or configured wrongly (logged once, by variable name; values are never logged).
 */
export function getWebGateway(): TencentGateway | null {
  if (globalForGateway.latticeGateway !== undefined) return globalForGateway.latticeGateway;
  const settings = readTencentSettings();
  if (settings.status === "invalid") {
    for (const { variable, problem } of settings.problems) logger.error("invalid Tencent Cloud configuration", { variable, problem });
  }
  globalForGateway.latticeGateway = settings.status === "ok" ? createTencentGateway(settings.config) : null;
  return globalForGateway.latticeGateway;
}
