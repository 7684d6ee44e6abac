import { beforeAll, describe, expect, it } from "vitest";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { findAccountDetail, findAccountFilterOptions, findAccountsPage } from "./data";
import { accountListQuerySchema } from "./schema";

// 130 accounts: several pages at every page size, and every filter has matches and non-matches.
const matrix = generateMatrix({ accounts: 130 });
const query = (raw: Record<string, string> = {}) => accountListQuerySchema.parse(raw);

function expectedNames(predicate: (account: (typeof matrix.accounts)[number]) => boolean) {
  return matrix.accounts.filter(predicate).map((account) => account.name).sort();
}

async function allNames(raw: Record<string, string>) {
  const page = await findAccountsPage(query({ ...raw, pageSize: "100" }));
  const names = page.rows.map((row) => row.name);
  for (let n = 2; n <= page.pageCount; n++) {
    names.push(...(await findAccountsPage(query({ ...raw, pageSize: "100", page: String(n) }))).rows.map((row) => row.name));
  }
  return names;
}

describe("findAccountsPage", () => {
  beforeAll(async () => {
    await writeMatrix(matrix);
  });

  it("paginates without overlaps or gaps, sorted by name", async () => {
    const names: string[] = [];
    const first = await findAccountsPage(query({ pageSize: "25" }));
    expect(first.total).toBe(130);
    expect(first.pageCount).toBe(6);
    for (let page = 1; page <= first.pageCount; page++) {
      names.push(...(await findAccountsPage(query({ pageSize: "25", page: String(page) }))).rows.map((row) => row.name));
    }
    expect(names).toEqual(matrix.accounts.map((account) => account.name).sort());
  });

  it("shows the last page for a page past the end", async () => {
    const page = await findAccountsPage(query({ pageSize: "50", page: "99" }));
    expect(page.query.page).toBe(3);
    expect(page.rows).toHaveLength(30);
  });

  it("filters by environment", async () => {
    expect((await allNames({ environment: "prod" })).sort()).toEqual(expectedNames((a) => a.environment === "PROD"));
  });

  it("filters by region, including secondary regions", async () => {
    expect((await allNames({ region: "ap-tokyo" })).sort()).toEqual(expectedNames((a) => a.regions.includes("ap-tokyo")));
  });

  it("filters by unit, including every unit below it", async () => {
    const payments = matrix.units.filter((unit) => unit.path.includes("/unit_payments/")).map((unit) => unit.id);
    expect(payments.length).toBeGreaterThan(1);
    expect((await allNames({ unit: "unit_payments" })).sort()).toEqual(expectedNames((a) => payments.includes(a.unitId)));
    expect((await allNames({ unit: "unit_cards" })).sort()).toEqual(expectedNames((a) => a.unitId === "unit_cards"));
  });

  it("filters by owner (primary or secondary)", async () => {
    expect((await allNames({ owner: "user_victor" })).sort()).toEqual(expectedNames((a) => a.owners.some((o) => o.userId === "user_victor")));
  });

  it("filters by status and by text in the name or UIN, case-insensitively", async () => {
    expect((await allNames({ status: "unmanaged" })).sort()).toEqual(expectedNames((a) => a.status === "UNMANAGED"));
    expect((await allNames({ q: "PAY-PROD" })).sort()).toEqual(expectedNames((a) => a.name.includes("pay-prod")));
    const uin = matrix.accounts[7]!.memberUin;
    expect(await allNames({ q: uin })).toEqual([matrix.accounts[7]!.name]);
  });

  it("combines filters", async () => {
    expect((await allNames({ environment: "dev", unit: "unit_data" })).sort()).toEqual(
      expectedNames((a) => a.environment === "DEV" && ["unit_data", "unit_analytics", "unit_ml"].includes(a.unitId)),
    );
  });

  it("sorts by every sortable column in both directions, with stable ties", async () => {
    const byEnvDesc = await allNames({ sort: "environment", dir: "desc" });
    const order = ["PROD", "STAGING", "DEV", "SANDBOX", "SHARED"];
    const envOf = new Map(matrix.accounts.map((a) => [a.name, order.indexOf(a.environment)]));
    const envs = byEnvDesc.map((name) => envOf.get(name)!);
    expect(envs).toEqual([...envs].sort((a, b) => b - a));

    const byActivity = (await findAccountsPage(query({ sort: "lastActivityAt", dir: "desc", pageSize: "100" }))).rows;
    const times = byActivity.filter((row) => row.lastActivityAt).map((row) => row.lastActivityAt!);
    expect(times).toEqual([...times].sort().reverse());

    const byUnit = (await findAccountsPage(query({ sort: "unit", pageSize: "100" }))).rows.map((row) => row.unitName);
    expect(byUnit).toEqual([...byUnit].sort());
  });

  it("lists every owner, the primary first", async () => {
    const account = matrix.accounts.find((a) => a.owners.length === 2)!;
    const [row] = (await findAccountsPage(query({ q: account.name }))).rows;
    expect(row?.owners.map((owner) => [owner.id, owner.primary])).toEqual([
      [account.owners.find((o) => o.role === "PRIMARY")!.userId, true],
      [account.owners.find((o) => o.role === "SECONDARY")!.userId, false],
    ]);
  });

  it("matches search text literally and finds part of a UIN", async () => {
    expect(await allNames({ q: "%" })).toEqual([]);
    expect(await allNames({ q: "_" })).toEqual([]);
    const uin = matrix.accounts[12]!.memberUin;
    expect(await allNames({ q: uin.slice(-4) })).toContain(matrix.accounts[12]!.name);
  });
});

describe("findAccountFilterOptions and findAccountDetail", () => {
  it("lists units as an indented tree and only people who own accounts", async () => {
    const options = await findAccountFilterOptions();
    expect(options.units[0]).toEqual({ id: "unit_root", name: "Root", depth: 0 });
    expect(options.units.find((unit) => unit.id === "unit_cards")?.depth).toBe(2);
    const owners = new Set(matrix.accounts.flatMap((a) => a.owners.map((o) => o.userId)));
    expect(options.owners.map((owner) => owner.id).sort()).toEqual([...owners].sort());
  });

  it("returns an account with owners, tags and its unit path", async () => {
    const account = matrix.accounts.find((a) => a.unitId === "unit_cards" && a.owners.length > 0)!;
    const detail = await findAccountDetail(account.id);
    expect(detail?.unitPath.map((unit) => unit.id)).toEqual(["unit_root", "unit_payments", "unit_cards"]);
    expect(detail?.owners[0]?.role).toBe("PRIMARY");
    expect(detail?.tags.map((tag) => tag.key)).toEqual(account.tags.map((tag) => tag.key).sort());
  });

  it("returns null for an unknown account", async () => {
    expect(await findAccountDetail("acct_missing")).toBeNull();
  });
});
