import "server-only";
import { strToU8, zipSync } from "fflate";
import type { AuditStamp } from "@/lib/core/audit";
import { keyIdOf, publicKeyPem } from "@/lib/core/audit-checkpoint";
import { CANONICAL_FIELDS } from "@/lib/core/audit-sql";
import { csvCell } from "@/lib/core/csv";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import type { Actor } from "@/lib/core/roles";
import { canVerifyAndExport } from "./ability";
import { findCanonicalRange, findCheckpoints, findMatchingSeqs, resolveHistoryFilters } from "./data";
import { EXPORT_VERIFIER_SCRIPT } from "./export-verifier";
import { createCheckpoint, recordAuditOnly } from "./mutations";
import type { HistoryFilters } from "./schema";

/** Lines per export; larger ranges must be narrowed with filters (keeps one download in memory bounds). */
export const EXPORT_MAX_LINES = 200_000;

/**
 * Builds the evidence download: events.jsonl (the contiguous chain from the first matching event up to the
 * signed checkpoint that covers the last one; events outside the filters appear only as hashes), events.csv
 * (the matching events, readable), manifest.json (counts, bounds, checkpoints, public key) and verify.mjs.
 */
export async function buildEvidenceExport(actor: Actor, stamp: AuditStamp, filters: HistoryFilters) {
  if (!canVerifyAndExport(actor)) throw new AppError("FORBIDDEN");
  const { where } = await resolveHistoryFilters(actor, filters);
  // Anchor everything recorded so far to a fresh signature, so the export can be checked end to end.
  if (env.AUDIT_SIGNING_KEY) await createCheckpoint(env.AUDIT_SIGNING_KEY);

  const matches = await findMatchingSeqs(where, EXPORT_MAX_LINES + 1);
  if (matches.length > EXPORT_MAX_LINES) throw new AppError("VALIDATION", `More than ${EXPORT_MAX_LINES} events match: narrow the filters (for example the date range).`);
  const first = matches[0];
  const lastMatch = matches.at(-1);
  const anchor = lastMatch === undefined ? null : await db.auditCheckpoint.findFirst({ where: { seq: { gte: lastMatch } }, orderBy: { seq: "asc" } });
  const end = anchor?.seq ?? lastMatch;
  if (first !== undefined && end !== undefined && end - first + 1n > BigInt(EXPORT_MAX_LINES)) {
    throw new AppError("VALIDATION", `The matching events span more than ${EXPORT_MAX_LINES} events of the chain: narrow the date range.`);
  }

  const rows = first !== undefined && end !== undefined ? await findCanonicalRange(first, end) : [];
  const matched = new Set(matches);
  const jsonl: string[] = [];
  const csv: string[] = [["hash", ...CANONICAL_FIELDS].join(",")];
  for (const row of rows) {
    const base = { seq: Number(row.seq), prev_hash: row.prev_hash, hash: row.hash };
    if (matched.has(row.seq)) {
      jsonl.push(JSON.stringify({ ...base, canonical: row.canonical }));
      csv.push([row.hash, ...(JSON.parse(row.canonical) as unknown[])].map(csvCell).join(","));
    } else {
      jsonl.push(JSON.stringify({ ...base, redacted: true }));
    }
  }
  const checkpoints = first !== undefined && end !== undefined ? await findCheckpoints(first, end) : [];
  const key = env.AUDIT_SIGNING_KEY;
  const generatedAt = new Date().toISOString();
  const manifest = {
    format: "lattice-audit-export/v1",
    generatedAt,
    generatedBy: actor.email,
    filters,
    matchingEvents: matches.length,
    lines: rows.length,
    firstSeq: rows[0] ? Number(rows[0].seq) : null,
    lastSeq: rows.at(-1) ? Number(rows.at(-1)!.seq) : null,
    prevHashOfFirst: rows[0]?.prev_hash ?? null,
    lastHash: rows.at(-1)?.hash ?? null,
    canonicalFields: CANONICAL_FIELDS,
    hashRule: 'hash = hex(sha256(prev_hash + "\\n" + canonical))',
    checkpointRule: 'Ed25519 signature over "lattice-audit-checkpoint:v1\\n<seq>\\n<hash>\\n<signedAt>"',
    checkpoints: checkpoints.map((checkpoint) => ({
      seq: Number(checkpoint.seq),
      hash: checkpoint.hash,
      signedAt: checkpoint.signedAt.toISOString(),
      signature: checkpoint.signature,
      keyId: checkpoint.keyId,
    })),
    publicKey: key ? publicKeyPem(key) : null,
    keyId: key ? keyIdOf(key) : null,
  };

  const folder = `lattice-evidence-${generatedAt.slice(0, 19).replace(/[:T]/g, "-")}`;
  const zip = zipSync({
    [`${folder}/manifest.json`]: strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    [`${folder}/events.jsonl`]: strToU8(jsonl.length ? `${jsonl.join("\n")}\n` : ""),
    [`${folder}/events.csv`]: strToU8(`${csv.join("\n")}\n`),
    [`${folder}/verify.mjs`]: strToU8(EXPORT_VERIFIER_SCRIPT),
  });
  await recordAuditOnly(stamp, {
    action: "audit.export",
    target: { type: "audit_chain" },
    payload: { filters, matchingEvents: matches.length, lines: rows.length, firstSeq: manifest.firstSeq, lastSeq: manifest.lastSeq },
  });
  return { filename: `${folder}.zip`, zip };
}
