import "server-only";
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import type { AccountStatus, Environment } from "@/lib/core/generated/prisma/enums";
import type { AccountListQuery, AccountSortField } from "./schema";
import type { AccountDetail, AccountFilterOptions, AccountResourceCounts, AccountsPage } from "./types";

function whereForQuery(query: AccountListQuery): Prisma.AccountWhereInput {
  const where: Prisma.AccountWhereInput = {};
  if (query.q) {
    // LIKE treats % and _ as wildcards; the search box means them literally.
    const text = query.q.replace(/[\\%_]/g, "\\$&");
    where.OR = [{ name: { contains: text, mode: "insensitive" } }, { memberUin: { contains: text } }];
  }
  // A unit's path lists every ancestor id, so "this unit or any unit below it" is one match on the path.
  if (query.unit) where.unit = { path: { contains: `/${query.unit}/` } };
  if (query.environment) where.environment = query.environment.toUpperCase() as Environment;
  if (query.region) where.regions = { has: query.region };
  if (query.owner) where.owners = { some: { userId: query.owner } };
  if (query.status) where.status = query.status.toUpperCase() as AccountStatus;
  return where;
}

function orderForQuery(sort: AccountSortField, dir: Prisma.SortOrder): Prisma.AccountOrderByWithRelationInput[] {
  const primary: Prisma.AccountOrderByWithRelationInput =
    sort === "unit"
      ? { unit: { name: dir } }
      : sort === "lastActivityAt"
        ? { lastActivityAt: { sort: dir, nulls: "last" } }
        : { [sort]: dir };
  // The id breaks ties, so pages never overlap or skip rows.
  return [primary, { id: "asc" }];
}

/** One page of the accounts table, filtered, sorted and paginated in SQL. A page past the end shows the last page. */
export async function findAccountsPage(query: AccountListQuery): Promise<AccountsPage> {
  const where = whereForQuery(query);
  const total = await db.account.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(query.page, pageCount);
  const accounts = await db.account.findMany({
    where,
    orderBy: orderForQuery(query.sort, query.dir),
    skip: (page - 1) * query.pageSize,
    take: query.pageSize,
    select: {
      id: true,
      name: true,
      memberUin: true,
      environment: true,
      status: true,
      regions: true,
      createdAt: true,
      lastActivityAt: true,
      unit: { select: { name: true } },
      owners: {
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        select: { role: true, user: { select: { id: true, name: true, active: true } } },
      },
    },
  });
  return {
    total,
    pageCount,
    query: { ...query, page },
    rows: accounts.map((account) => ({
      id: account.id,
      name: account.name,
      memberUin: account.memberUin,
      environment: account.environment,
      status: account.status,
      regions: account.regions,
      unitName: account.unit.name,
      owners: account.owners.map((owner) => ({ ...owner.user, primary: owner.role === "PRIMARY" })),
      createdAt: account.createdAt.toISOString(),
      lastActivityAt: account.lastActivityAt?.toISOString() ?? null,
    })),
  };
}

