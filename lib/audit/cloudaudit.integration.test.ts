import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { startQueue, type JobQueue } from "@/lib/core/queue";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import type { CallRecord, TencentGateway } from "@/lib/tencentcloud/types";
import { secretIdFingerprint } from "@/lib/tencentcloud/utils";
import { CLOUDAUDIT_CURSOR_KEY, importCloudAuditEvents } from "./cloudaudit";
import { registerAuditJobs } from "./jobs";
import { verifyAuditChain } from "./verify";

const ACCOUNTS = 12;
/** In the database but not in the organization Tencent knows: its role cannot be assumed. */
const STRAY_UIN = "299999999999";
const matrix = generateMatrix({ accounts: ACCOUNTS });
const managementUin = matrix.organization.managementUin;

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;
const calls: CallRecord[] = [];

beforeAll(async () => {
  await writeMatrix(matrix);
  const first = matrix.accounts[0]!;
  await db.account.create({
    data: {
      id: "acct_stray",
      organizationId: matrix.organization.id,
      unitId: first.unitId,
      memberUin: STRAY_UIN,
      name: "stray-account",
      environment: "DEV",
      status: "ACTIVE",
      regions: ["ap-singapore"],
    },
  });
  context = await startTestEmulator({ accounts: ACCOUNTS });
  gateway = context.gateway({ retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 50 } });
  gateway.onCall((record) => calls.push(record));
});

afterAll(async () => {
  await context?.emulator.close();
});

/** Every event the emulator holds for the accounts the import reads (the management account and the members). */
function emulatorEvents() {
  const uins = [managementUin, ...matrix.accounts.map((account) => account.memberUin)];
  return uins.flatMap((uin) => (context.emulator.state.accounts[uin!]?.auditEvents ?? []).map((event) => ({ ...event, uin: uin! })));
}

const cloudEvents = () => db.auditEvent.findMany({ where: { source: "CLOUDAUDIT" }, orderBy: { seq: "asc" } });
const importEvents = () => db.auditEvent.findMany({ where: { action: "audit.import" }, orderBy: { seq: "asc" } });

