import { describe, expect, it } from "vitest";
import { exportTableSchema, tagDashboardQuerySchema } from "./schema";

describe("tagDashboardQuerySchema", () => {
  it("applies defaults to an empty query", () => {
    expect(tagDashboardQuerySchema.parse({})).toEqual({ sort: "newest", page: 1, pageSize: 25, accountsPage: 1 });
  });

  it("accepts every known filter", () => {
    expect(
      tagDashboardQuerySchema.parse({
        account: "acct_000001",
        unit: "unit_payments",
        environment: "prod",
        region: "ap-singapore",
        key: "cost-center",
        type: "cvm:instance",
        kind: "value-not-allowed",
        sort: "account",
        page: "2",
        pageSize: "50",
        accountsPage: "4",
      }),
    ).toEqual({
      account: "acct_000001",
      unit: "unit_payments",
      environment: "prod",
      region: "ap-singapore",
      key: "cost-center",
      type: "cvm:instance",
      kind: "value-not-allowed",
      sort: "account",
      page: 2,
      pageSize: 50,
      accountsPage: 4,
    });
  });

  it("falls back to no filter for unknown or malformed values", () => {
    expect(
      tagDashboardQuerySchema.parse({
        account: "x'; drop table account; --",
        unit: "",
        environment: "production",
        region: "AP SINGAPORE",
        key: "<script>",
        type: "not a type",
        kind: "bad",
        sort: "random",
        page: "-1",
        pageSize: "7",
        accountsPage: "abc",
      }),
    ).toEqual({ sort: "newest", page: 1, pageSize: 25, accountsPage: 1 });
  });

  it("accepts the global region and caps deep pages", () => {
    expect(tagDashboardQuerySchema.parse({ region: "global" }).region).toBe("global");
    expect(tagDashboardQuerySchema.parse({ page: "1000000" }).page).toBe(1);
  });

  it("picks the violations list unless a known table is asked for", () => {
    expect(exportTableSchema.parse(undefined)).toBe("violations");
    expect(exportTableSchema.parse("key")).toBe("key");
    expect(exportTableSchema.parse("users")).toBe("violations");
  });
});
