// Prisma CLI configuration. The CLI runs fully offline on the Wasm schema engine through a driver adapter,
// because the native engines cannot be downloaded on our machines (see docs/architecture.md).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// Workaround 1 — https://github.com/prisma/prisma/issues/27403: the adapter cannot deserialize the pg_catalog
// types the schema engine reads during introspection (name, char, regproc, xid, pg_node_tree, regnamespace …).
// They are all textual, so the CLI's client reports them as text (OID 25).
const TEXTUAL_CATALOG_TYPE_IDS = new Set([18, 19, 24, 28, 194, 2205]);
const TEXT_TYPE_ID = 25;

function reportCatalogTypesAsText(result: pg.QueryResult | undefined) {
  for (const field of result?.fields ?? []) {
    if (TEXTUAL_CATALOG_TYPE_IDS.has(field.dataTypeID)) field.dataTypeID = TEXT_TYPE_ID;
  }
  return result;
}

class CatalogTypesAsTextClient extends pg.Client {
  // pg's query() has many overloads that cannot be re-declared generically. pg.Pool calls it with a callback,
  // the adapter with a promise; both paths are patched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: Error | null, result: pg.QueryResult) =>
        callback(error, reportCatalogTypesAsText(result));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as any)(...args);
    return returned && typeof returned.then === "function" ? returned.then(reportCatalogTypesAsText) : returned;
  }
}

// Workaround 3: the Wasm engine leaves long timers pending, so the CLI would exit 10–60 s late.
// Unref every long timer created while this config module is loaded in the CLI process.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: TimerHandler, timeout?: number, ...rest: unknown[]) => {
  const timer = originalSetTimeout(handler as () => void, timeout, ...rest) as unknown as NodeJS.Timeout;
  if ((timeout ?? 0) >= 5_000) timer.unref();
  return timer;
}) as unknown as typeof setTimeout;

// Workaround 4: the adapter runs a migration script by splitting it on ";", which breaks statements that contain
// semicolons themselves (plpgsql trigger functions). PostgreSQL's simple query protocol runs a whole script at once.
type ScriptAdapter = { executeScript(script: string): Promise<void>; client: pg.Pool; onError(error: unknown): never };

function runScriptsWhole<T>(adapter: T): T {
  const scriptAdapter = adapter as unknown as ScriptAdapter;
  scriptAdapter.executeScript = async (script) => {
    try {
      await scriptAdapter.client.query(script);
    } catch (error) {
      scriptAdapter.onError(error);
    }
  };
  return adapter;
}

class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    return runScriptsWhole(await super.connect());
  }
  override async connectToShadowDb() {
    return runScriptsWhole(await super.connectToShadowDb());
  }
}

function adapterConfig(): pg.PoolConfig {
  const raw = process.env.DATABASE_URL;
  if (!raw) throw new Error("DATABASE_URL is not set: the Prisma CLI needs it (see README, Configuration).");
  const url = new URL(raw);
  // Workaround 2: the shadow-database pool is built as {...config, database}; pg lets connectionString
  // override `database`, so the shadow DB would silently be the main DB. Discrete fields avoid that.
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password) || undefined,
    database: decodeURIComponent(url.pathname.slice(1)),
    idleTimeoutMillis: 100,
    Client: CatalogTypesAsTextClient,
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  adapter: async () => new WholeScriptPrismaPg(adapterConfig()),
});
