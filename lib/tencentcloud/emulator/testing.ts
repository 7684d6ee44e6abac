import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { createTencentGateway } from "../service";
import type { TencentCloudConfig } from "../types";
import { seedFromMatrix } from "./generator";
import { startEmulator, type RunningEmulator } from "./server";
import { createEmulatorState } from "./state";
import type { EmulatorOptions } from "./types";

/**
 * An emulator for one test file, seeded from a small demo matrix, with short delays so async behaviour
 * (member readiness, CIC tasks) resolves within a test, and a gateway factory pointed at it.
 */
export async function startTestEmulator(options: EmulatorOptions & { accounts?: number; resources?: number } = {}) {
  const { accounts = 12, resources = 300, ...emulatorOptions } = options;
  const emulator: RunningEmulator = await startEmulator({
    state: createEmulatorState(seedFromMatrix(generateMatrix({ accounts })), { resources }),
    memberReadyDelayMs: 50,
    taskDelayMs: 50,
    ...emulatorOptions,
  });
  const gateway = (config: Partial<TencentCloudConfig> = {}) =>
    createTencentGateway({
      credentials: emulator.credentials,
      emulator: { port: emulator.port },
      requestTimeoutSeconds: 2,
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      ...config,
    });
  return { emulator, gateway };
}
