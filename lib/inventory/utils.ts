import { toAppError } from "@/lib/core/errors";
import { SIX_SEGMENT_PATTERN } from "./constants";
import type { ResourceNameParts } from "./types";

const SIX_SEGMENT = new RegExp(SIX_SEGMENT_PATTERN);

/**
 * The parts of a six-segment resource name, or null for a string that is not one. The resource type is
 * `<service>:<prefix>` ("cvm:instance"), as tag policies' resource_type_scope names it.
 */
export function parseResourceName(name: string): ResourceNameParts | null {
  const match = SIX_SEGMENT.exec(name);
  if (!match) return null;
  const [, service = "", region = "", uin = "", prefix = "", id = ""] = match;
  return { service, region, uin, resourceType: `${service}:${prefix}`, resourceId: id };
}

/**
 * A Tencent time: "YYYY-MM-DD HH:MM:SS" or a date "YYYY-MM-DD" (read as UTC: Tencent does not say which zone; an
 * eight-hour error does not matter to a dormancy rule counted in days), or epoch seconds. Empty, zero and
 * unparseable values are no time at all.
 */
export function parseTencentTime(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === "" || value === 0) return null;
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? new Date(value * 1000) : null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hours = "00", minutes = "00", seconds = "00"] = match;
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds));
  return Number.isNaN(time) || Number(year) < 2000 ? null : new Date(time);
}

/**
 * The latest activity in a member account: the newest console sign-in of its CAM users (GetUser RecentlyLoginTime)
 * or use of their access keys (GetSecurityLastUsed: LastSecretUsedDate in epoch seconds, else the LastUsedDate day).
 * Null when nothing was ever used. Times in the future (clock skew, bad data) beyond `now` are capped at `now`.
 */
export function latestActivity(
  facts: { logins: (string | null | undefined)[]; keys: { LastSecretUsedDate?: number | null; LastUsedDate?: string | null }[] },
  now: Date,
): Date | null {
  const times = [
    ...facts.logins.map((login) => parseTencentTime(login)),
    ...facts.keys.map((key) => parseTencentTime(key.LastSecretUsedDate) ?? parseTencentTime(key.LastUsedDate)),
  ].filter((time): time is Date => time !== null);
  if (times.length === 0) return null;
  const latest = Math.max(...times.map((time) => time.getTime()));
  return new Date(Math.min(latest, now.getTime()));
}

/** Tencent's tag list as `{key: value}` (the last value of a repeated key wins, as Tencent keeps one per key). */
export function tagMap(tags: { TagKey?: string; TagValue?: string }[] | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.TagKey) map[tag.TagKey] = tag.TagValue ?? "";
  return map;
}

/** Why a member's reads or a whole run failed, for operators: the error code, Tencent's code and RequestId. */
export function describeSyncFailure(error: unknown): string {
  const appError = toAppError(error);
  const { tencentCode, requestId } = appError.details;
  const detail = [tencentCode, requestId ? `RequestId ${requestId}` : null].filter(Boolean).join(", ");
  return `${appError.code}: ${appError.publicMessage}${detail ? ` (${detail})` : ""}`.slice(0, 500);
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
