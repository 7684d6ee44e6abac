import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import { registerProvisioningJobs } from "./jobs";
import { enqueueProvisioning, insertApprovedRequest, TEST_PROVISIONING_CONFIG, waitForSettled } from "./testing";

// An organization at its member quota: Tencent refuses the creation, and nothing is lost.
const ACCOUNTS = 6;
const matrix = generateMatrix({ accounts: ACCOUNTS });

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let queue: JobQueue;
let stopProvisioning: () => Promise<void>;

beforeAll(async () => {
  await writeMatrix(matrix);
  context = await startTestEmulator({ accounts: ACCOUNTS, memberLimit: ACCOUNTS });
  queue = await startQueue({ worker: true });
  stopProvisioning = await registerProvisioningJobs(queue, { gateway: context.gateway(), config: TEST_PROVISIONING_CONFIG, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await queue?.stop(5_000);
  await stopProvisioning?.();
  await context?.emulator.close();
});

it("fails at once with the member-limit code, RequestId and how to fix it; the request and its owners are kept", async () => {
  const owner = matrix.users[0]!;
  const id = await insertApprovedRequest({ name: "pay-dev-sg-overquota", unitId: "unit_cards", requesterId: owner.id, owners: [{ userId: owner.id, role: "PRIMARY" }] });
  await enqueueProvisioning(queue, id, { retryDelay: 1, retryBackoff: false });
  const [settled] = await waitForSettled([id], 30_000);
  expect(settled?.status).toBe("FAILED");

  const step = await db.provisioningStep.findUniqueOrThrow({ where: { requestId_step: { requestId: id, step: "CREATE_MEMBER" } } });
  expect(step).toMatchObject({ status: "FAILED", attempts: 1, errorCode: "LimitExceeded.OrganizationMemberOverLimit" });
  expect(step.tencentRequestId).toMatch(/^[0-9a-f-]{36}$/);
  expect((step.detail as { hint?: string }).hint).toMatch(/member quota/);
  expect(context.emulator.state.members).toHaveLength(ACCOUNTS);
  const request = await db.accountRequest.findUniqueOrThrow({ where: { id }, include: { owners: true } });
  expect(request).toMatchObject({ name: "pay-dev-sg-overquota", memberUin: null, accountId: null });
  expect(request.owners).toHaveLength(1);
  expect(await db.auditEvent.count({ where: { requestRef: id, action: "accountRequest.provisionFailed" } })).toBe(1);
});
