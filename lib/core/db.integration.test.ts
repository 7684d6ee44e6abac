import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "./db";
import { env } from "./env";
import { toAppError } from "./errors";

/** Ends one server backend as a PostgreSQL shutdown or restart does (57P01), from a connection of its own. */
async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
  } finally {
    await admin.end();
  }
}

// Found by the resilience suite's PostgreSQL restart (scripts/resilience/database-restart.resilience.test.ts): a
// transaction between two statements when the server went away answered INTERNAL ("Something went wrong").
function transactionOnEndedConnection(when: "between two statements" | "before COMMIT") {
  return db.$transaction(async (tx) => {
    const [{ pid }] = await tx.$queryRaw<[{ pid: number }]>`SELECT pg_backend_pid() AS pid`;
    await terminateBackend(pid);
    // Let the client see the server's goodbye before it sends anything else.
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (when === "between two statements") await tx.$queryRaw`SELECT 1`;
  });
}

describe("a transaction whose connection the server ends", () => {
  it.each(["between two statements", "before COMMIT"] as const)("%s is UNAVAILABLE, and the next call gets a working connection", async (when) => {
    const error = await transactionOnEndedConnection(when).then(() => null, (caught: unknown) => caught);
    expect(error, "the transaction failed").not.toBeNull();
    expect(toAppError(error).code, String(error)).toBe("UNAVAILABLE");
    expect(await db.$queryRaw`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });

  // Such a transaction never gets to release its connection (its ROLLBACK cannot be sent): the pool must take the
  // slot back, or after as many as the pool holds every query waits out its timeout until a restart.
  it("gives its pool slot back: more of them than the pool holds, and queries still get a connection at once", async () => {
    const poolSize = env.DATABASE_POOL_MAX ?? 10; // pg's default
    for (let attempt = 0; attempt < poolSize + 2; attempt += 1) {
      const error = await transactionOnEndedConnection("between two statements").then(() => null, (caught: unknown) => caught);
      expect(toAppError(error).code, String(error)).toBe("UNAVAILABLE");
    }
    const started = performance.now();
    expect(await Promise.all(Array.from({ length: poolSize }, () => db.$queryRaw`SELECT 1 AS ok`))).toHaveLength(poolSize);
    // A leaked pool would make these wait out the 10 s connection timeout and fail.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
