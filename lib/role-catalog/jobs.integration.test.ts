import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/core/db";
import { startTestEmulator } from "@/lib/tencentcloud/emulator/testing";
import type { TencentGateway } from "@/lib/tencentcloud/types";

vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { provisionCatalogRole } = await import("./jobs");
const { createRoleCatalogCloud } = await import("./service");

// The role-catalog job against the Tencent Cloud emulator over HTTP (real SDK, real gateway) and a real database.
const POLICY = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cdb:Describe*"], resource: "*" }] });
const WRITE = JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cdb:ModifyDBInstanceName"], resource: "qcs::cdb:ap-singapore:uin/100000000001:instanceId/*" }] });

let context: Awaited<ReturnType<typeof startTestEmulator>>;
let gateway: TencentGateway;
const writes: string[] = [];

beforeAll(async () => {
  context = await startTestEmulator({ accounts: 4 });
  gateway = context.gateway();
  gateway.onCall((record) => {
    if (record.attempt === 1 && !/^(List|Describe|Get)/.test(record.action)) writes.push(record.action);
  });
});

afterAll(async () => {
  await context?.emulator.close();
});

async function insertRole(slug: string, versions: { policyDocuments: string[]; maxDurationSeconds: number }[]) {
  return db.catalogRole.create({
    data: {
      slug,
      currentVersion: versions.length,
      versions: {
        create: versions.map((version, index) => ({
          version: index + 1,
          name: "Database read-only",
          description: "Read the databases of an account.",
          environments: ["DEV"],
          approvalsRequired: 1,
          reviewers: ["APPROVER"],
          securityForProd: false,
          breakGlassAllowed: false,
          changeNote: `Version ${index + 1}`,
          ...version,
        })),
      },
    },
    select: { id: true },
  });
}

const configuration = (name: string) => context.emulator.state.cic.roleConfigurations.find((entry) => entry.name === name);

describe("provisioning a catalog role into Cloud Identity Center", () => {
  it("creates the role configuration with the session duration and custom policy, records it, and is idempotent", async () => {
    const { id } = await insertRole("db-read", [{ policyDocuments: [POLICY], maxDurationSeconds: 7200 }]);
    const cloud = createRoleCatalogCloud(gateway);
    expect(await provisionCatalogRole(id, cloud)).toEqual({ roleId: id, version: 1, status: "PROVISIONED" });

    const created = configuration("lattice-db-read");
    expect(created).toMatchObject({ sessionDuration: 7200, description: "Database read-only: Read the databases of an account." });
    expect(created?.policies.map((policy) => [policy.name, policy.type, policy.document])).toEqual([["lattice-policy-1", "Custom", POLICY]]);
    const version = await db.catalogRoleVersion.findUniqueOrThrow({ where: { roleId_version: { roleId: id, version: 1 } } });
    expect(version).toMatchObject({ cicStatus: "PROVISIONED", roleConfigurationId: created?.roleConfigurationId, cicErrorCode: null });
    expect(await db.catalogRole.findUniqueOrThrow({ where: { id } })).toMatchObject({ roleConfigurationId: created?.roleConfigurationId });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "catalogRole.provision", targetId: id } });
    expect(event).toMatchObject({ actorType: "SYSTEM", actorLabel: "job:role-catalog.provision" });
    expect(event.tencentRequestIds.length).toBeGreaterThan(0);

    // A second run finds everything in place: no write at all, the same configuration.
    writes.length = 0;
    expect(await provisionCatalogRole(id, cloud)).toMatchObject({ status: "PROVISIONED" });
    expect(writes).toEqual([]);
    expect(context.emulator.state.cic.roleConfigurations.filter((entry) => entry.name === "lattice-db-read")).toHaveLength(1);
  });

  it("brings an existing configuration in line with a newer version: duration, changed and removed policies", async () => {
    const { id } = await insertRole("db-ops", [{ policyDocuments: [POLICY, WRITE], maxDurationSeconds: 3600 }]);
    const cloud = createRoleCatalogCloud(gateway);
    await provisionCatalogRole(id, cloud);
    expect(configuration("lattice-db-ops")?.policies.map((policy) => policy.name)).toEqual(["lattice-policy-1", "lattice-policy-2"]);

    await db.catalogRoleVersion.create({
      data: {
        roleId: id,
        version: 2,
        name: "Database read-only",
        description: "Read the databases of an account.",
        policyDocuments: [WRITE],
        maxDurationSeconds: 1800,
        environments: ["DEV"],
        approvalsRequired: 1,
        reviewers: ["APPROVER"],
        securityForProd: false,
        breakGlassAllowed: false,
        changeNote: "Only the write policy",
      },
    });
    await db.catalogRole.update({ where: { id }, data: { currentVersion: 2 } });
    writes.length = 0;
    expect(await provisionCatalogRole(id, cloud)).toEqual({ roleId: id, version: 2, status: "PROVISIONED" });
    expect(writes.sort()).toEqual(["RemovePermissionPolicyFromRoleConfiguration", "UpdateCustomPolicyForRoleConfiguration", "UpdateRoleConfiguration"]);
    const updated = configuration("lattice-db-ops");
    expect(updated?.sessionDuration).toBe(1800);
    expect(updated?.policies.map((policy) => [policy.name, policy.document])).toEqual([["lattice-policy-1", WRITE]]);
  });

  it("finds a configuration created by an earlier run that lost its answer, instead of creating a second one", async () => {
    const { id } = await insertRole("db-found", [{ policyDocuments: [POLICY], maxDurationSeconds: 900 }]);
    const { ZoneId } = await gateway.organization("DescribeIdentityCenter", null);
    await gateway.organization("CreateRoleConfiguration", { ZoneId: ZoneId!, RoleConfigurationName: "lattice-db-found", SessionDuration: 900 });
    writes.length = 0;
    expect(await provisionCatalogRole(id, createRoleCatalogCloud(gateway))).toMatchObject({ status: "PROVISIONED" });
    expect(writes).not.toContain("CreateRoleConfiguration");
    expect(context.emulator.state.cic.roleConfigurations.filter((entry) => entry.name === "lattice-db-found")).toHaveLength(1);
  });

  it("records Tencent's code, message and RequestId on the version when Tencent refuses", async () => {
    // A policy document the database would never hold, to make the emulator refuse: over CIC's 4,096 characters.
    const { id } = await insertRole("db-refused", [{ policyDocuments: [POLICY.padEnd(5000, " ")], maxDurationSeconds: 900 }]);
    expect(await provisionCatalogRole(id, createRoleCatalogCloud(gateway))).toMatchObject({ status: "FAILED" });
    const version = await db.catalogRoleVersion.findUniqueOrThrow({ where: { roleId_version: { roleId: id, version: 1 } } });
    expect(version.cicStatus).toBe("FAILED");
    expect(version.cicErrorCode).toMatch(/^(InvalidParameter|MissingParameter)/);
    expect(version.cicErrorMessage).toBeTruthy();
    expect(version.cicRequestId).toBeTruthy();
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "catalogRole.provisionFailed", targetId: id } });
    expect(event.payload).toMatchObject({ version: 1, code: version.cicErrorCode });
  });
});
