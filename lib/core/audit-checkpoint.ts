import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** The exact bytes a checkpoint signs. docs/audit.md repeats this format for independent verification. */
export function checkpointMessage(seq: bigint | number, hash: string, signedAt: Date): string {
  return `lattice-audit-checkpoint:v1\n${seq}\n${hash}\n${signedAt.toISOString()}`;
}

/** Parses an Ed25519 private key given as PEM (PKCS#8) or as base64 of the PEM. */
export function parseSigningKey(text: string): KeyObject {
  const pem = text.includes("BEGIN") ? text : Buffer.from(text, "base64").toString("utf8");
  const key = createPrivateKey(pem.replace(/\\n/g, "\n"));
  if (key.asymmetricKeyType !== "ed25519") throw new Error("must be an Ed25519 private key");
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ type: "spki", format: "pem" }).toString();
}

/** SHA-256 fingerprint of the public key (hex, first 16 characters). */
export function keyIdOf(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

export function signCheckpoint(key: KeyObject, seq: bigint, hash: string, signedAt: Date): string {
  return sign(null, Buffer.from(checkpointMessage(seq, hash, signedAt)), key).toString("base64");
}

export function checkpointSignatureValid(
  publicKey: KeyObject | string,
  checkpoint: { seq: bigint | number; hash: string; signedAt: Date; signature: string },
): boolean {
  const message = Buffer.from(checkpointMessage(checkpoint.seq, checkpoint.hash, checkpoint.signedAt));
  try {
    return verify(null, message, publicKey, Buffer.from(checkpoint.signature, "base64"));
  } catch {
    return false;
  }
}
