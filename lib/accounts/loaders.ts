import "server-only";
import { AppError } from "@/lib/core/errors";
import { findAccountDetail, findAccountFilterOptions, findAccountsPage } from "./data";
import { accountListQuerySchema } from "./schema";
import type { AccountDetail } from "./types";

type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of each known parameter; repeated parameters keep their first value. */
function firstValues(searchParams: SearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "") values[key] = first;
  }
  return values;
}

/**
 * The accounts table for the given URL search parameters. Unknown parameters and values are ignored and listed in
 * `ignored`, so the page can say so instead of failing.
 */
export async function loadAccountsPage(searchParams: SearchParams) {
  const raw = firstValues(searchParams);
  const query = accountListQuerySchema.parse(raw);
  const known = Object.keys(accountListQuerySchema.shape);
  const ignored = Object.entries(raw)
    .filter(([key, value]) => !known.includes(key) || String(query[key as keyof typeof query] ?? "") !== value)
    .map(([key, value]) => `${key}=${value}`);
  const options = await findAccountFilterOptions();
  // An unknown unit id would silently match nothing: drop it and say so instead.
  if (query.unit && !options.units.some((unit) => unit.id === query.unit)) {
    ignored.push(`unit=${query.unit}`);
    query.unit = undefined;
  }
  const page = await findAccountsPage(query);
  return { page, options, ignored };
}

export async function loadAccountDetail(id: string): Promise<AccountDetail> {
  const account = await findAccountDetail(id);
  if (!account) throw new AppError("NOT_FOUND", "This account does not exist.");
  return account;
}
