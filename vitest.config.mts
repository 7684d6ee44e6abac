import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

// Two tiers: unit tests (no I/O; the few that time the rate limiter in a "timing" project of their own, run last)
// and integration tests (real PostgreSQL, a fresh database per file).
// `npm test` (scripts/test.ts) provides the PostgreSQL server and the migrated template database.
// A third project, resilience (fuzzing, concurrency, abuse, tampering), runs only with `npm run test:resilience`
// (scripts/resilience.ts), on the same per-file databases.
export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests are server code.
      "server-only": path.join(root, "lib/core/testing/server-only-stub.ts"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,components,lib,prisma,scripts}/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/*.resilience.test.ts", "**/*.timing.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          // Unit tests that measure pacing against wall-clock time (the gateway's rate limiter): they run alone,
          // one file at a time after the rest of the unit tests, so two cores busy with other files cannot delay
          // their timers into a false failure.
          name: "timing",
          include: ["{app,components,lib,prisma,scripts}/**/*.timing.test.ts"],
          environment: "node",
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{app,components,lib,prisma,scripts}/**/*.integration.test.ts"],
          setupFiles: ["lib/core/testing/integration-setup.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: one file at a time per worker, each on its own database.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "resilience",
          include: ["{app,components,lib,prisma,scripts}/**/*.resilience.test.ts"],
          setupFiles: ["lib/core/testing/integration-setup.ts"],
          environment: "node",
          // Thousands of cases per test: the launcher's --quick sets fewer; a full run is allowed its time.
          testTimeout: 3_600_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
