// Helpers for the audit tests (verify.integration.test.ts, the resilience suite's tampering cases): events appended
// through the real writer, and changes the append-only triggers forbid, made as a superuser who switched them off.
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/core/generated/prisma/client";

export const TEST_STAMP: AuditStamp = { actor: { type: "USER", id: "user_alice", label: "alice@example.com" }, clientIp: "127.0.0.1", userAgent: "vitest" };

/** Appends `count` events, one transaction each, as the portal records a user's deactivation. */
export async function appendTestEvents(count: number, stamp = TEST_STAMP): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, stamp, {
        action: "user.deactivate",
        target: { type: "user", id: `user_${i}` },
        account: { id: "acct_000001", uin: "200000000001", unitId: "unit_cards" },
        payload: { before: { active: true }, after: { active: false }, note: `ünïcødé ✓ ${i}` },
      }),
    );
  }
}

/** Runs a change the triggers forbid, as a superuser who switched them off would. */
export async function tamperWithAudit(...statements: Prisma.Sql[]): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`ALTER TABLE public.audit_event DISABLE TRIGGER audit_event_no_update_or_delete`;
    for (const statement of statements) await tx.$executeRaw(statement);
    await tx.$executeRaw`ALTER TABLE public.audit_event ENABLE TRIGGER audit_event_no_update_or_delete`;
  });
}
