import { describe, expect, it } from "vitest";
import { accountListQuerySchema } from "./schema";
import { accountsHref } from "./utils";

const base = accountListQuerySchema.parse({});

describe("accountsHref", () => {
  it("leaves defaults out", () => {
    expect(accountsHref(base)).toBe("/accounts");
  });

  it("keeps filters and applies changes", () => {
    const query = accountListQuerySchema.parse({ environment: "prod", page: "2" });
    expect(accountsHref(query, { sort: "status", dir: "desc", page: 1 })).toBe("/accounts?environment=prod&sort=status&dir=desc");
  });

  it("drops a filter set to undefined and encodes text", () => {
    const query = accountListQuerySchema.parse({ q: "a&b", region: "ap-tokyo" });
    expect(accountsHref(query, { region: undefined })).toBe("/accounts?q=a%26b");
  });
});
