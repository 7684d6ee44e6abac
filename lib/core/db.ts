import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env";
import { PrismaClient } from "./generated/prisma/client";

function createPrismaClient() {
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString: env.DATABASE_URL,
      // With the driver adapter, this is also how long a query or transaction waits for a pooled connection (pg's
      // pool has one timeout for both), so it matches maxWait below: at 5 s, a burst of 50 approvals lost some.
      connectionTimeoutMillis: 10_000,
      ...(env.DATABASE_POOL_MAX ? { max: env.DATABASE_POOL_MAX } : {}),
    }),
    // A burst (many approvals at once, the worker's concurrent runs) queues for a pooled connection; waiting up to
    // 10 s for one beats failing after Prisma's default 2 s. Transactions themselves stay short.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis there.
const globalForPrisma = globalThis as unknown as { latticePrisma?: PrismaClient };

/** The only Prisma client in the app. Import it from data.ts / mutations.ts files only. */
export const db = globalForPrisma.latticePrisma ?? createPrismaClient();
if (env.NODE_ENV !== "production") globalForPrisma.latticePrisma = db;
