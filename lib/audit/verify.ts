import "server-only";
import { createPublicKey, type KeyObject } from "node:crypto";
import { availableParallelism } from "node:os";
import { GENESIS_HASH } from "@/lib/core/audit-sql";
import { checkpointSignatureValid } from "@/lib/core/audit-checkpoint";
import { env } from "@/lib/core/env";
import { checkChainBatch, findChainBounds, findCheckpoints, findEventHash } from "./data";
import type { ChainFailure, VerificationReport } from "./types";

const BATCH_SIZE = 50_000n;
/** Batches checked at once: PostgreSQL recomputes each on its own backend, so this uses the database's cores. */
const PARALLEL_BATCHES = Math.max(2, Math.min(4, availableParallelism()));

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
  let checked = 0;
  let failure: ChainFailure | null = null;

  const batches: [bigint, bigint][] = [];
  for (let start = from; start <= to; start += BATCH_SIZE) batches.push([start, start + BATCH_SIZE - 1n < to ? start + BATCH_SIZE - 1n : to]);
  // Each batch links to the stored hash of the event before it; that event's own hash is checked in its batch.
  const checkBatch = async ([start, end]: [bigint, bigint]) => {
    const prevHash = start === 1n ? GENESIS_HASH : await findEventHash(start - 1n);
    if (prevHash === null) return { checked: 0, failure: { seq: start - 1n, kind: "missing" as const, detail: `event ${start - 1n} is missing` } };
    return checkChainBatch(start, end, start - 1n, prevHash);
  };
  for (let i = 0; i < batches.length && !failure; i += PARALLEL_BATCHES) {
    const results = await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map(checkBatch));
    for (const result of results) {
      if (failure) break;
      checked += result.checked;
      if (result.failure) failure = { seq: String(result.failure.seq), kind: result.failure.kind, detail: result.failure.detail };
    }
    options.onProgress?.(checked);
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
