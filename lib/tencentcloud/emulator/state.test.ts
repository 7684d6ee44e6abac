import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { seedFromMatrix } from "./generator";
import { createEmulatorState, readStateFile, writeStateFile } from "./state";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("saved emulator state", () => {
  it("round-trips, and a state saved before provisioning existed gains the baseline SCP", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
    const file = path.join(dir, "state.json");
    const state = createEmulatorState(seedFromMatrix(generateMatrix({ accounts: 3 })));
    expect(state.policies.map((policy) => policy.name)).toContain("LatticeBaselineSCP");

    writeStateFile(file, state);
    expect(readStateFile(file)?.policies).toEqual(state.policies);

    const old = { ...state, policies: state.policies.filter((policy) => policy.name !== "LatticeBaselineSCP") };
    writeStateFile(file, old);
    const upgraded = readStateFile(file)!;
    const baseline = upgraded.policies.find((policy) => policy.name === "LatticeBaselineSCP");
    expect(baseline).toMatchObject({ type: "SERVICE_CONTROL_POLICY", policyId: state.nextId });
    expect(upgraded.nextId).toBe(state.nextId + 1);
  });
});
