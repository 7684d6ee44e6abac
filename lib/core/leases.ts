import "server-only";
import pg from "pg";
import { env } from "./env";

interface LeaseConnection {
  client: Promise<pg.Client>;
  /** The keys locked on this connection. */
  held: Set<string>;
  lost: boolean;
}

/**
 * Session advisory locks on one dedicated connection per worker process: a worker's proof of life for what it runs.
 * PostgreSQL releases them when the session ends, so when the process dies (SIGKILL, OOM, lost host) they vanish and
 * another worker can tell the work is orphaned at once, instead of waiting for pg-boss to expire its job.
 * (Prisma's pooled connections cannot hold session state, hence a plain pg client; it runs no domain queries.)
 *
 * When the connection breaks (a PostgreSQL restart), every lease on it is gone: `isLost(key)` says so to the work
 * holding it, and the next `acquire` opens a new connection, so the worker carries on without a restart.
 */
export class SessionLeases {
  private connection?: LeaseConnection;
  private readonly lostKeys = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  /** `namespace`: the first key of the advisory locks, one per kind of lease. */
  constructor(
    private readonly namespace: number,
    private readonly applicationName: string,
    private readonly connectionString: string = env.DATABASE_URL,
  ) {}

  private current(): LeaseConnection {
    if (this.connection) return this.connection;
    const connection = { held: new Set<string>(), lost: false } as LeaseConnection;
    const onLost = () => {
      if (connection.lost) return;
      connection.lost = true;
      for (const key of connection.held) this.lostKeys.add(key);
      if (this.connection === connection) this.connection = undefined;
    };
    connection.client = (async () => {
      const client = new pg.Client({ connectionString: this.connectionString, application_name: this.applicationName });
      client.on("error", onLost);
      client.on("end", onLost);
      try {
        await client.connect();
      } catch (error) {
        onLost();
        throw error;
      }
      return client;
    })();
    this.connection = connection;
    return connection;
  }

  /** One query at a time on the shared connection (pg deprecates overlapping queries on one client). */
  private serialize<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Takes the lease on `key` unless someone holds it; true when taken. */
  acquire(key: string): Promise<boolean> {
    return this.serialize(async () => {
      const connection = this.current();
      const client = await connection.client;
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_catalog.pg_try_advisory_lock($1::int4, pg_catalog.hashtext($2)) AS locked", [
        this.namespace,
        key,
      ]);
      const locked = rows[0]?.locked === true;
      if (locked) {
        connection.held.add(key);
        this.lostKeys.delete(key);
      }
      return locked;
    });
  }

  release(key: string): Promise<void> {
    this.lostKeys.delete(key);
    return this.serialize(async () => {
      const connection = this.connection;
      if (!connection?.held.delete(key)) return;
      await (await connection.client).query("SELECT pg_catalog.pg_advisory_unlock($1::int4, pg_catalog.hashtext($2))", [this.namespace, key]);
    });
  }

  /** True when the lease on `key` went with a broken connection: the work holding it must assume others may start it. */
  isLost(key: string): boolean {
    return this.lostKeys.has(key);
  }

  /** Takes again, on a new connection, the leases a broken one lost (for work that may safely go on); false if any is taken by now. */
  async reacquireLost(): Promise<boolean> {
    let all = true;
    for (const key of [...this.lostKeys]) if (!(await this.acquire(key))) all = false;
    return all;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await (await connection.client.catch(() => undefined))?.end().catch(() => undefined);
  }
}
