import { defineConfig } from "@playwright/test";

// Run through `npm test` (scripts/test.ts), which provides the database, the demo data, the build and Chromium.
const port = Number(process.env.E2E_PORT ?? 3100);
// Use localhost, not 127.0.0.1: sign-in callbacks must match the configured origin exactly.
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // Tests reach only this machine.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
      ],
    },
  },
  // Journeys that add accounts to the demo organization run after those that count the seeded 40.
  projects: [
    { name: "portal", testIgnore: /account-requests\.spec\.ts$/ },
    { name: "provisioning", testMatch: /account-requests\.spec\.ts$/, dependencies: ["portal"] },
  ],
  webServer: {
    command: `next start -p ${port}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
