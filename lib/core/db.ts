import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "./env";
import { PrismaClient } from "./generated/prisma/client";

/**
 * A pool that takes back a checked-out connection the moment it fails. Prisma's transactions release their
 * connection only after a ROLLBACK or COMMIT, which cannot be sent on a connection the server ended (a PostgreSQL
 * restart mid-transaction): without this, every such transaction kept its pool slot for good, and after as many as
 * the pool holds, every query waited out its timeout until the process was restarted.
 */
class SelfHealingPool extends pg.Pool {
  // pg-pool's own query() checks out with a callback and releases failed connections itself.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    if (callback) return super.connect(callback);
    return super.connect().then((client) => {
      const release = client.release.bind(client);
      let released = false;
      const releaseOnce = (error?: Error | boolean) => {
        if (released) return;
        released = true;
        client.removeListener("error", releaseOnce);
        release(error);
      };
      client.on("error", releaseOnce);
      client.release = releaseOnce;
      return client;
    });
  }
}

function createPrismaClient() {
  return new PrismaClient({
    adapter: new PrismaPg(
      new SelfHealingPool({
        connectionString: env.DATABASE_URL,
        // With the driver adapter, this is also how long a query or transaction waits for a pooled connection
        // (pg's pool has one timeout for both), so it matches maxWait below: at 5 s, a burst of 50 approvals lost some.
        connectionTimeoutMillis: 10_000,
        ...(env.DATABASE_POOL_MAX ? { max: env.DATABASE_POOL_MAX } : {}),
      }),
      // The pool lives as long as the client: $disconnect() ends it.
      { disposeExternalPool: true },
    ),
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
