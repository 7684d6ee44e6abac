import { describe, expect, it } from "vitest";
import { readProvisioningConfig } from "./schema";

describe("readProvisioningConfig", () => {
  it("defaults to the emulator's organization and the documented limits", () => {
    expect(readProvisioningConfig({})).toEqual({
      financePermissionIds: [1, 2],
      memberIdentityIds: [1],
      baselinePolicies: [
        { type: "TAG_POLICY", name: "LatticeTagPolicy" },
        { type: "SERVICE_CONTROL_POLICY", name: "LatticeBaselineSCP" },
      ],
      ownerRole: { name: "LatticeAccountOwner", sessionDurationSeconds: 3600, systemPolicies: ["QCloudResourceFullAccess"] },
      concurrency: 100,
      readinessTimeoutSeconds: 600,
      pollIntervalMs: 1000,
    });
  });

  it("reads every setting, treating empty values as unset", () => {
    const config = readProvisioningConfig({
      PROVISIONING_FINANCE_PERMISSION_IDS: "1, 2, 4",
      PROVISIONING_MEMBER_IDENTITY_IDS: "1,2",
      PROVISIONING_BASELINE_POLICIES: "SERVICE_CONTROL_POLICY:DenyRegions",
      PROVISIONING_OWNER_ROLE_NAME: "Owners",
      PROVISIONING_OWNER_SESSION_SECONDS: "43200",
      PROVISIONING_OWNER_POLICIES: "ReadOnlyAccess,QCloudResourceFullAccess",
      PROVISIONING_CONCURRENCY: "",
      PROVISIONING_READINESS_TIMEOUT_SECONDS: "120",
    });
    expect(config).toMatchObject({
      financePermissionIds: [1, 2, 4],
      memberIdentityIds: [1, 2],
      baselinePolicies: [{ type: "SERVICE_CONTROL_POLICY", name: "DenyRegions" }],
      ownerRole: { name: "Owners", sessionDurationSeconds: 43_200, systemPolicies: ["ReadOnlyAccess", "QCloudResourceFullAccess"] },
      concurrency: 100,
      readinessTimeoutSeconds: 120,
    });
  });

  it("refuses values Tencent would refuse, naming the variable", () => {
    expect(() => readProvisioningConfig({ PROVISIONING_OWNER_SESSION_SECONDS: "600" })).toThrow(/PROVISIONING_OWNER_SESSION_SECONDS/);
    expect(() => readProvisioningConfig({ PROVISIONING_OWNER_SESSION_SECONDS: "50000" })).toThrow(/PROVISIONING_OWNER_SESSION_SECONDS/);
    expect(() => readProvisioningConfig({ PROVISIONING_BASELINE_POLICIES: "SCP:Foo" })).toThrow(/PROVISIONING_BASELINE_POLICIES/);
    expect(() => readProvisioningConfig({ PROVISIONING_FINANCE_PERMISSION_IDS: "1,x" })).toThrow(/PROVISIONING_FINANCE_PERMISSION_IDS/);
    expect(() => readProvisioningConfig({ PROVISIONING_OWNER_ROLE_NAME: "bad name" })).toThrow(/PROVISIONING_OWNER_ROLE_NAME/);
  });
});
