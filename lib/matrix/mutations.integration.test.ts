import { describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { DEMO_ACCOUNT_COUNT, generateMatrix } from "./demo-matrix";
import { writeMatrix } from "./mutations";

/** Everything the seed writes, in a stable order, to compare whole database states. */
async function snapshotDatabase() {
  return {
    organizations: await db.organization.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    units: await db.unit.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    teams: await db.team.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    users: await db.user.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    accounts: await db.account.findMany({ orderBy: { id: "asc" }, omit: { updatedAt: true } }),
    owners: await db.accountOwner.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    tags: await db.accountTag.findMany({ orderBy: { id: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    naming: await db.namingConvention.findMany({ omit: { createdAt: true, updatedAt: true } }),
    tagRules: await db.tagPolicyRule.findMany({ orderBy: { key: "asc" }, omit: { createdAt: true, updatedAt: true } }),
  };
}

describe("writeMatrix (demo seed)", () => {
  const matrix = generateMatrix({ accounts: DEMO_ACCOUNT_COUNT });

  it("writes the whole matrix", async () => {
    await writeMatrix(matrix);
    expect(await db.account.count()).toBe(DEMO_ACCOUNT_COUNT);
    expect(await db.unit.count()).toBe(matrix.units.length);
    expect(await db.user.count()).toBe(matrix.users.length);
    expect(await db.accountOwner.count()).toBe(matrix.accounts.reduce((sum, account) => sum + account.owners.length, 0));
    expect(await db.accountTag.count()).toBe(matrix.accounts.reduce((sum, account) => sum + account.tags.length, 0));
    expect(await db.tagPolicyRule.count()).toBe(matrix.tagRules.length);
    const stored = await db.account.findUniqueOrThrow({ where: { id: matrix.accounts[0]!.id }, include: { tags: true } });
    expect(stored.name).toBe(matrix.accounts[0]!.name);
    expect(stored.tags.map((tag) => tag.key).sort()).toEqual(matrix.accounts[0]!.tags.map((tag) => tag.key).sort());
  });

  it("is idempotent: a second run changes nothing", async () => {
    const before = await snapshotDatabase();
    await writeMatrix(matrix);
    expect(await snapshotDatabase()).toEqual(before);
  });

  it("never overwrites what people changed since", async () => {
    const account = matrix.accounts[1]!;
    await db.account.update({ where: { id: account.id }, data: { description: "Edited in the portal" } });
    await writeMatrix(matrix);
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).description).toBe("Edited in the portal");
  });
});
