/** A Tencent Cloud API error, answered as `{"Response":{"Error":{"Code","Message"},"RequestId"}}`. */
export class TencentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Random = () => number;

/** mulberry32: a small, fast PRNG; the same seed always gives the same organization. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
export function randomId(random: Random, length: number, alphabet = ID_ALPHABET): string {
  let id = "";
  for (let i = 0; i < length; i += 1) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** Tencent's time format, "2024-05-01 08:30:00" (UTC here). */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/** Offset/Limit rules: Limit 1–max, Offset ≥ 0 and a whole multiple of Limit. */
export function offsetPage<T>(items: T[], offset: number, limit: number, max = 50): T[] {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new TencentError("InvalidParameterValue", `Limit must be between 1 and ${max}.`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
    throw new TencentError("InvalidParameterValue", "Offset must be a non-negative integer multiple of Limit.");
  }
  return items.slice(offset, offset + limit);
}

/** Page/Rp rules: Rp 1–200, Page 1–200. */
export function numberedPage<T>(items: T[], page = 1, rp = 20): T[] {
  if (!Number.isInteger(rp) || rp < 1 || rp > 200) throw new TencentError("InvalidParameterValue", "Rp must be between 1 and 200.");
  if (!Number.isInteger(page) || page < 1 || page > 200) {
    throw new TencentError("InvalidParameterValue", "Page must be between 1 and 200.");
  }
  return items.slice((page - 1) * rp, page * rp);
}

/**
 * Token pagination (NextToken / PaginationToken): the token encodes the next offset. `invalidCode` is the
 * service's own error for a token it did not issue.
 */
export function tokenPage<T>(
  items: T[],
  token: string | undefined,
  maxResults: number | undefined,
  limits: { default: number; max: number; invalidCode: string },
): { items: T[]; next?: string } {
  const size = maxResults ?? limits.default;
  if (!Number.isInteger(size) || size < 1 || size > limits.max) {
    throw new TencentError("InvalidParameterValue", `MaxResults must be between 1 and ${limits.max}.`);
  }
  let offset = 0;
  if (token) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(token, "base64url").toString());
    if (!decoded?.[1]) throw new TencentError(limits.invalidCode, "The pagination token is not valid.");
    offset = Number(decoded[1]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    next: end < items.length ? Buffer.from(`o:${end}`).toString("base64url") : undefined,
  };
}

export function tagList(tags: Record<string, string>): { TagKey: string; TagValue: string }[] {
  return Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}
