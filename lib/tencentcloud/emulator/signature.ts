import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { CredentialRecord } from "./types";
import { TencentError } from "./utils";

/** Tencent refuses a request whose X-TC-Timestamp is more than five minutes from server time. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

export interface SignedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Server time, epoch ms. */
  now: number;
  findCredential: (secretId: string) => CredentialRecord | undefined;
}

/**
 * Verifies a TC3-HMAC-SHA256 request the way Tencent Cloud does and returns the credential that signed it.
 * Order of checks: header shape, timestamp, SecretId, session token, then the signature itself.
 */
export function verifySignature(request: SignedRequest): CredentialRecord {
  const authorization = header(request.headers, "authorization");
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) throw new TencentError("AuthFailure.InvalidAuthorization", "The Authorization header is not valid.");
  const [, secretId = "", date = "", service = "", signedHeaders = "", signature = ""] = parsed;

  const timestamp = Number(header(request.headers, "x-tc-timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(request.now / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    throw new TencentError(
      "AuthFailure.SignatureExpire",
      "The signature has expired: X-TC-Timestamp differs from server time by more than 5 minutes.",
    );
  }

  const credential = request.findCredential(secretId);
  if (!credential) throw new TencentError("AuthFailure.SecretIdNotFound", "The SecretId does not exist.");
  if (credential.token !== undefined) {
    if (header(request.headers, "x-tc-token") !== credential.token) {
      throw new TencentError("AuthFailure.TokenFailure", "The token does not match the temporary credentials.");
    }
    if ((credential.expiresAt ?? 0) <= request.now) {
      throw new TencentError("AuthFailure.TokenFailure", "The temporary credentials have expired.");
    }
  }

  const host = header(request.headers, "host").replace(/:\d+$/, "").toLowerCase();
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("content-type")) {
    throw new TencentError("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host.");
  }
  const canonicalHeaders = names
    .map((name) => `${name}:${name === "host" ? host : header(request.headers, name).toLowerCase()}\n`)
    .join("");
  const [path = "/", query = ""] = request.url.split("?");
  const canonicalRequest = [
    request.method,
    path,
    query,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.body),
  ].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(`TC3${credential.secretKey}`, date), service), "tc3_request");
  const expected = Buffer.from(createHmac("sha256", signingKey).update(stringToSign).digest("hex"));
  const actual = Buffer.from(signature);
  const dateMatches = new Date(timestamp * 1000).toISOString().slice(0, 10) === date;
  const serviceMatches = host.split(".")[0] === service;
  if (!dateMatches || !serviceMatches || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new TencentError("AuthFailure.SignatureFailure", "The request signature does not match.");
  }
  return credential;
}
