import { Prisma } from "./generated/prisma/client";

/**
 * The canonical encoding of an audit row, and its hash, as SQL over a row alias. One definition serves the
 * writer (which hashes in the INSERT), the verifier and the evidence export, so they can never disagree.
 *
 * The encoding is a JSON array of every column in a fixed order, rendered by PostgreSQL's jsonb output (keys of
 * the payload sorted, whitespace fixed); the time is epoch milliseconds. hash = hex(SHA-256(prev_hash "\n" encoding)).
 * docs/audit.md shows how to recompute it outside Lattice.
 */
export const CANONICAL_FIELDS = [
  "seq",
  "occurred_at_ms",
  "source",
  "actor_type",
  "actor_id",
  "actor_label",
  "action",
  "target_type",
  "target_id",
  "account_id",
  "account_uin",
  "unit_id",
  "request_ref",
  "grant_ref",
  "tencent_request_ids",
  "client_ip",
  "user_agent",
  "external_id",
  "payload",
] as const;

export function canonicalSql(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(pg_catalog.jsonb_build_array(
    ${a}.seq, (EXTRACT(epoch FROM ${a}.occurred_at) * 1000)::bigint, ${a}.source::text, ${a}.actor_type::text,
    ${a}.actor_id, ${a}.actor_label, ${a}.action, ${a}.target_type, ${a}.target_id, ${a}.account_id, ${a}.account_uin,
    ${a}.unit_id, ${a}.request_ref, ${a}.grant_ref, ${a}.tencent_request_ids, ${a}.client_ip, ${a}.user_agent,
    ${a}.external_id, ${a}.payload
  ))::text`;
}

export function hashSql(alias: string): Prisma.Sql {
  return Prisma.sql`pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(${Prisma.raw(alias)}.prev_hash || E'\\n' || ${canonicalSql(alias)}, 'UTF8')), 'hex')`;
}

/** What free-text search looks through; lower-cased, recomputed by verification. */
export function searchTextSql(alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`pg_catalog.lower(pg_catalog.concat_ws(' ', ${a}.action, ${a}.actor_label, ${a}.target_type, ${a}.target_id, ${a}.account_uin, ${a}.request_ref, ${a}.grant_ref, ${a}.payload::text))`;
}

/** prev_hash of the first event. */
export const GENESIS_HASH = "0".repeat(64);