export async function findAccountFilterOptions(): Promise<AccountFilterOptions> {
  const [units, owners] = await Promise.all([
    db.unit.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, path: true } }),
    db.user.findMany({
      where: { ownerships: { some: {} } },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
  return {
    // "/root/" has depth 0, "/root/child/" depth 1, …
    units: units.map((unit) => ({ id: unit.id, name: unit.name, depth: unit.path.split("/").length - 3 })),
    owners,
  };
}

export async function findAccountDetail(id: string): Promise<AccountDetail | null> {
  const account = await db.account.findUnique({
    where: { id },
    include: {
      unit: { select: { path: true } },
      team: { select: { id: true, name: true } },
      owners: {
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        select: { role: true, user: { select: { id: true, name: true, email: true, active: true } } },
      },
      tags: { orderBy: { key: "asc" }, select: { key: true, value: true } },
      ownershipConfirmedBy: { select: { name: true } },
      request: {
        select: {
          id: true,
          number: true,
          status: true,
          requesterId: true,
          requiredStages: true,
          approvals: { select: { stage: true, approverId: true } },
          owners: { select: { userId: true } },
        },
      },
    },
  });
  if (!account) return null;
  const pathIds = account.unit.path.split("/").filter(Boolean);
  const units = await db.unit.findMany({ where: { id: { in: pathIds } }, select: { id: true, name: true } });
  const unitById = new Map(units.map((unit) => [unit.id, unit]));
  return {
    id: account.id,
    name: account.name,
    description: account.description,
    memberUin: account.memberUin,
    environment: account.environment,
    status: account.status,
    regions: account.regions,
    costCenter: account.costCenter,
    dataClassification: account.dataClassification,
    businessUnit: account.businessUnit,
    team: account.team,
    createdAt: account.createdAt.toISOString(),
    lastActivityAt: account.lastActivityAt?.toISOString() ?? null,
    ownershipConfirmedAt: account.ownershipConfirmedAt?.toISOString() ?? null,
    ownershipConfirmedBy: account.ownershipConfirmedBy?.name ?? null,
    inventorySyncedAt: account.inventorySyncedAt?.toISOString() ?? null,
    request: account.request && {
      id: account.request.id,
      number: account.request.number,
      status: account.request.status,
      requesterId: account.request.requesterId,
      requiredStages: account.request.requiredStages,
      approvals: account.request.approvals,
      ownerIds: account.request.owners.map((owner) => owner.userId),
    },
    unitPath: pathIds.flatMap((unitId) => unitById.get(unitId) ?? []),
    owners: account.owners.map((owner) => ({
      userId: owner.user.id,
      name: owner.user.name,
      email: owner.user.email,
      role: owner.role,
      active: owner.user.active,
    })),
    tags: account.tags,
  };
}

/**
 * Live resources of an account (gone ones are history) and the compliant ones among them, by service and by region,
 * in one statement over the (account_id, gone_at) index: GROUPING SETS counts both ways and the total in one pass.
 */
export async function findAccountResourceCounts(accountId: string): Promise<AccountResourceCounts> {
  const rows = await db.$queryRaw<{ service: string | null; region: string | null; by_service: number; by_region: number; count: number; compliant: number }[]>`
    SELECT service, region, GROUPING(service)::int AS by_region, GROUPING(region)::int AS by_service, count(*)::int AS count,
      (count(*) FILTER (WHERE violation_count = 0))::int AS compliant
    FROM resource
    WHERE account_id = ${accountId} AND gone_at IS NULL
    GROUP BY GROUPING SETS ((service), (region), ())
    ORDER BY count(*) DESC, service, region`;
  const counts: AccountResourceCounts = { total: 0, compliant: 0, byService: [], byRegion: [] };
  for (const row of rows) {
    const entry = { count: row.count, compliant: row.compliant };
    if (row.by_service === 1 && row.by_region === 1) Object.assign(counts, { total: row.count, compliant: row.compliant });
    else if (row.by_service === 1) counts.byService.push({ key: row.service ?? "", ...entry });
    else counts.byRegion.push({ key: row.region ?? "", ...entry });
  }
  return counts;
}

/** The latest access grants on an account with their requests (what the visibility rule needs, and what is shown). */
export async function findAccountAccessGrants(accountId: string, limit: number) {
  const [grants, total] = await Promise.all([
    db.accessGrant.findMany({
      where: { accountId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        status: true,
        activatedAt: true,
        expiresAt: true,
        endedAt: true,
        createdAt: true,
        request: {
          select: {
            id: true,
            number: true,
            status: true,
            requesterId: true,
            breakGlass: true,
            approvalsRequired: true,
            reviewers: true,
            securityRequired: true,
            requester: { select: { name: true } },
            roleVersion: { select: { name: true } },
          },
        },
      },
    }),
    db.accessGrant.count({ where: { accountId } }),
  ]);
  return { grants, total };
}
