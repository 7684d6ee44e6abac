import "server-only";
import { requirePageActor } from "@/lib/core/auth-gate";
import { AppError } from "@/lib/core/errors";
import { AREA_ROLES } from "@/lib/core/roles";
import { canViewAccessRequest } from "@/lib/access/ability";
import { canViewRequest } from "@/lib/account-requests/ability";
import { canReadAllHistory } from "@/lib/audit/ability";
import { findHistoryPage, findHistoryScope } from "@/lib/audit/data";
import { canClaimAccount, canConfirmOwnership } from "@/lib/ownership/ability";
import { findClaimOwnerOptions, findTeamOptions } from "@/lib/ownership/data";
import { readOwnershipConfig } from "@/lib/ownership/schema";
import { ownershipClock, ownershipStanding } from "@/lib/ownership/utils";
import { findAccountAccessGrants, findAccountDetail, findAccountFilterOptions, findAccountResourceCounts, findAccountsPage } from "./data";
import { describeIgnored, firstSearchValues, type SearchParams } from "@/lib/core/validation";
import { ACCOUNT_PAGE_EVENTS, ACCOUNT_PAGE_GRANTS } from "./constants";
import { accountListQuerySchema } from "./schema";

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

/**
 * The account page: the account with owners and tags, where it stands on the ownership rules, its live resources by
 * service and region, its account request and access grants as far as this person may see them (the others are
 * counted), and its recent history under the same rule as /audit. A handful of indexed queries, side by side.
 */
export async function loadAccountPage(id: string) {
  const actor = await requirePageActor(...AREA_ROLES.accounts);
  const readAll = canReadAllHistory(actor);
  // Two round trips: the account (and who the viewer is in the history), then everything that depends on it.
  const [account, scope] = await Promise.all([findAccountDetail(id), readAll ? null : findHistoryScope(actor.userId)]);
  if (!account) throw new AppError("NOT_FOUND", "This account does not exist.");
  const config = readOwnershipConfig();
  const clock = ownershipClock(new Date(), config);
  const forOwnership = { status: account.status, owners: account.owners.map((owner) => ({ userId: owner.userId, active: owner.active })) };
  const claim = canClaimAccount(actor, account);
  const [resources, access, history, claimOptions] = await Promise.all([
    findAccountResourceCounts(id),
    findAccountAccessGrants(id, ACCOUNT_PAGE_GRANTS),
    findHistoryPage({ account: { id: account.id, uin: account.memberUin }, ...(scope ? { visibleTo: scope } : {}) }, {}, ACCOUNT_PAGE_EVENTS),
    claim ? Promise.all([findClaimOwnerOptions(), findTeamOptions()]).then(([people, teams]) => ({ people, teams })) : null,
  ]);

  // The access rule asks whether the viewer is the requester, oversees requests or owns a target account (it reads
  // nothing else, hence no decisions); on this page the target is this account. A request that also targets another
  // account the viewer owns is counted as hidden here, and open on its own page.
  const activeOwnerIds = forOwnership.owners.filter((owner) => owner.active).map((owner) => owner.userId);
  const visibleGrants = access.grants.filter((grant) =>
    canViewAccessRequest(actor, { ...grant.request, decisions: [], targetOwnerIds: [activeOwnerIds] }),
  );
  const accountRequest = account.request && canViewRequest(actor, account.request) ? account.request : null;
  const createdAt = new Date(account.createdAt);
  return {
    account,
    ownership: {
      ...ownershipStanding(
        {
          ...forOwnership,
          lastActivityAt: account.lastActivityAt ? new Date(account.lastActivityAt) : null,
          createdAt,
          ownershipConfirmedAt: account.ownershipConfirmedAt ? new Date(account.ownershipConfirmedAt) : null,
        },
        clock,
        config,
      ),
      config,
    },
    resources,
    accountRequest: account.request ? { visible: accountRequest } : null,
    grants: {
      rows: visibleGrants.map((grant) => ({
        id: grant.id,
        status: grant.status,
        activatedAt: grant.activatedAt?.toISOString() ?? null,
        expiresAt: grant.expiresAt?.toISOString() ?? null,
        endedAt: grant.endedAt?.toISOString() ?? null,
        createdAt: grant.createdAt.toISOString(),
        requestId: grant.request.id,
        requestNumber: grant.request.number,
        requestStatus: grant.request.status,
        breakGlass: grant.request.breakGlass,
        requester: grant.request.requester.name,
        role: grant.request.roleVersion.name,
      })),
      hidden: access.grants.length - visibleGrants.length,
      total: access.total,
    },
    history: {
      scope: readAll ? ("all" as const) : ("own" as const),
      rows: history.rows.map((row) => ({ ...row, seq: String(row.seq), occurredAt: row.occurredAt.toISOString() })),
      more: history.hasOlder,
    },
    can: { confirm: canConfirmOwnership(actor, forOwnership), claim },
    claimOptions,
  };
}

export type AccountPage = Awaited<ReturnType<typeof loadAccountPage>>;
