// Recomputes the audit chain and its signed checkpoints: npm run audit:verify [-- --public-key key.pem] [--from N] [--to N]
// Without --public-key, the public half of AUDIT_SIGNING_KEY is used. Exits 1 when anything fails to verify.
import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/core/db";
import { env } from "@/lib/core/env";

const { values } = parseArgs({ options: { "public-key": { type: "string" }, from: { type: "string" }, to: { type: "string" } } });

function seqOption(name: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be an event sequence number`);
    process.exit(2);
  }
  return BigInt(value);
}

const publicKey: KeyObject | null = values["public-key"]
  ? createPublicKey(readFileSync(values["public-key"]))
  : env.AUDIT_SIGNING_KEY
    ? createPublicKey(env.AUDIT_SIGNING_KEY)
    : null;

const report = await verifyAuditChain({
  publicKey,
  fromSeq: seqOption("from", values.from),
  toSeq: seqOption("to", values.to),
  onProgress: (checked) => process.stderr.write(`\rchecked ${checked.toLocaleString("en-US")} events`),
});
process.stderr.write("\n");
await db.$disconnect();

console.log(
  `${report.eventsChecked.toLocaleString("en-US")} events (${report.fromSeq}–${report.toSeq}) in ${report.seconds} s: ` +
    `${report.eventsPerSecond.toLocaleString("en-US")} events/s; ${report.checkpointsChecked} checkpoint(s)` +
    (report.anchoredAt ? `, anchored at event ${report.anchoredAt}` : ""),
);
if (report.firstFailure) {
  console.error(`FAILED at event ${report.firstFailure.seq} (${report.firstFailure.kind}): ${report.firstFailure.detail}`);
  process.exit(1);
}
if (!publicKey) console.log("No public key: checkpoint signatures were not checked (set AUDIT_SIGNING_KEY or pass --public-key).");
console.log("OK: the audit chain is intact.");
