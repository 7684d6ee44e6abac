// Seeds the demo matrix (or, with --accounts N, a generated matrix of N accounts). Idempotent.
// Usage: tsx --conditions=react-server prisma/seed.ts [--accounts 40] [--seed 20261129]
import { parseArgs } from "node:util";
import { db } from "@/lib/core/db";
import { DEMO_ACCOUNT_COUNT, generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";

const { values } = parseArgs({
  options: { accounts: { type: "string", default: String(DEMO_ACCOUNT_COUNT) }, seed: { type: "string" } },
});
const accounts = Number(values.accounts);
if (!Number.isInteger(accounts) || accounts < 1) {
  console.error(`--accounts must be a whole number ≥ 1, got "${values.accounts}"`);
  process.exit(2);
}

const started = performance.now();
await writeMatrix(generateMatrix({ accounts, seed: values.seed === undefined ? undefined : Number(values.seed) }));
await db.$disconnect();
console.log(`Seeded a matrix of ${accounts} accounts in ${Math.round(performance.now() - started)} ms.`);
