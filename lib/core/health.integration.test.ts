import net from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";

describe("checkHealth", () => {
  const databaseUrl = process.env.DATABASE_URL;
  afterEach(() => {
    process.env.DATABASE_URL = databaseUrl;
    vi.resetModules();
  });

  it("reports ok when the database answers", async () => {
    const { checkHealth } = await import("./health");
    const report = await checkHealth();
    expect(report.status).toBe("ok");
    expect(report.database.status).toBe("ok");
  });

  it("reports the database as unreachable when nothing listens", async () => {
    // A port that was free a moment ago: connecting to it is refused.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
    vi.resetModules();
    process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/lattice`;
    // A fresh module graph: a new client pointed at the dead port (the shared one is cached on globalThis).
    (globalThis as { latticePrisma?: unknown }).latticePrisma = undefined;
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const { checkHealth } = await import("./health");
    const report = await checkHealth();
    expect(report).toMatchObject({ status: "unavailable", database: { status: "unreachable" } });
  });
});
