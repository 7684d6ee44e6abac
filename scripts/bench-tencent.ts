/**
 * Gateway throughput against the emulator with Tencent's documented rate limits on:
 *   npm run bench:tencent -- [--accounts 1000] [--resources 100000] [--concurrency 50]
 * 1. members: pages DescribeOrganizationMembers (Offset/Limit 50) through an organization of `accounts`;
 * 2. resources, one account: pages GetResources (PaginationToken/MaxResults 200) through `resources` resources;
 * 3. resources, every account: AssumeRole into each member and page its share of the same number of resources.
 * Prints, per scan, calls, seconds, achieved rate ÷ limit of the binding action, and throttled attempts; the results
 * go to bench-results.json (key "tencent"; writeBenchResult in support.ts).
 */
import { parseArgs } from "node:util";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { ACTIONS } from "@/lib/tencentcloud/constants";
import { seedFromMatrix } from "@/lib/tencentcloud/emulator/generator";
import { startEmulator } from "@/lib/tencentcloud/emulator/server";
import { createEmulatorState } from "@/lib/tencentcloud/emulator/state";
import { listOrganizationMembers, listTaggedResources } from "@/lib/tencentcloud/pagination";
import { createTencentGateway } from "@/lib/tencentcloud/service";
import type { CallRecord } from "@/lib/tencentcloud/types";
import { writeBenchResult } from "./support";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "1000" },
    resources: { type: "string", default: "100000" },
    concurrency: { type: "string", default: "100" },
  },
});
const accounts = Number(values.accounts);
const resources = Number(values.resources);
const concurrency = Number(values.concurrency);

interface ScanResult {
  scan: string;
  items: number;
  calls: number;
  seconds: number;
  bindingAction: string;
  limit: number;
  ratio: number;
  throttledAttempts: number;
  failedCalls: number;
}

/** Runs one scan against a fresh emulator and measures the calls of `bindingAction` (the limit that binds). */
async function measure(
  scan: string,
  state: ReturnType<typeof createEmulatorState>,
  bindingAction: string,
  limit: number,
  run: (gateway: ReturnType<typeof createTencentGateway>) => Promise<{ items: number; failedCalls: number }>,
): Promise<ScanResult> {
  const emulator = await startEmulator({ state, memberReadyDelayMs: 0 });
  const gateway = createTencentGateway({ credentials: emulator.credentials, emulator: { port: emulator.port } });
  const records: CallRecord[] = [];
  gateway.onCall((record) => records.push(record));
  const started = performance.now();
  const { items, failedCalls } = await run(gateway);
  const seconds = (performance.now() - started) / 1000;
  await emulator.close();

  const starts = records
    .filter((record) => record.action === bindingAction)
    .map((record) => record.startedAt.getTime())
    .sort((a, b) => a - b);
  // Rate over the scan: the span of call starts plus the one pacing interval the last call occupies. The limiter
  // paces calls evenly (rate-limiter.ts), so a scan at the limit scores 1; the 30 ms window margin caps it at 0.97.
  const spanSeconds = ((starts.at(-1) ?? 0) - (starts[0] ?? 0)) / 1000 + 1 / limit;
  return {
    scan,
    items,
    calls: records.length,
    seconds: Number(seconds.toFixed(2)),
    bindingAction,
    limit,
    ratio: Number((starts.length / spanSeconds / limit).toFixed(3)),
    throttledAttempts: records.filter((record) => record.errorCode?.startsWith("RequestLimitExceeded")).length,
    failedCalls,
  };
}

async function count(items: AsyncIterable<unknown>): Promise<number> {
  let total = 0;
  for await (const _ of items) total += 1;
  return total;
}

const organization = seedFromMatrix(generateMatrix({ accounts }));
const results: ScanResult[] = [];

results.push(
  await measure(
    "members (Offset/Limit)",
    createEmulatorState(organization),
    "DescribeOrganizationMembers",
    ACTIONS.organization.DescribeOrganizationMembers.limit,
    async (gateway) => {
      // Five passes, so the scan lasts several windows and the steady rate shows.
      let items = 0;
      for (let pass = 0; pass < 5; pass += 1) items += await count(listOrganizationMembers(gateway));
      return { items, failedCalls: 0 };
    },
  ),
);

const single = seedFromMatrix(generateMatrix({ accounts: 1 }));
results.push(
  await measure(
    "resources, one account (PaginationToken/MaxResults)",
    createEmulatorState(single, { resources }),
    "GetResources",
    ACTIONS.tag.GetResources.limit,
    async (gateway) => {
      const uin = single.accounts[0]?.uin ?? 0;
      return { items: await count(listTaggedResources(gateway.inAccount(uin))), failedCalls: 0 };
    },
  ),
);

results.push(
  await measure(
    "resources, every account (AssumeRole + GetResources)",
    createEmulatorState(organization, { resources }),
    "AssumeRole",
    ACTIONS.sts.AssumeRole.limit,
    async (gateway) => {
      const queue = organization.accounts.map((account) => account.uin);
      let items = 0;
      let failedCalls = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let uin = queue.shift(); uin !== undefined; uin = queue.shift()) {
            try {
              const found = await count(listTaggedResources(gateway.inAccount(uin)));
              items += found;
            } catch {
              failedCalls += 1;
            }
          }
        }),
      );
      return { items, failedCalls };
    },
  ),
);

console.table(results);
console.log(JSON.stringify({ accounts, resources, concurrency, results }));
writeBenchResult("tencent", { generatedAt: new Date().toISOString(), accounts, resources, concurrency, results });
