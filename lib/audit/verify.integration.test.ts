import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, SYSTEM_STAMP } from "@/lib/core/audit";
import { hashSql, searchTextSql } from "@/lib/core/audit-sql";
import { db } from "@/lib/core/db";
import { Prisma } from "@/lib/core/generated/prisma/client";
import { createCheckpoint } from "./mutations";
import { appendTestEvents, tamperWithAudit } from "./testing";
import { verifyAuditChain } from "./verify";

const signing = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const verify = (publicKey: Parameters<typeof verifyAuditChain>[0]["publicKey"] = signing.publicKey) => verifyAuditChain({ publicKey });

describe("the audit chain", () => {
  beforeAll(async () => {
    await appendTestEvents(10);
  });

  it("verifies when nothing was touched", async () => {
    const report = await verify();
    expect(report).toMatchObject({ eventsChecked: 10, firstFailure: null, fromSeq: "1", toSeq: "10" });
  });

  it("keeps one gapless, valid chain under many concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, writer) =>
        db.$transaction(async (tx) => {
          for (let i = 0; i < 5; i++) {
            await appendAuditEvent(tx, { actor: { type: "USER", id: `w${writer}`, label: `writer ${writer}` } }, {
              action: "session.revokeAll",
              target: { type: "user", id: `w${writer}` },
              payload: { i },
            });
          }
        }),
      ),
    );
    const seqs = (await db.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map((e) => Number(e.seq));
    expect(seqs).toEqual(Array.from({ length: 210 }, (_, i) => i + 1));
    // Each writer's five events are contiguous: a transaction holds the chain until it commits.
    const byWriter = await db.auditEvent.findMany({ where: { actorId: "w7" }, select: { seq: true }, orderBy: { seq: "asc" } });
    expect(Number(byWriter.at(-1)!.seq) - Number(byWriter[0]!.seq)).toBe(4);
    expect((await verify()).firstFailure).toBeNull();
  });

  it("leaves no event behind when the recorded change rolls back", async () => {
    const before = await db.auditEvent.count();
    await expect(
      db.$transaction(async (tx) => {
        await appendAuditEvent(tx, SYSTEM_STAMP, { action: "audit.import", target: { type: "cloudaudit" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.auditEvent.count()).toBe(before);
    expect((await verify()).firstFailure).toBeNull();
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await expect(db.$executeRaw`UPDATE public.audit_event SET actor_label = 'mallory' WHERE seq = 3`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM public.audit_event WHERE seq = 3`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`TRUNCATE public.audit_event`).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.updateMany({ data: { actorLabel: "mallory" } })).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { actorLabel: "mallory" } })).toBe(0);
  });

  it("stores an imported event only once", async () => {
    const first = await db.$transaction((tx) =>
      appendAuditEvent(tx, { actor: { type: "TENCENT", label: "root" } }, { action: "cloud.RunInstances", target: { type: "cvm" }, source: "CLOUDAUDIT", externalId: "evt-1", occurredAt: new Date("2026-11-01T10:00:00.123Z") }),
    );
    const again = await db.$transaction((tx) =>
      appendAuditEvent(tx, { actor: { type: "TENCENT", label: "root" } }, { action: "cloud.RunInstances", target: { type: "cvm" }, source: "CLOUDAUDIT", externalId: "evt-1" }),
    );
    expect(first).not.toBeNull();
    expect(again).toBeNull();
    expect((await db.auditEvent.findUniqueOrThrow({ where: { externalId: "evt-1" } })).occurredAt.toISOString()).toBe("2026-11-01T10:00:00.123Z");
    expect((await verify()).firstFailure).toBeNull();
  });

  it("reports a row changed by a superuser at exactly that event", async () => {
    await tamperWithAudit(Prisma.sql`UPDATE public.audit_event SET payload = payload || '{"after":{"active":true}}' WHERE seq = 5`);
    expect((await verify()).firstFailure).toMatchObject({ seq: "5", kind: "changed" });
    await tamperWithAudit(Prisma.sql`UPDATE public.audit_event SET payload = payload || '{"after":{"active":false}}' WHERE seq = 5`);
    expect((await verify()).firstFailure).toBeNull();

    await tamperWithAudit(Prisma.sql`UPDATE public.audit_event SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = 6`);
    expect((await verify()).firstFailure).toMatchObject({ seq: "6", kind: "changed" });
    await tamperWithAudit(Prisma.sql`UPDATE public.audit_event SET occurred_at = occurred_at - interval '1 millisecond' WHERE seq = 6`);
    expect((await verify()).firstFailure).toBeNull();
  });

  it("reports a removed row, and a removed head", async () => {
    const [saved] = await db.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM public.audit_event WHERE seq = 8`;
    expect(saved).toBeDefined();
    await db.$executeRaw`CREATE TEMP TABLE IF NOT EXISTS removed AS SELECT * FROM public.audit_event WITH NO DATA`;
    await db.$executeRaw`INSERT INTO removed SELECT * FROM public.audit_event WHERE seq = 8`;
    await tamperWithAudit(Prisma.sql`DELETE FROM public.audit_event WHERE seq = 8`);
    expect((await verify()).firstFailure).toMatchObject({ seq: "8", kind: "missing" });
    await db.$executeRaw`INSERT INTO public.audit_event SELECT * FROM removed WHERE seq = 8`;
    expect((await verify()).firstFailure).toBeNull();

    const head = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const tail = await verifyAuditChain({ publicKey: signing.publicKey, toSeq: head.seq + 2n });
    expect(tail.firstFailure).toMatchObject({ seq: String(head.seq + 1n), kind: "missing" });
  });

  it("reports a swapped pair at the first of the two", async () => {
    const swap = (a: number, b: number) =>
      tamperWithAudit(
        Prisma.sql`UPDATE public.audit_event SET seq = -1 WHERE seq = ${a}`,
        Prisma.sql`UPDATE public.audit_event SET seq = ${a} WHERE seq = ${b}`,
        Prisma.sql`UPDATE public.audit_event SET seq = ${b} WHERE seq = -1`,
      );
    await swap(3, 4);
    expect((await verify()).firstFailure).toMatchObject({ seq: "3", kind: "reordered" });
    await swap(3, 4);
    expect((await verify()).firstFailure).toBeNull();
  });

  it("signs checkpoints and detects a bad signature and a rewritten chain", async () => {
    const checkpoint = await createCheckpoint(signing.privateKey);
    expect(checkpoint).not.toBeNull();
    expect(await createCheckpoint(signing.privateKey)).toBeNull(); // nothing new to sign
    const good = await verify();
    expect(good).toMatchObject({ firstFailure: null, anchoredAt: String(checkpoint!.seq), checkpointsChecked: 1 });

    expect((await verify(stranger.publicKey)).firstFailure).toMatchObject({ seq: String(checkpoint!.seq), kind: "bad-signature" });

    // A superuser changes event 9 and recomputes every later hash, so the chain alone looks perfect …
    const originalHashes = await db.auditEvent.findMany({ where: { seq: { gte: 9n } }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true } });
    const rehashFrom = async (payloadChange: string) => {
      await tamperWithAudit(Prisma.sql`UPDATE public.audit_event SET payload = payload || ${payloadChange}::jsonb WHERE seq = 9`);
      await tamperWithAudit(Prisma.sql`UPDATE public.audit_event e SET search_text = ${searchTextSql("e")} WHERE e.seq = 9`);
      for (const { seq } of originalHashes) {
        await tamperWithAudit(Prisma.sql`UPDATE public.audit_event e SET prev_hash = (SELECT hash FROM public.audit_event WHERE seq = ${seq} - 1) WHERE e.seq = ${seq}`);
        await tamperWithAudit(Prisma.sql`UPDATE public.audit_event e SET hash = ${hashSql("e")} WHERE e.seq = ${seq}`);
      }
    };
    await rehashFrom('{"forged":true}');
    const forged = await verify();
    // … but the signed checkpoint still names the old head.
    expect(forged.firstFailure).toMatchObject({ seq: String(checkpoint!.seq), kind: "checkpoint-mismatch" });
  });
});
