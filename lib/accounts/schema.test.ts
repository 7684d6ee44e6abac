import { describe, expect, it } from "vitest";
import { accountListQuerySchema } from "./schema";

describe("accountListQuerySchema", () => {
  it("applies defaults to an empty query", () => {
    expect(accountListQuerySchema.parse({})).toEqual({ sort: "name", dir: "asc", page: 1, pageSize: 25 });
  });

  it("accepts every known filter", () => {
    const query = accountListQuerySchema.parse({
      q: "  pay  ",
      unit: "unit_payments",
      environment: "prod",
      region: "ap-singapore",
      owner: "user_dana",
      status: "active",
      sort: "lastActivityAt",
      dir: "desc",
      page: "3",
      pageSize: "50",
    });
    expect(query).toEqual({
      q: "pay",
      unit: "unit_payments",
      environment: "prod",
      region: "ap-singapore",
      owner: "user_dana",
      status: "active",
      sort: "lastActivityAt",
      dir: "desc",
      page: 3,
      pageSize: 50,
    });
  });

  it("ignores unknown or malformed values instead of failing", () => {
    const query = accountListQuerySchema.parse({
      environment: "production",
      region: "mars-1",
      unit: "'; DROP TABLE account; --",
      status: "deleted",
      sort: "password",
      dir: "sideways",
      page: "-4",
      pageSize: "1000000",
    });
    expect(query).toEqual({ sort: "name", dir: "asc", page: 1, pageSize: 25 });
  });

  it("rejects fractional pages and over-long search text", () => {
    const query = accountListQuerySchema.parse({ page: "2.5", q: "x".repeat(101) });
    expect(query.page).toBe(1);
    expect(query.q).toBeUndefined();
  });

  it("drops control characters from search text (PostgreSQL refuses NUL bytes)", () => {
    expect(accountListQuerySchema.parse({ q: "pay\u0000-prod\n" }).q).toBe("pay-prod");
  });
});
