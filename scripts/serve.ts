// Starts the portal: database (DATABASE_URL, or the embedded PostgreSQL in .lattice/), migrations, a production
// build when sources changed, then `next start`. With --demo also the demo matrix and, unless configured for the
// real services, the local demo identity provider (AUTH_OIDC_ISSUER unset) and the local Tencent Cloud emulator
// serving the same demo organization (TENCENTCLOUD_SECRET_ID unset).
// `npm run demo` = serve --demo; `npm start` = serve.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type RunningPostgres } from "@/lib/core/embedded-postgres";
import { choosePort, isPortFree } from "@/lib/core/ports";
import type { DemoIdentity } from "@/lib/dev-idp/launch";
import type { DemoMailbox } from "@/lib/notifications/demo-mailbox";
import type { RunningEmulator } from "@/lib/tencentcloud/emulator/server";
import { ROOT, applyMigrations, buildIfStale, onShutdown, runOrThrow, start } from "./support";

const { values } = parseArgs({
  options: {
    demo: { type: "boolean", default: false },
    port: { type: "string", default: process.env.PORT ?? "3000" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`PORT must be a port number, got "${values.port}".`);
  process.exit(2);
}

if (!(await isPortFree(port, "0.0.0.0"))) {
  console.error(`Port ${port} is already in use. Stop what uses it, or choose another: PORT=3001 npm run demo`);
  process.exit(1);
}

/** A demo secret kept in .lattice/ (mode 600), so sessions and signed checkpoints survive a restart. */
function demoSecret(name: string, create: () => string): string {
  const file = path.join(ROOT, ".lattice", name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = create();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let embedded: RunningPostgres | undefined;
let identity: DemoIdentity | undefined;
let emulator: RunningEmulator | undefined;
let mailbox: DemoMailbox | undefined;
let nextServer: ReturnType<typeof start> | undefined;
let worker: ReturnType<typeof start> | undefined;
const shutdown = onShutdown(async () => {
  nextServer?.kill("SIGTERM");
  // The worker finishes its current job and must be gone before its database stops.
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker?.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await identity?.idp.close();
  await emulator?.close();
  await mailbox?.stop();
  if (embedded) {
    console.log("Stopping the embedded PostgreSQL…");
    await embedded.stop();
  }
});

try {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(ROOT, ".lattice", "postgres"),
      preferredPort: Number(process.env.LATTICE_EMBEDDED_PG_PORT ?? 54329),
      persistent: true,
      database: "lattice",
    });
    databaseUrl = embedded.url;
    console.log(`Embedded PostgreSQL 17 is running on 127.0.0.1:${embedded.port} (data in .lattice/postgres).`);
  }
  let env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" };
  // Demo-only services are loaded only for the demo, so a production start never loads them.
  if (values.demo && !process.env.AUTH_OIDC_ISSUER) {
    const { startDemoIdentity } = await import("@/lib/dev-idp/launch");
    identity = await startDemoIdentity({
      appUrl: `http://localhost:${port}`,
      port: Number(process.env.LATTICE_DEV_IDP_PORT ?? 9100),
      authSecret: process.env.AUTH_SECRET ?? demoSecret("auth-secret", () => randomBytes(32).toString("base64url")),
      nodeEnv: process.env.NODE_ENV,
      allowProduction: process.env.LATTICE_DEV_IDP_ALLOW_PRODUCTION === "1",
    });
    env = { ...env, ...identity.env };
    console.log(`Demo identity provider at ${identity.idp.issuer} (people and passwords: README, "Demo people").`);
  }
  if (values.demo && !process.env.TENCENTCLOUD_SECRET_ID) {
    // The emulator's organization is generated from the same demo matrix the database was seeded with; its state
    // (accounts created later, assignments …) is kept in .lattice/ like the database.
    const statePath = path.join(ROOT, ".lattice", "emulator.json");
    const { DEMO_ACCOUNT_COUNT, generateMatrix } = await import("@/lib/matrix/demo-matrix");
    const { seedFromMatrix } = await import("@/lib/tencentcloud/emulator/generator");
    const { startEmulator } = await import("@/lib/tencentcloud/emulator/server");
    const { createEmulatorState, readStateFile } = await import("@/lib/tencentcloud/emulator/state");
    emulator = await startEmulator({
      port: await choosePort(Number(process.env.LATTICE_EMULATOR_PORT ?? 9510)),
      persistPath: statePath,
      state: readStateFile(statePath) ?? createEmulatorState(seedFromMatrix(generateMatrix({ accounts: DEMO_ACCOUNT_COUNT }))),
    });
    env = {
      ...env,
      TENCENTCLOUD_SECRET_ID: emulator.credentials.secretId,
      TENCENTCLOUD_SECRET_KEY: emulator.credentials.secretKey,
      TENCENTCLOUD_EMULATOR_PORT: String(emulator.port),
    };
    console.log(`Tencent Cloud emulator at ${emulator.url} (the demo organization; see docs/tencentcloud.md).`);
  }

  if (values.demo && !process.env.SMTP_URL) {
    // Notifications go to a local mailbox page, so the demo shows the emails Lattice sends (docs/notifications.md).
    const { startDemoMailbox } = await import("@/lib/notifications/demo-mailbox");
    mailbox = await startDemoMailbox({ httpPort: await choosePort(Number(process.env.LATTICE_MAILBOX_PORT ?? 9525)) });
    env = { ...env, SMTP_URL: mailbox.smtpUrl, MAIL_FROM: "Lattice demo <lattice@lattice.example>", PORTAL_URL: env.PORTAL_URL ?? `http://localhost:${port}` };
    console.log(`Demo mailbox at ${mailbox.url} (every email the worker sends).`);
  }

  if (values.demo && !process.env.AUDIT_SIGNING_KEY) {
    env.AUDIT_SIGNING_KEY = demoSecret("audit-signing-key.pem", () =>
      generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    );
  }

  // Check the configuration before building or starting anything: a missing setting is named here, once.
  process.env = env;
  await import("@/lib/core/env");

  await applyMigrations(env);
  if (values.demo) await runOrThrow("tsx", ["--conditions=react-server", "prisma/seed.ts"], { env });
  await buildIfStale(env);

  // Background jobs (audit checkpoints, CloudAudit import) run in their own process; see docs/worker.md.
  worker = start("tsx", ["--conditions=react-server", "scripts/worker.ts"], { env });

  nextServer = start("next", ["start", "-p", String(port)], { env });
  console.log(`\nLattice is starting at http://localhost:${port}  (Ctrl-C stops it)\n`);
  nextServer.once("exit", (code, signal) => {
    console.log(`The portal stopped (${signal ? `signal ${signal}` : `exit code ${code}`}).`);
    void shutdown(code ?? 0);
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
