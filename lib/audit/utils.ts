import type { HistoryFilters } from "./schema";

export interface ChangeRow {
  /** Dotted path of the field, e.g. "owners.0.role". */
  path: string;
  before: string;
  after: string;
  changed: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function flatten(value: Json | undefined, prefix: string, into: Map<string, string>) {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    if (entries.length === 0) into.set(prefix, Array.isArray(value) ? "[]" : "{}");
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(prefix, JSON.stringify(value));
  }
}

/** A readable before/after comparison of an event payload's `before` and `after`, field by field. */
export function diffChanges(before: unknown, after: unknown): ChangeRow[] {
  const left = new Map<string, string>();
  const right = new Map<string, string>();
  flatten(before as Json | undefined, "", left);
  flatten(after as Json | undefined, "", right);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths.map((path) => {
    const was = left.get(path) ?? "—";
    const now = right.get(path) ?? "—";
    return { path: path || "(value)", before: was, after: now, changed: was !== now };
  });
}

/** The history URL (or export URL) for these filters plus a cursor; empty values are left out. */
export function historyHref(base: "/audit" | "/api/audit/export", filters: HistoryFilters, cursor: { before?: string; after?: string } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...cursor })) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}
