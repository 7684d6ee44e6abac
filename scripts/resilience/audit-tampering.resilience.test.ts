// Audit tampering the verifier must catch at the exact event, beyond what lib/audit/verify.integration.test.ts
// already shows (a changed payload and time, a removed row and head, an adjacent swap, a re-hashed chain against a
// signed checkpoint): every hashed column changed, the stored hash or prev_hash changed, runs of rows removed
// (the first one too), rows reordered far apart or moved to the end — each at a random event, as a property.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { Prisma } from "@/lib/core/generated/prisma/client";
import { appendTestEvents, tamperWithAudit } from "@/lib/audit/testing";
import { verifyAuditChain } from "@/lib/audit/verify";
import { caseCount, report } from "./world";

const EVENTS = 60;
const CASES = caseCount(500, 60);

/** A new value for each hashed column (an SQL expression over the row), as a superuser would forge it. */
const COLUMN_CHANGES: Record<string, Prisma.Sql> = {
  occurred_at: Prisma.sql`occurred_at + interval '1 second'`,
  source: Prisma.sql`(CASE WHEN source = 'PORTAL' THEN 'CLOUDAUDIT' ELSE 'PORTAL' END)::public.audit_source`,
  actor_type: Prisma.sql`(CASE WHEN actor_type = 'USER' THEN 'SYSTEM' ELSE 'USER' END)::public.audit_actor_type`,
  actor_id: Prisma.sql`'user_mallory'`,
  actor_label: Prisma.sql`'mallory@example.com'`,
  action: Prisma.sql`'user.reactivate'`,
  target_type: Prisma.sql`'account'`,
  target_id: Prisma.sql`'user_innocent'`,
  account_id: Prisma.sql`'acct_other'`,
  account_uin: Prisma.sql`'299999999999'`,
  unit_id: Prisma.sql`'unit_other'`,
  request_ref: Prisma.sql`'req_forged'`,
  grant_ref: Prisma.sql`'grant_forged'`,
  tencent_request_ids: Prisma.sql`ARRAY['forged-request-id']::text[]`,
  client_ip: Prisma.sql`'198.51.100.1'`,
  user_agent: Prisma.sql`'curl/8.0'`,
  external_id: Prisma.sql`'forged-external-id'`,
  payload: Prisma.sql`payload || '{"forged":true}'::jsonb`,
  hash: Prisma.sql`pg_catalog.md5(hash) || pg_catalog.md5(hash)`,
  prev_hash: Prisma.sql`pg_catalog.md5(prev_hash) || pg_catalog.md5(prev_hash)`,
};

type Tampering =
  | { kind: "change"; column: string; seq: number }
  | { kind: "remove"; from: number; count: number }
  | { kind: "rotate"; seqs: [number, number, number] }
  | { kind: "move-to-end"; seq: number };

/** What the verifier must report for each tampering: the exact event, and how it broke. */
function expected(tampering: Tampering): { seq: string; kind: string } {
  switch (tampering.kind) {
    case "change":
      return { seq: String(tampering.seq), kind: tampering.column === "prev_hash" ? "reordered" : "changed" };
    case "remove":
      return { seq: String(tampering.from), kind: "missing" };
    case "rotate":
      return { seq: String(Math.min(...tampering.seqs)), kind: "reordered" };
    case "move-to-end":
      return { seq: String(tampering.seq), kind: "missing" };
  }
}

function statements(tampering: Tampering): Prisma.Sql[] {
  switch (tampering.kind) {
    case "change":
      return [Prisma.sql`UPDATE public.audit_event SET ${Prisma.raw(tampering.column)} = ${COLUMN_CHANGES[tampering.column]!} WHERE seq = ${tampering.seq}`];
    case "remove":
      return [Prisma.sql`DELETE FROM public.audit_event WHERE seq BETWEEN ${tampering.from} AND ${tampering.from + tampering.count - 1}`];
    case "rotate": {
      const [a, b, c] = tampering.seqs;
      return [
        Prisma.sql`UPDATE public.audit_event SET seq = -1 WHERE seq = ${a}`,
        Prisma.sql`UPDATE public.audit_event SET seq = ${a} WHERE seq = ${b}`,
        Prisma.sql`UPDATE public.audit_event SET seq = ${b} WHERE seq = ${c}`,
        Prisma.sql`UPDATE public.audit_event SET seq = ${c} WHERE seq = -1`,
      ];
    }
    case "move-to-end":
      return [Prisma.sql`UPDATE public.audit_event SET seq = ${EVENTS + 1} WHERE seq = ${tampering.seq}`];
  }
}

const seqArb = fc.integer({ min: 1, max: EVENTS });
const tamperings: fc.Arbitrary<Tampering> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("change" as const), column: fc.constantFrom(...Object.keys(COLUMN_CHANGES)), seq: seqArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), from: fc.integer({ min: 1, max: EVENTS - 1 }), count: fc.integer({ min: 1, max: 5 }) }).map((t) => ({ ...t, count: Math.min(t.count, EVENTS - t.from) })) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(seqArb, { minLength: 3, maxLength: 3 })
      .filter((seqs) => Math.max(...seqs) - Math.min(...seqs) > 2)
      .map((seqs) => ({ kind: "rotate" as const, seqs: seqs as [number, number, number] })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("move-to-end" as const), seq: fc.integer({ min: 1, max: EVENTS - 1 }) }) },
);

const verify = () => verifyAuditChain({ publicKey: null });

beforeAll(async () => {
  await appendTestEvents(EVENTS);
  // A copy to put back after each tampering (a real table: the pool's connections do not share temp tables).
  await db.$executeRaw`CREATE TABLE public.resilience_audit_copy AS SELECT * FROM public.audit_event`;
});

async function restore() {
  await tamperWithAudit(Prisma.sql`DELETE FROM public.audit_event`, Prisma.sql`INSERT INTO public.audit_event SELECT * FROM public.resilience_audit_copy`);
}

describe("audit tampering", () => {
  it("is detected at the exact event, however it is done", async () => {
    expect((await verify()).firstFailure).toBeNull();
    const started = performance.now();
    const byKind: Record<string, number> = {};
    let detected = 0;
    await fc.assert(
      fc.asyncProperty(tamperings, async (tampering) => {
        await tamperWithAudit(...statements(tampering));
        try {
          const { firstFailure } = await verify();
          expect(firstFailure, JSON.stringify(tampering)).toMatchObject(expected(tampering));
          detected += 1;
          const label = tampering.kind === "change" ? `changed ${tampering.column}` : tampering.kind;
          byKind[label] = (byKind[label] ?? 0) + 1;
        } finally {
          await restore();
        }
      }),
      { numRuns: CASES },
    );
    expect((await verify()).firstFailure).toBeNull();
    const kinds = Object.keys(byKind).length;
    report(`audit tampering: ${CASES} tamperings of ${kinds} kinds over a ${EVENTS}-event chain, ${detected} detected at the exact event, 0 missed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  });
});