describe("importCloudAuditEvents", () => {
  it("stores exactly the emulator's events of the management and member accounts, once each", async () => {
    const result = await importCloudAuditEvents({ gateway });

    const expected = emulatorEvents();
    expect(expected.length).toBeGreaterThanOrEqual((ACCOUNTS + 1) * 40);
    const stored = await cloudEvents();
    expect(stored.map((event) => event.externalId).sort()).toEqual(expected.map((event) => event.eventId).sort());
    expect(result.stored).toBe(expected.length);
    expect(result.duplicates).toBe(0);
    expect(result.accounts.map((account) => account.uin).sort()).toEqual(
      [managementUin, ...matrix.accounts.map((account) => account.memberUin!)].sort(),
    );
  });

  it("links each event to its account, unit and Tencent principal, with the details that matter", async () => {
    const stored = new Map((await cloudEvents()).map((event) => [event.externalId, event]));
    const accountsByUin = new Map(matrix.accounts.map((account) => [account.memberUin, account]));
    for (const event of emulatorEvents()) {
      const row = stored.get(event.eventId);
      const account = accountsByUin.get(event.uin);
      expect(row, event.eventId).toMatchObject({
        action: `cloud.${event.eventName}`,
        actorType: "TENCENT",
        actorLabel: event.username,
        accountUin: event.uin,
        accountId: account?.id ?? null,
        unitId: account?.unitId ?? null,
        targetType: event.resourceType,
        targetId: event.resourceName,
        tencentRequestIds: [event.requestId],
        occurredAt: new Date(event.eventTime * 1000),
        clientIp: "127.0.0.1",
        payload: expect.objectContaining({
          eventSource: event.eventSource,
          errorCode: event.errorCode,
          resourceType: event.resourceType,
          resourceName: event.resourceName,
          actionType: event.readOnly ? "Read" : "Write",
          eventRegion: "ap-singapore",
          sourceIp: "127.0.0.1",
          secretIdFingerprint: event.secretId ? secretIdFingerprint(event.secretId) : null,
        }),
      });
      // Key ids may belong to temporary credentials Lattice issued: only their fingerprint is stored.
      if (event.secretId) expect(JSON.stringify(row?.payload)).not.toContain(event.secretId);
    }
    // The management account is not a member: linked by UIN only.
    expect(await db.auditEvent.count({ where: { source: "CLOUDAUDIT", accountUin: managementUin, accountId: null } })).toBe(40);
  });

  it("records the run as one audit.import event, with the account it could not read, and moves the cursor", async () => {
    const [record] = await importEvents();
    expect(record).toMatchObject({ source: "PORTAL", actorType: "SYSTEM", targetType: "cloudaudit" });
    const payload = record!.payload as { accountsChecked: number; stored: number; accounts: unknown[]; failures: unknown[] };
    expect(payload.accountsChecked).toBe(ACCOUNTS + 2);
    expect(payload.stored).toBe(emulatorEvents().length);
    expect(payload.accounts).toHaveLength(ACCOUNTS + 1);
    expect(payload.failures).toEqual([
      expect.objectContaining({ uin: STRAY_UIN, accountId: "acct_stray", tencentCode: "ResourceNotFound.RoleNotFound" }),
    ]);

    const cursor = await db.setting.findUniqueOrThrow({ where: { key: CLOUDAUDIT_CURSOR_KEY } });
    const ends = (cursor.value as { accounts: Record<string, string> }).accounts;
    expect(Object.keys(ends).sort()).toEqual([managementUin, ...matrix.accounts.map((account) => account.memberUin!)].sort());
    expect(ends[STRAY_UIN]).toBeUndefined();
  });

  it("adds nothing when run again, whether from the cursor or over the whole 7 days", async () => {
    const before = await db.auditEvent.count({ where: { source: "CLOUDAUDIT" } });
    const again = await importCloudAuditEvents({ gateway });
    expect(again.stored).toBe(0);
    // The stray account is retried from scratch: it has no cursor.
    expect(again.failures.map((failure) => failure.uin)).toEqual([STRAY_UIN]);

    const everything = await importCloudAuditEvents({ gateway, since: new Date(Date.now() - 8 * 86_400_000) });
    expect(everything).toMatchObject({ stored: 0, duplicates: before });
    expect(await db.auditEvent.count({ where: { source: "CLOUDAUDIT" } })).toBe(before);
    expect(await importEvents()).toHaveLength(3);
  });

  it("picks up a new event in a member account on the next run, and only that one", async () => {
    const member = matrix.accounts[1]!;
    const resource = context.emulator.state.resources.find((candidate) => String(candidate.accountUin) === member.memberUin)!;
    await gateway.inAccount(member.memberUin!).tag("TagResources", { ResourceList: [resource.resource], Tags: [{ TagKey: "reviewed", TagValue: "yes" }] });
    const written = context.emulator.state.accounts[member.memberUin!]!.auditEvents.at(-1)!;
    expect(written.eventName).toBe("TagResources");

    const result = await importCloudAuditEvents({ gateway });
    expect(result.stored).toBe(1);
    const row = await db.auditEvent.findUniqueOrThrow({ where: { externalId: written.eventId } });
    expect(row).toMatchObject({ action: "cloud.TagResources", accountId: member.id, unitId: member.unitId, accountUin: member.memberUin });
  });

  it("rides out throttling: the gateway retries RequestLimitExceeded and the run completes", async () => {
    const before = await db.auditEvent.count({ where: { source: "CLOUDAUDIT" } });
    calls.length = 0;
    context.emulator.setFaults({ rules: [{ kind: "RequestLimitExceeded", rate: 0.25, action: "LookUpEvents" }], seed: 11 });
    try {
      const result = await importCloudAuditEvents({ gateway, since: new Date(Date.now() - 8 * 86_400_000) });
      expect(result.failures.map((failure) => failure.uin)).toEqual([STRAY_UIN]);
      expect(result).toMatchObject({ stored: 0, duplicates: before });
    } finally {
      context.emulator.setFaults();
    }
    expect(calls.filter((call) => call.errorCode === "RequestLimitExceeded").length).toBeGreaterThan(0);
  });

  it("leaves a chain that still verifies", async () => {
    const report = await verifyAuditChain({ publicKey: null });
    expect(report.firstFailure).toBeNull();
    expect(report.eventsChecked).toBe(await db.auditEvent.count());
  });
});

describe("the worker's audit jobs", () => {
  let queue: JobQueue;
  afterAll(async () => {
    await queue?.stop(1_000);
  });

  it("signs checkpoints and imports CloudAudit through the queue when configured, and drops their schedules when not", async () => {
    queue = await startQueue({ worker: true });
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const importsBefore = (await importEvents()).length;

    const enabled = await registerAuditJobs(queue, { signingKey: privateKey, checkpointIntervalMinutes: 60, gateway, pollingIntervalSeconds: 0.5 });
    expect(enabled).toEqual(["audit.checkpoint", "audit.import-cloudaudit"]);
    expect((await queue.boss.getSchedules()).map((schedule) => [schedule.name, schedule.cron]).sort()).toEqual([
      ["audit.checkpoint", "0 * * * *"],
      ["audit.import-cloudaudit", "*/15 * * * *"],
    ]);

    // Registering queues one run of each at once.
    const deadline = Date.now() + 30_000;
    while ((await db.auditCheckpoint.count()) === 0 || (await importEvents()).length === importsBefore) {
      if (Date.now() > deadline) throw new Error("the queued jobs did not run");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await verifyAuditChain({ publicKey })).firstFailure).toBeNull();

    await queue.stop(5_000);
    queue = await startQueue({ worker: true });
    expect(await registerAuditJobs(queue, { checkpointIntervalMinutes: 60 })).toEqual([]);
    expect(await queue.boss.getSchedules()).toEqual([]);
  });
});
