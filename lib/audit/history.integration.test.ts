import { beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { findHistoryPage, resolveHistoryFilters } from "./data";

const matrix = generateMatrix({ accounts: 40 });
const cards = matrix.accounts.find((account) => account.unitId === "unit_cards" && account.owners.some((o) => o.userId === "user_dana"))!;
const other = matrix.accounts.find((account) => account.unitId === "unit_analytics")!;
const auditor: Actor = { userId: "user_jordan", sessionId: "s", email: "jordan@x", name: "Jordan", roles: ["requester", "auditor"], mfa: false };
const dana: Actor = { ...auditor, userId: "user_dana", email: "dana@x", roles: ["requester"] };

async function append(actorId: string, action: "user.signIn" | "user.deactivate" | `cloud.${string}`, account: typeof cards | null, occurredAt: Date, note: string) {
  await db.$transaction((tx) =>
    appendAuditEvent(tx, { actor: { type: actorId === "tencent" ? "TENCENT" : "USER", id: actorId, label: `${actorId}@x` } }, {
      action,
      target: { type: "user", id: actorId },
      account: account ? { id: account.id, uin: account.memberUin, unitId: account.unitId } : undefined,
      payload: { note },
      occurredAt,
      source: action.startsWith("cloud.") ? "CLOUDAUDIT" : "PORTAL",
    }),
  );
}

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

async function page(actor: Actor, filters: Parameters<typeof resolveHistoryFilters>[1], cursor: { before?: bigint; after?: bigint } = {}, size = 3) {
  const { where } = await resolveHistoryFilters(actor, filters);
  return findHistoryPage(where, cursor, size);
}

describe("audit history queries", () => {
  beforeAll(async () => {
    await writeMatrix(matrix);
    // Portal events in time order, then a CloudAudit import that arrives late with older times.
    for (let n = 10; n <= 17; n++) await append(n % 2 ? "user_priya" : "user_dana", n % 3 ? "user.signIn" : "user.deactivate", n % 2 ? other : cards, day(n), `portal ${n}`);
    await append("tencent", "cloud.RunInstances", cards, day(5), "imported, older than everything");
  });

  it("lists newest first by event time, so late imports sit where they happened", async () => {
    const all = await page(auditor, {}, {}, 20);
    expect(all.rows.map((row) => row.occurredAt.getUTCDate())).toEqual([17, 16, 15, 14, 13, 12, 11, 10, 5]);
  });

  it("pages with a keyset cursor in both directions without gaps or repeats", async () => {
    const first = await page(auditor, {});
    expect(first.hasOlder).toBe(true);
    const second = await page(auditor, {}, { before: first.rows.at(-1)!.seq });
    const third = await page(auditor, {}, { before: second.rows.at(-1)!.seq });
    const days = [...first.rows, ...second.rows, ...third.rows].map((row) => row.occurredAt.getUTCDate());
    expect(days).toEqual([17, 16, 15, 14, 13, 12, 11, 10, 5]);
    expect(third.hasOlder).toBe(false);
    const back = await page(auditor, {}, { after: third.rows[0]!.seq });
    expect(back.rows.map((row) => row.seq)).toEqual(second.rows.map((row) => row.seq));
  });

  it("filters by action, person, account (id, UIN or name), unit subtree, dates and text", async () => {
    const count = async (filters: Parameters<typeof resolveHistoryFilters>[1]) => (await page(auditor, filters, {}, 50)).rows.length;
    expect(await count({ action: "user.deactivate" })).toBe(2);
    expect(await count({ actor: "user_dana" })).toBe(4);
    expect(await count({ account: cards.memberUin })).toBe(5);
    expect(await count({ account: cards.name })).toBe(5);
    expect(await count({ account: cards.id })).toBe(5);
    expect(await count({ unit: "unit_payments" })).toBe(5);
    expect(await count({ unit: "unit_data" })).toBe(4);
    expect(await count({ from: "2026-11-12", to: "2026-11-14" })).toBe(3);
    expect(await count({ q: "IMPORTED, older" })).toBe(1);
    expect(await count({ q: "%" })).toBe(0);
  });

  it("shows a requester only their own actions and their accounts' events", async () => {
    const rows = (await page(dana, {}, {}, 50)).rows;
    expect(rows.length).toBe(5);
    for (const row of rows) expect(row.actorId === "user_dana" || row.accountId === cards.id).toBe(true);
  });

  it("shows a requester the decisions others made on their own requests, and nothing of others' requests", async () => {
    const request = (requesterId: string, name: string) =>
      db.accountRequest.create({
        data: { requesterId, name, nameParts: {}, unitId: "unit_cards", environment: "DEV", costCenter: "CC-1", dataClassification: "INTERNAL", justification: "x", tags: {}, status: "PENDING" },
      });
    const mine = await request("user_dana", "pay-dev-sg-mine");
    const theirs = await request("user_luis", "pay-dev-sg-theirs");
    for (const requestRef of [mine.id, theirs.id]) {
      await db.$transaction((tx) =>
        appendAuditEvent(tx, { actor: { type: "USER", id: "user_alex", label: "alex@x" } }, { action: "accountRequest.approve", target: { type: "accountRequest", id: requestRef }, requestRef }),
      );
    }
    const rows = (await page(dana, { action: "accountRequest.approve" }, {}, 50)).rows;
    expect(rows.map((row) => row.targetId)).toEqual([mine.id]);
  });

  it("reports an unknown unit instead of matching nothing", async () => {
    expect((await resolveHistoryFilters(auditor, { unit: "unit_nowhere" })).ignored).toEqual(["unit=unit_nowhere"]);
  });
});
