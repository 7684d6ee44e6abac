import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { CicTaskPendingError, cicUserName, describeCicZoneId, findCicUserId, findOrCreateCicUser, waitForCicTask } from "./cic";
import { startTestEmulator } from "./emulator/testing";
import type { TencentGateway } from "./types";
import { isTransientFailure } from "./utils";

// The shared Cloud Identity Center helpers against the emulator (real SDK, real gateway).
let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;

beforeAll(async () => {
  context = await startTestEmulator({ accounts: 3, taskDelayMs: 300 });
  gateway = context.gateway();
});
afterAll(() => context.emulator.close());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof AppError)) throw new Error(`expected an AppError, got ${String(caught)}`);
  return caught;
}

describe("Cloud Identity Center helpers", () => {
  it("derives CIC user names from emails", () => {
    expect(cicUserName("Jane.Doe+ops@example.com")).toBe("Jane.Doe+ops@example.com");
    expect(cicUserName("o'brien@example.com")).toBe("o_brien@example.com");
  });

  it("finds a person's CIC user by email, creates one once, and finds it again whatever the case", async () => {
    const zone = await describeCicZoneId(gateway);
    expect(zone).toBe(context.emulator.state.cic.zoneId);
    expect(await findCicUserId(gateway, zone, "Grace.Hopper@lattice.example")).toBeUndefined();
    const [first, second] = await Promise.all([
      findOrCreateCicUser(gateway, zone, { email: "Grace.Hopper@lattice.example", name: "Grace Brewster Hopper" }),
      findOrCreateCicUser(gateway, zone, { email: "grace.hopper@lattice.example", name: "Grace Brewster Hopper" }),
    ]);
    expect(first).toBe(second);
    const users = context.emulator.state.cic.users.filter((user) => user.email === "grace.hopper@lattice.example");
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ userName: "grace.hopper@lattice.example", firstName: "Grace", lastName: "Brewster Hopper" });
    expect(await findCicUserId(gateway, zone, "GRACE.HOPPER@lattice.example")).toBe(first);
  });

  it("waits for a CIC task until it succeeds, and reports one still running when the wait runs out", async () => {
    const zone = await describeCicZoneId(gateway);
    const { cic, members } = context.emulator.state;
    const configuration = await gateway.organization("CreateRoleConfiguration", { ZoneId: zone, RoleConfigurationName: "cic-helper-test" });
    const principal = cic.users[0]!.userId;
    const { Tasks = [] } = await gateway.organization("CreateRoleAssignment", {
      ZoneId: zone,
      RoleAssignmentInfo: [
        { RoleConfigurationId: configuration.RoleConfigurationInfo!.RoleConfigurationId!, TargetType: "MemberUin", TargetUin: members[0]!.uin, PrincipalType: "User", PrincipalId: principal },
      ],
    });
    const taskId = Tasks[0]!.TaskId!;
    const pending = await failure(waitForCicTask(gateway, zone, taskId, { timeoutMs: 50, pollMs: 20 }));
    expect(pending).toBeInstanceOf(CicTaskPendingError);
    expect(isTransientFailure(pending)).toBe(true);
    const started = Date.now();
    await waitForCicTask(gateway, zone, taskId, { timeoutMs: 5_000, pollMs: 50 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("injects a rejection into one action only, which the gateway reports as permanent", async () => {
    context.emulator.setFaults({ rules: [{ kind: "Rejected", code: "FailedOperation.Injected", rate: 1, action: "ListRoleAssignments" }] });
    try {
      const zone = await describeCicZoneId(gateway);
      const rejected = await failure(gateway.organization("ListRoleAssignments", { ZoneId: zone }));
      expect(rejected.details.tencentCode).toBe("FailedOperation.Injected");
      expect(isTransientFailure(rejected)).toBe(false);
      expect(await gateway.organization("ListTasks", { ZoneId: zone })).toHaveProperty("Tasks");
    } finally {
      context.emulator.setFaults();
    }
  });
});
