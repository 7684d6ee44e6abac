/**
 * The verifier shipped inside every evidence export (verify.mjs): plain Node.js, no Lattice code, so an auditor can
 * check an export on their own machine. docs/audit.md walks through the same steps.
 */
export const EXPORT_VERIFIER_SCRIPT = `// Verifies a Lattice audit evidence export with Node's own crypto.
// Usage: node verify.mjs [export-folder] [trusted-public-key.pem]   (default: the key in manifest.json)
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";

const dir = process.argv[2] ?? ".";
const manifest = JSON.parse(readFileSync(\`\${dir}/manifest.json\`, "utf8"));
const keyText = process.argv[3] ? readFileSync(process.argv[3]) : manifest.publicKey;
const publicKey = keyText ? createPublicKey(keyText) : null;
const events = readFileSync(\`\${dir}/events.jsonl\`, "utf8").split("\\n").filter(Boolean).map((line) => JSON.parse(line));
const fail = (message) => { console.error(\`FAILED: \${message}\`); process.exit(1); };

let prevHash = manifest.prevHashOfFirst;
let expectedSeq = manifest.firstSeq;
const hashBySeq = new Map();
for (const event of events) {
  if (event.seq !== expectedSeq++) fail(\`event \${expectedSeq - 1} is missing\`);
  if (event.prev_hash !== prevHash) fail(\`event \${event.seq} does not follow event \${event.seq - 1}\`);
  const recomputed = event.canonical === undefined ? event.hash : createHash("sha256").update(\`\${event.prev_hash}\\n\${event.canonical}\`).digest("hex");
  if (recomputed !== event.hash) fail(\`event \${event.seq} does not match its hash\`);
  hashBySeq.set(event.seq, event.hash);
  prevHash = event.hash;
}
for (const checkpoint of manifest.checkpoints) {
  if (!publicKey) fail("the export has signed checkpoints but no public key to check them");
  const message = \`lattice-audit-checkpoint:v1\\n\${checkpoint.seq}\\n\${checkpoint.hash}\\n\${checkpoint.signedAt}\`;
  if (!verify(null, Buffer.from(message), publicKey, Buffer.from(checkpoint.signature, "base64"))) fail(\`checkpoint \${checkpoint.seq} has a bad signature\`);
  if (hashBySeq.get(checkpoint.seq) !== checkpoint.hash) fail(\`checkpoint \${checkpoint.seq} does not match event \${checkpoint.seq}\`);
}
if (events.length !== manifest.lines) fail(\`expected \${manifest.lines} lines, found \${events.length}\`);
const recomputed = events.filter((event) => event.canonical !== undefined).length;
console.log(\`OK: \${events.length} events linked, \${recomputed} recomputed, \${manifest.checkpoints.length} signed checkpoint(s) valid\${manifest.checkpoints.length ? "" : " (not anchored to a signature)"}\`);
`;
