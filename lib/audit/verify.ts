import "server-only";
import { createPublicKey, type KeyObject } from "node:crypto";
import { GENESIS_HASH } from "@/lib/core/audit-sql";
import { checkpointSignatureValid } from "@/lib/core/audit-checkpoint";
import { env } from "@/lib/core/env";
import { checkChainBatch, findChainBounds, findCheckpoints, findEventHash } from "./data";
import type { ChainFailure, VerificationReport } from "./types";

const BATCH_SIZE = 100_000n;

/**
 * Recomputes the whole chain (or a range) and every signed checkpoint in it, and reports the first event that
 * fails. `publicKey` is the key the auditor trusts; without it signatures cannot be checked and are reported as bad.
 */
export async function verifyAuditChain(options: {
  publicKey: KeyObject | string | null;
  fromSeq?: bigint;
  toSeq?: bigint;
  onProgress?: (checked: number) => void;
}): Promise<VerificationReport> {
  const started = performance.now();
  const bounds = await findChainBounds();
  const from = options.fromSeq ?? 1n;
  const to = options.toSeq ?? bounds.last ?? 0n;
  let prevSeq = from - 1n;
  let prevHash = from === 1n ? GENESIS_HASH : ((await findEventHash(from - 1n)) ?? GENESIS_HASH);
  let checked = 0;
  let failure: ChainFailure | null = null;

  for (let batchStart = from; batchStart <= to && !failure; batchStart += BATCH_SIZE) {
    const batchEnd = batchStart + BATCH_SIZE - 1n < to ? batchStart + BATCH_SIZE - 1n : to;
    const batch = await checkChainBatch(batchStart, batchEnd, prevSeq, prevHash);
    checked += batch.checked;
    if (batch.failure) {
      failure = { seq: String(batch.failure.seq), kind: batch.failure.kind, detail: batch.failure.detail };
    } else if (batch.lastSeq !== null && batch.lastHash !== null) {
      prevSeq = batch.lastSeq;
      prevHash = batch.lastHash;
    }
    options.onProgress?.(checked);
  }
  // Rows missing at the very end of the range leave no later row to notice the gap.
  if (!failure && prevSeq < to) {
    failure = { seq: String(prevSeq + 1n), kind: "missing", detail: `events ${prevSeq + 1n}..${to} are missing` };
  }

  const checkpoints = to >= from ? await findCheckpoints(from, to) : [];
  let anchoredAt: string | null = null;
  for (const checkpoint of checkpoints) {
    if (failure && BigInt(failure.seq) <= checkpoint.seq) break;
    if (!options.publicKey || !checkpointSignatureValid(options.publicKey, checkpoint)) {
      failure = { seq: String(checkpoint.seq), kind: "bad-signature", detail: `the checkpoint at event ${checkpoint.seq} has no valid signature` };
      break;
    }
    if ((await findEventHash(checkpoint.seq)) !== checkpoint.hash) {
      failure = { seq: String(checkpoint.seq), kind: "checkpoint-mismatch", detail: `the chain at event ${checkpoint.seq} differs from what was signed` };
      break;
    }
    anchoredAt = String(checkpoint.seq);
  }

  const seconds = (performance.now() - started) / 1000;
  return {
    fromSeq: String(from),
    toSeq: String(to),
    eventsChecked: checked,
    checkpointsChecked: checkpoints.length,
    seconds: Number(seconds.toFixed(3)),
    eventsPerSecond: seconds > 0 ? Math.round(checked / seconds) : checked,
    firstFailure: failure,
    anchoredAt,
  };
}

/** Verifies the whole chain against the public half of the portal's own signing key (AUDIT_SIGNING_KEY). */
export function verifyWithConfiguredKey(): Promise<VerificationReport> {
  return verifyAuditChain({ publicKey: env.AUDIT_SIGNING_KEY ? createPublicKey(env.AUDIT_SIGNING_KEY) : null });
}
