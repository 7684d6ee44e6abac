import "server-only";
import type { KeyObject } from "node:crypto";
import { appendAuditEvent, type AuditEventInput, type AuditStamp } from "@/lib/core/audit";
import { keyIdOf, signCheckpoint } from "@/lib/core/audit-checkpoint";
import { db } from "@/lib/core/db";

/**
 * Signs the current head of the chain. Skipped when the head is already signed (nothing happened since).
 * Returns the checkpoint, or null when there is nothing new to sign.
 */
export async function createCheckpoint(key: KeyObject, now = new Date()) {
  return db.$transaction(async (tx) => {
    const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    if (!head) return null;
    const existing = await tx.auditCheckpoint.findUnique({ where: { seq: head.seq } });
    if (existing) return null;
    const signedAt = new Date(Math.floor(now.getTime()));
    return tx.auditCheckpoint.create({
      data: { seq: head.seq, hash: head.hash, signedAt, signature: signCheckpoint(key, head.seq, head.hash, signedAt), keyId: keyIdOf(key) },
    });
  });
}

/** Records an event that is not part of another change (verifications, exports, imports). */
export function recordAuditOnly(stamp: AuditStamp, event: AuditEventInput) {
  return db.$transaction((tx) => appendAuditEvent(tx, stamp, event));
}
