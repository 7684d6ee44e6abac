// Runs before every integration test file: gives the file its own database, cloned from the migrated template,
// so files never see each other's rows. scripts/test.ts sets the two variables below.
import { afterAll } from "vitest";
import { createDatabaseFromTemplate, dropDatabase } from "./test-database";
import { TEST_AUTH_ENV } from "./test-env";


const serverUrl = process.env.LATTICE_TEST_SERVER_URL;
const template = process.env.LATTICE_TEST_TEMPLATE_DB;
if (!serverUrl || !template) {
  throw new Error("Integration tests need LATTICE_TEST_SERVER_URL and LATTICE_TEST_TEMPLATE_DB: run them with `npm test`.");
}

const fileDatabaseUrl = await createDatabaseFromTemplate(serverUrl, template);
process.env.DATABASE_URL = fileDatabaseUrl;
// Settings the app validates at start-up; integration tests never talk to an identity provider.
for (const [key, value] of Object.entries(TEST_AUTH_ENV)) process.env[key] ??= value;

afterAll(async () => {
  const { db } = await import("@/lib/core/db");
  await db.$disconnect();
  await dropDatabase(serverUrl, new URL(fileDatabaseUrl).pathname.slice(1));
});
