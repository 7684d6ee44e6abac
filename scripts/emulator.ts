/**
 * Runs the local Tencent Cloud emulator until interrupted:
 *   npm run emulator -- --port 9510 --accounts 40 --resources 2000 [--state .lattice/emulator.json]
 *     [--seed N] [--no-rate-limits] [--fault-rate 0.1] [--latency-ms 20] [--member-ready-ms 2000] [--task-ms 1000]
 * The organization is the demo matrix (lib/matrix/demo-matrix.ts), so it matches what `npm run demo` seeds.
 */
import { parseArgs } from "node:util";
import { DEMO_ACCOUNT_COUNT, generateMatrix } from "@/lib/matrix/demo-matrix";
import { seedFromMatrix } from "@/lib/tencentcloud/emulator/generator";
import { startEmulator } from "@/lib/tencentcloud/emulator/server";
import { createEmulatorState, readStateFile } from "@/lib/tencentcloud/emulator/state";
import type { FaultKind } from "@/lib/tencentcloud/emulator/types";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9510" },
    accounts: { type: "string", default: String(DEMO_ACCOUNT_COUNT) },
    resources: { type: "string", default: "2000" },
    seed: { type: "string" },
    state: { type: "string" },
    "no-rate-limits": { type: "boolean", default: false },
    "fault-rate": { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "member-ready-ms": { type: "string", default: "2000" },
    "task-ms": { type: "string", default: "1000" },
  },
});

function count(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    console.error(`--${name} must be a non-negative number`);
    process.exit(2);
  }
  return number;
}

const seed = values.seed === undefined ? undefined : count("seed", values.seed);
const faultRate = count("fault-rate", values["fault-rate"]);
const latencyMs = count("latency-ms", values["latency-ms"]);
const kinds: FaultKind[] = ["RequestLimitExceeded", "InternalError", "HTTP502", "ConnectionReset", "Timeout"];
const existing = values.state ? readStateFile(values.state) : undefined;
const emulator = await startEmulator({
  port: count("port", values.port),
  persistPath: values.state,
  state:
    existing ??
    createEmulatorState(seedFromMatrix(generateMatrix({ accounts: count("accounts", values.accounts), seed })), {
      resources: count("resources", values.resources),
      seed,
    }),
  rateLimits: values["no-rate-limits"] ? false : undefined,
  memberReadyDelayMs: count("member-ready-ms", values["member-ready-ms"]),
  taskDelayMs: count("task-ms", values["task-ms"]),
  faults: {
    rules: faultRate > 0 ? kinds.map((kind) => ({ kind, rate: faultRate / kinds.length })) : [],
    latency: latencyMs > 0 ? { distribution: "lognormal", medianMs: latencyMs, p99Ms: latencyMs * 5 } : undefined,
  },
});

const { state } = emulator;
console.log(`Tencent Cloud emulator listening on ${emulator.url}${existing ? ` (state from ${values.state})` : ""}`);
console.log(
  `Organization ${state.organization.orgId}: ${state.members.length} member accounts, ${state.nodes.length} units, ${state.resources.length} tagged resources`,
);
console.log("Point the portal or `npm run tencent:check` at it with:");
console.log(`  TENCENTCLOUD_SECRET_ID=${emulator.credentials.secretId}`);
console.log(`  TENCENTCLOUD_SECRET_KEY=${emulator.credentials.secretKey}`);
console.log(`  TENCENTCLOUD_EMULATOR_PORT=${emulator.port}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
