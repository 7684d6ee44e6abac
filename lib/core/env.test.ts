import { afterEach, describe, expect, it, vi } from "vitest";
import { TEST_AUTH_ENV } from "./testing/test-env";

const original = { ...process.env };

async function loadEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries({ ...TEST_AUTH_ENV, ...vars })) {
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

  it("requires the SSO settings and checks the group mapping", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const db = { DATABASE_URL: "postgresql://u@h/db" };
    await expect(loadEnv({ ...db, AUTH_OIDC_ISSUER: undefined })).rejects.toThrow(/AUTH_OIDC_ISSUER/);
    await expect(loadEnv({ ...db, AUTH_SECRET: "short" })).rejects.toThrow(/AUTH_SECRET: must be at least 32/);
    await expect(loadEnv({ ...db, AUTH_GROUP_ROLES: "admins=root" })).rejects.toThrow(/AUTH_GROUP_ROLES: "root" is not a role/);
    const env = await loadEnv({ ...db, AUTH_GROUP_ROLES: "a=approver, a=security ,b=auditor", AUTH_MFA_AMR: "otp, hwk" });
    expect([...env.AUTH_GROUP_ROLES.entries()]).toEqual([
      ["a", ["approver", "security"]],
      ["b", ["auditor"]],
    ]);
    expect(env.AUTH_MFA_AMR).toEqual(["otp", "hwk"]);
  });
});
