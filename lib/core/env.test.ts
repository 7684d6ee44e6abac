import { afterEach, describe, expect, it, vi } from "vitest";

const original = { ...process.env };

async function loadEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return (await import("./env")).env;
}

describe("env", () => {
  afterEach(() => {
    process.env = { ...original };
    vi.restoreAllMocks();
  });

  it("accepts a PostgreSQL URL and applies defaults", async () => {
    const env = await loadEnv({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/db", LOG_LEVEL: undefined });
    expect(env.DATABASE_URL).toBe("postgresql://u@127.0.0.1:5432/db");
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("stops with a message naming a missing variable", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(loadEnv({ DATABASE_URL: undefined })).rejects.toThrow(/DATABASE_URL/);
  });

  it("stops with a message naming a malformed variable", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(loadEnv({ DATABASE_URL: "mysql://localhost/db" })).rejects.toThrow(/DATABASE_URL: must start with postgresql/);
    await expect(loadEnv({ DATABASE_URL: "postgresql://u@h/db", LOG_LEVEL: "loud" })).rejects.toThrow(/LOG_LEVEL/);
  });
});
