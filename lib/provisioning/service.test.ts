import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppError } from "@/lib/core/errors";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import type { CallRecord, TencentGateway } from "@/lib/tencentcloud/types";
import { readProvisioningConfig } from "./schema";
import { createProvisioningCloud } from "./service";
import type { ProvisioningConfig, ProvisioningRequest } from "./types";

// The batched steps against the emulator (real HTTP, rate limits on): concurrent runs share calls, and one run's
// bad input fails only that run.
let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;
const calls: CallRecord[] = [];

beforeAll(async () => {
  context = await startTestEmulator({ accounts: 12 });
  gateway = context.gateway();
  gateway.onCall((record) => calls.push(record));
});
afterAll(() => context.emulator.close());

// As TEST_PROVISIONING_CONFIG (testing.ts, which needs the database and so cannot load in a unit test).
const TEST_PROVISIONING_CONFIG: ProvisioningConfig = { ...readProvisioningConfig({}), concurrency: 8, readinessTimeoutSeconds: 30, pollIntervalMs: 100 };

const made = (action: string) => calls.filter((call) => call.action === action && call.attempt === 1).length;

function requestFor(uin: number, index: number): ProvisioningRequest {
  const [first, second] = context.emulator.state.cic.users;
  const member = context.emulator.state.members.find((candidate) => candidate.uin === uin);
  return {
    id: `req-${index}`,
    number: index,
    status: "PROVISIONING",
    version: 1,
    name: member?.name ?? `missing-${index}`,
    unitId: "unit",
    organizationId: "org",
    nodeId: member?.nodeId ?? null,
    pathNodeIds: member ? [member.nodeId, context.emulator.state.organization.rootNodeId] : [],
    environment: "DEV",
    regions: [],
    teamId: null,
    costCenter: "CC",
    dataClassification: "INTERNAL",
    tags: member?.tags ?? {},
    creationRecordId: null,
    memberUin: String(uin),
    owners: [
      { userId: "u1", role: "PRIMARY", email: first!.email, name: first!.displayName },
      { userId: "u2", role: "SECONDARY", email: second!.email, name: second!.displayName },
    ],
  };
}

describe("batched provisioning steps", () => {
  it("assigns the owners of several members in one CreateRoleAssignment and waits with shared ListTasks polls", async () => {
    const cloud = createProvisioningCloud(gateway, TEST_PROVISIONING_CONFIG);
    const uins = context.emulator.state.members.slice(0, 4).map((member) => member.uin);
    calls.length = 0;
    const outcomes = await Promise.all(uins.map((uin, index) => cloud.grantOwnerAccess(requestFor(uin, index), String(uin), { resumed: false })));
    expect(made("CreateRoleAssignment")).toBe(1);
    expect(made("GetTaskStatus")).toBe(0);
    expect(made("ListTasks")).toBeLessThanOrEqual(4);
    for (const [index, uin] of uins.entries()) {
      expect(context.emulator.state.cic.assignments.filter((entry) => entry.targetUin === uin)).toHaveLength(2);
      expect(outcomes[index]!.audit).toBe(true);
    }
    // Repeated (a resumed run): nothing to add, nothing audited.
    const again = await cloud.grantOwnerAccess(requestFor(uins[0]!, 0), String(uins[0]), { resumed: true });
    expect(again.audit).toBe(false);
  });

  it("fails only the run whose member does not exist; the others' assignments are made", async () => {
    const cloud = createProvisioningCloud(gateway, TEST_PROVISIONING_CONFIG);
    const good = context.emulator.state.members.slice(4, 7).map((member) => member.uin);
    const bad = 999_999_999_999;
    calls.length = 0;
    const results = await Promise.allSettled(
      [...good, bad].map((uin, index) => cloud.grantOwnerAccess(requestFor(uin, index), String(uin), { resumed: false })),
    );
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    const error = (results[3] as PromiseRejectedResult).reason as AppError;
    expect(error.details.tencentCode).toBe("ResourceNotFound.OrganizationMemberNotExist");
    // The whole batch was rejected once, then split until the bad entry was alone.
    expect(made("CreateRoleAssignment")).toBeGreaterThan(1);
    for (const uin of good) expect(context.emulator.state.cic.assignments.filter((entry) => entry.targetUin === uin)).toHaveLength(2);
  });

  it("authorizes identities for several members in one call and reads their baseline coverage together", async () => {
    const cloud = createProvisioningCloud(gateway, TEST_PROVISIONING_CONFIG);
    const uins = context.emulator.state.members.slice(7, 10).map((member) => member.uin);
    calls.length = 0;
    await Promise.all(uins.map((uin) => cloud.authorizeIdentities(String(uin))));
    expect(made("CreateOrganizationMemberAuthIdentity")).toBe(1);
    for (const uin of uins) expect(context.emulator.state.memberIdentities.some((entry) => entry.memberUin === uin && entry.identityId === 1)).toBe(true);

    calls.length = 0;
    const outcomes = await Promise.all(uins.map((uin, index) => cloud.attachBaselinePolicies(requestFor(uin, index), String(uin))));
    // One coverage read for the three: per policy type one ListPolicies, per attached policy one ListTargetsForPolicy.
    expect(made("ListPolicies")).toBeLessThanOrEqual(2 + 2);
    expect(made("ListTargetsForPolicy")).toBeLessThanOrEqual(3);
    expect(made("ListPoliciesForTarget")).toBe(0);
    expect(made("AttachPolicy")).toBe(3);
    for (const outcome of outcomes) {
      expect(outcome.detail.policies).toEqual([
        expect.objectContaining({ name: "LatticeTagPolicy", inheritedFromNodeId: context.emulator.state.organization.rootNodeId }),
        expect.objectContaining({ name: "LatticeBaselineSCP", attached: true }),
      ]);
    }
  });
});
