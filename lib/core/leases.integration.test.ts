import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { SessionLeases } from "./leases";
import { waitFor } from "./testing/wait-for";

const NAMESPACE = 7_351_999;
const worker = new SessionLeases(NAMESPACE, "lattice-test-leases-worker");
const other = new SessionLeases(NAMESPACE, "lattice-test-leases-other");

afterAll(async () => {
  await worker.close();
  await other.close();
});

/** Ends the lease connection of `applicationName` as a PostgreSQL restart does (57P01). */
async function terminate(applicationName: string) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
  } finally {
    await admin.end();
  }
}

it("a lease is held by one worker at a time and freed by release", async () => {
  expect(await worker.acquire("job-1")).toBe(true);
  expect(await other.acquire("job-1")).toBe(false);
  await worker.release("job-1");
  expect(await other.acquire("job-1")).toBe(true);
  await other.release("job-1");
});

it("a broken lease connection loses its leases, says so, and the next acquire works on a new connection", async () => {
  expect(await worker.acquire("job-2")).toBe(true);
  await terminate("lattice-test-leases-worker");
  await waitFor("the lease reported lost", async () => worker.isLost("job-2") || null, 5_000);
  // Freed by PostgreSQL with the session: another worker may take it now.
  expect(await other.acquire("job-2")).toBe(true);
  // Before, the dead connection stayed cached: every later acquire failed until the process restarted.
  expect(await worker.acquire("job-3")).toBe(true);
  // Taken back only where nobody took it meanwhile.
  expect(await worker.reacquireLost()).toBe(false);
  await other.release("job-2");
  expect(await worker.reacquireLost()).toBe(true);
  expect(worker.isLost("job-2")).toBe(false);
  expect(await other.acquire("job-2")).toBe(false);
  await worker.release("job-2");
  await worker.release("job-3");
});
