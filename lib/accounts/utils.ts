import type { AccountListQuery } from "./schema";

const DEFAULTS: Partial<AccountListQuery> = { sort: "name", dir: "asc", page: 1, pageSize: 25 };

/** The accounts URL for `query` with `changes` applied; defaults and empty values are left out to keep URLs short. */
export function accountsHref(query: AccountListQuery, changes: Partial<AccountListQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === "" || DEFAULTS[key as keyof AccountListQuery] === value) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/accounts?${search}` : "/accounts";
}
