import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator } from "./emulator/testing";
import type { FaultKind } from "./emulator/types";
import type { CallRecord } from "./types";

// Rate limiting and retries: what the gateway promises when Tencent throttles or fails.
const LIMIT = 100;
let context: Awaited<ReturnType<typeof startTestEmulator>>;

beforeAll(async () => {
  context = await startTestEmulator({
    rateLimits: { "organization.DescribeOrganizationNodes": LIMIT },
    memberReadyDelayMs: 0,
  });
});
afterAll(() => context.emulator.close());

function burst(gateway: ReturnType<typeof context.gateway>, calls: number) {
  return Promise.all(Array.from({ length: calls }, () => gateway.organization("DescribeOrganizationNodes", { Offset: 0, Limit: 10 })));
}

describe("rate limiting", () => {
  it("keeps a burst of 200 calls under the limit: no RequestLimitExceeded at all, not even retried", async () => {
    const gateway = context.gateway({ rateLimits: { "organization.DescribeOrganizationNodes": LIMIT } });
    const records: CallRecord[] = [];
    gateway.onCall((record) => records.push(record));
    const started = performance.now();
    const responses = await burst(gateway, 200);
    const elapsed = performance.now() - started;
    expect(responses).toHaveLength(200);
    expect(records.filter((record) => record.errorCode?.startsWith("RequestLimitExceeded"))).toHaveLength(0);
    expect(records).toHaveLength(200);
    // At the limit, not far below it: evenly paced at 100 per 1.03 s, 200 calls take about 2 s.
    expect(elapsed).toBeGreaterThan(1900);
    expect(elapsed).toBeLessThan(2600);
  });

  it("would be throttled without the limiter (the emulator enforces the limit)", async () => {
    const unlimited = context.gateway({ rateLimits: { "organization.DescribeOrganizationNodes": 10_000 } });
    const records: CallRecord[] = [];
    unlimited.onCall((record) => records.push(record));
    await Promise.allSettled([burst(unlimited, 200)]);
    expect(records.filter((record) => record.errorCode === "RequestLimitExceeded").length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // let the emulator's window pass for the next test
  });
});

describe("retries under injected faults", () => {
  it("completes every call under 30 % faults and creates no duplicate member", async () => {
    const kinds: FaultKind[] = ["RequestLimitExceeded", "InternalError", "HTTP502", "ConnectionReset", "Timeout"];
    context.emulator.setFaults({
      rules: kinds.map((kind) => ({ kind, rate: 0.06 })),
      createAccountExceptionRate: 0.2,
      timeoutMs: 1_000,
      seed: 42,
    });
    const gateway = context.gateway({ requestTimeoutSeconds: 0.3, retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 40 } });
    const records: CallRecord[] = [];
    gateway.onCall((record) => records.push(record));
    const { RootNodeId = 0 } = await gateway.organization("DescribeOrganization", {});
    const names = Array.from({ length: 15 }, (_, index) => `retry-member-${String(index).padStart(2, "0")}`);
    const created = await Promise.all(
      names.map((Name) =>
        gateway.organization("CreateOrganizationMember", {
          Name,
          AccountName: Name,
          PolicyType: "Financial",
          PermissionIds: [1, 2],
          NodeId: RootNodeId,
        }),
      ),
    );
    const { ZoneId = "" } = await gateway.organization("DescribeIdentityCenter", null);
    const users = await Promise.all(
      [0, 1, 2, 3, 4].map((index) => gateway.organization("CreateUser", { ZoneId, UserName: `retry.user${index}` })),
    );
    const reads = await Promise.all(created.map(({ Uin }) => gateway.inAccount(Uin ?? 0).cam("ListUsers", null)));
    context.emulator.setFaults();

    const uins = created.map(({ Uin }) => Uin);
    expect(new Set(uins).size).toBe(names.length);
    const members = context.emulator.state.members.filter((member) => names.includes(member.name));
    expect(members).toHaveLength(names.length);
    expect(members.map((member) => member.uin).sort()).toEqual([...uins].sort());
    expect(context.emulator.state.cic.users.filter((user) => user.userName.startsWith("retry.user"))).toHaveLength(5);
    expect(users.every((response) => response.UserInfo?.UserId)).toBe(true);
    expect(reads.every((response) => (response.Data?.length ?? 0) > 0)).toBe(true);
    // The faults did happen, including half-finished creations retried with their RecordId.
    const errors = new Set(records.map((record) => record.errorCode));
    for (const code of ["RequestLimitExceeded", "InternalError", "HTTP_502", "NETWORK", "FailedOperation.CreateAccount"]) {
      expect(errors).toContain(code);
    }
  }, 30_000);
});
