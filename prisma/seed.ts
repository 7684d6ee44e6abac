// Seeds the demo matrix (or, with --accounts N, a generated matrix of N accounts). Idempotent.
// Usage: tsx --conditions=react-server prisma/seed.ts [--accounts 40] [--seed 20261129]
import { parseArgs } from "node:util";
import { db } from "@/lib/core/db";
import { DEMO_ACCOUNT_COUNT, generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { getQueue } from "@/lib/core/queue";
import { DEMO_CATALOG_ROLES } from "@/lib/role-catalog/constants";
import { seedCatalogRoles } from "@/lib/role-catalog/mutations";

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
// The starter catalog queues its CIC provisioning, which the worker runs.
const roles = await seedCatalogRoles(DEMO_CATALOG_ROLES);
await (await getQueue()).stop(1_000);
await db.$disconnect();
console.log(`Seeded a matrix of ${accounts} accounts and ${roles} catalog roles in ${Math.round(performance.now() - started)} ms.`);
