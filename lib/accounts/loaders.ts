import "server-only";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AppError } from "@/lib/core/errors";
import { AREA_ROLES } from "@/lib/core/roles";
import { findAccountDetail, findAccountFilterOptions, findAccountsPage } from "./data";
import { describeIgnored, firstSearchValues, type SearchParams } from "@/lib/core/validation";
import { accountListQuerySchema } from "./schema";
import type { AccountDetail } from "./types";

/**
 * The accounts table for the given URL search parameters. Parameters, values, unknown units or owners, repeated
 * values and pages past the end are ignored and listed in `ignored`, so the page says so instead of failing.
 */
export async function loadAccountsPage(searchParams: SearchParams) {
  await requirePageActor(...AREA_ROLES.accounts);
  const { values: raw, repeated } = firstSearchValues(searchParams);
  const ignored = repeated.map(([key, value]) => describeIgnored(key, value));
  const query = accountListQuerySchema.parse(raw);
  const known = Object.keys(accountListQuerySchema.shape);
  for (const [key, value] of Object.entries(raw)) {
    const parsed = query[key as keyof typeof query];
    const understood = known.includes(key) && parsed !== undefined && (key === "q" || String(parsed) === value);
    if (!understood) ignored.push(describeIgnored(key, value));
  }

  const options = await findAccountFilterOptions();
  // Ids that do not exist would silently match nothing: drop them and say so instead.
  if (query.unit && !options.units.some((unit) => unit.id === query.unit)) {
    ignored.push(describeIgnored("unit", query.unit));
    query.unit = undefined;
  }
  if (query.owner && !options.owners.some((owner) => owner.id === query.owner)) {
    ignored.push(describeIgnored("owner", query.owner));
    query.owner = undefined;
  }
  const page = await findAccountsPage(query);
  if (page.query.page !== query.page) ignored.push(`page=${query.page} (showing the last page, ${page.query.page})`);
  return { page, options, ignored };
}

export async function loadAccountDetail(id: string): Promise<AccountDetail> {
  await requirePageActor(...AREA_ROLES.accounts);
  const account = await findAccountDetail(id);
  if (!account) throw new AppError("NOT_FOUND", "This account does not exist.");
  return account;
}
