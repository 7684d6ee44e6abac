// Helpers for the provisioning tests and benchmark: approved requests written directly (the request form and the
// approval flow belong to lib/account-requests), and waiting for them to settle.
import { db } from "@/lib/core/db";
import type { JobQueue } from "@/lib/core/queue";
import { readProvisioningConfig } from "./schema";
import type { ProvisioningConfig } from "./types";

export interface TestRequestInput {
  name: string;
  unitId: string;
  requesterId: string;
  owners: { userId: string; role: "PRIMARY" | "SECONDARY" }[];
  tags?: Record<string, string>;
  environment?: "PROD" | "STAGING" | "DEV" | "SANDBOX" | "SHARED";
  teamId?: string | null;
}

/** An APPROVED request with its owners, as the approval flow leaves it. */
export async function insertApprovedRequest(input: TestRequestInput): Promise<string> {
  const environment = input.environment ?? "DEV";
  const request = await db.accountRequest.create({
    data: {
      requesterId: input.requesterId,
      status: "APPROVED",
      version: 3,
      name: input.name,
      nameParts: { descriptor: input.name },
      unitId: input.unitId,
      environment,
      regions: ["ap-singapore"],
      teamId: input.teamId ?? null,
      costCenter: "CC-4242",
      dataClassification: "INTERNAL",
      justification: "Provisioning test",
      tags: input.tags ?? { owner: "priya@lattice.example", "cost-center": "CC-4242", environment: environment.toLowerCase() },
      submittedAt: new Date(),
      decidedAt: new Date(),
      owners: { create: input.owners },
    },
  });
  return request.id;
}

/** Enqueues provisioning the way the approval does: one job per request, the request id as singleton key. */
export async function enqueueProvisioning(queue: JobQueue, requestId: string, options: { retryDelay?: number; retryBackoff?: boolean } = {}) {
  return queue.send("account-request.provision", { requestId }, { singletonKey: requestId, ...options });
}

/** Waits until every request is COMPLETED or FAILED; throws with their states on timeout. */
export async function waitForSettled(requestIds: string[], timeoutMs: number, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.accountRequest.findMany({ where: { id: { in: requestIds } }, select: { id: true, status: true } });
    if (rows.length === requestIds.length && rows.every((row) => row.status === "COMPLETED" || row.status === "FAILED")) return rows;
    if (Date.now() > deadline) throw new Error(`requests did not settle: ${JSON.stringify(rows.map((row) => row.status))}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Settings for tests against the emulator: the defaults (which name its policies and identities), short waits. */
export const TEST_PROVISIONING_CONFIG: ProvisioningConfig = { ...readProvisioningConfig({}), concurrency: 8, readinessTimeoutSeconds: 30, pollIntervalMs: 100 };
