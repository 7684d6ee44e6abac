// Starts the portal: database (DATABASE_URL, or the embedded PostgreSQL in .lattice/), migrations, optionally the
// demo matrix, a production build when sources changed, then `next start`.
// `npm run demo` = serve --demo; `npm start` = serve.
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type RunningPostgres } from "@/lib/core/embedded-postgres";
import { ROOT, buildIfStale, onShutdown, runOrThrow, start } from "./support";

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

async function assertPortFree(portToCheck: number) {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port: portToCheck }, () => server.close(() => resolve(true)));
  });
  if (!free) {
    console.error(`Port ${portToCheck} is already in use. Stop what uses it, or choose another: PORT=3001 npm run demo`);
    process.exit(1);
  }
}

await assertPortFree(port);

let embedded: RunningPostgres | undefined;
let nextServer: ReturnType<typeof start> | undefined;
const shutdown = onShutdown(async () => {
  nextServer?.kill("SIGTERM");
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
  const env = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" };

  await runOrThrow("prisma", ["migrate", "deploy"], { env });
  if (values.demo) await runOrThrow("tsx", ["--conditions=react-server", "prisma/seed.ts"], { env });
  await buildIfStale(env);

  nextServer = start("next", ["start", "-p", String(port)], { env });
  console.log(`\nLattice is starting at http://localhost:${port}  (Ctrl-C stops it)\n`);
  nextServer.once("exit", (code) => void shutdown(code ?? 0));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
