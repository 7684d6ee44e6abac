import { describe, expect, it } from "vitest";
import { REGION_IDS } from "./constants";
import { DEMO_ACCOUNT_COUNT, generateMatrix } from "./demo-matrix";

// Tencent's member-name rule: up to 25 letters, digits and +@&._[]-:,
const TENCENT_NAME = /^[A-Za-z0-9+@&._[\]\-:,]{1,25}$/;
// The demo naming convention {product}-{env}-{region}-{descriptor}, lower case.
const CONVENTION = /^[a-z]+-(prod|stg|dev|sbx|shr)-[a-z]+-[a-z0-9]+$/;

describe("generateMatrix", () => {
  const demo = generateMatrix({ accounts: DEMO_ACCOUNT_COUNT });

  it("is deterministic", () => {
    expect(generateMatrix({ accounts: DEMO_ACCOUNT_COUNT })).toEqual(demo);
    expect(generateMatrix({ accounts: DEMO_ACCOUNT_COUNT, seed: 7 })).not.toEqual(demo);
  });

  it("makes valid, unique account names and UINs", () => {
    const names = demo.accounts.map((account) => account.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(demo.accounts.map((account) => account.memberUin)).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(TENCENT_NAME);
      expect(name).toMatch(CONVENTION);
    }
  });

  it("spreads accounts over every environment, many regions and all product units", () => {
    expect(demo.accounts).toHaveLength(DEMO_ACCOUNT_COUNT);
    expect(new Set(demo.accounts.map((account) => account.environment))).toEqual(new Set(["PROD", "STAGING", "DEV", "SANDBOX", "SHARED"]));
    const regions = new Set(demo.accounts.flatMap((account) => account.regions));
    expect(regions.size).toBeGreaterThanOrEqual(8);
    for (const region of regions) expect(REGION_IDS).toContain(region);
    const leafUnits = demo.units.filter((unit) => !demo.units.some((other) => other.parentId === unit.id));
    for (const unit of leafUnits) expect(demo.accounts.some((account) => account.unitId === unit.id)).toBe(true);
  });

  it("has realistic gaps: unmanaged accounts without owners, missing tags, inactive owners", () => {
    const unmanaged = demo.accounts.filter((account) => account.status === "UNMANAGED");
    expect(unmanaged.length).toBeGreaterThan(0);
    for (const account of unmanaged) expect(account.owners).toEqual([]);
    expect(demo.accounts.some((account) => !account.tags.some((tag) => tag.key === "cost-center"))).toBe(true);
    const inactive = new Set(demo.users.filter((user) => !user.active).map((user) => user.id));
    expect(demo.accounts.some((account) => account.owners.some((owner) => inactive.has(owner.userId)))).toBe(true);
  });

  it("gives every owned account exactly one primary owner", () => {
    for (const account of demo.accounts.filter((a) => a.owners.length > 0)) {
      expect(account.owners.filter((owner) => owner.role === "PRIMARY")).toHaveLength(1);
    }
  });

  it("builds a consistent unit tree with materialized paths", () => {
    const byId = new Map(demo.units.map((unit) => [unit.id, unit]));
    for (const unit of demo.units) {
      const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
      expect(unit.path).toBe(`${parent?.path ?? "/"}${unit.id}/`);
    }
  });

  it("scales to a large matrix with unique names within Tencent's limits", () => {
    const large = generateMatrix({ accounts: 5_000 });
    const names = large.accounts.map((account) => account.name);
    expect(new Set(names).size).toBe(5_000);
    for (const name of names) expect(name).toMatch(TENCENT_NAME);
  });
});
