import { PAGE_SIZE } from "./constants";
import type { AccountScope, RequestOf } from "./types";

type Page<T> = { items?: T[] };

/** Offset/Limit: Limit ≤ 50, Offset a whole multiple of Limit, `Total` tells when to stop. */
export async function* paginateByOffset<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T> & { total?: number }>,
  limit: number = PAGE_SIZE.offset,
): AsyncGenerator<T> {
  for (let offset = 0; ; offset += limit) {
    const { items = [], total = 0 } = await fetchPage(offset, limit);
    yield* items;
    if (items.length < limit || offset + limit >= total) return;
  }
}

/**
 * NextToken/MaxResults (CIC, CloudAudit) and PaginationToken/MaxResults (Tag, ListNonCompliantResource): the
 * next call carries the token the last one returned; a missing token, `IsTruncated: false` or `ListOver: true`
 * ends the list. A token seen twice would loop forever, so it is an error.
 */
export async function* paginateByToken<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T> & { next?: string; done?: boolean }>,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const { items = [], next, done } = await fetchPage(token);
    yield* items;
    if (done || !next) return;
    if (seen.has(next)) throw new Error(`Tencent Cloud returned the pagination token ${next} twice`);
    seen.add(next);
    token = next;
  }
}

/** Page/Rp: pages from 1, Rp ≤ 200, at most 200 pages; `TotalNum` tells when to stop. */
export async function* paginateByPage<T>(
  fetchPage: (page: number, rp: number) => Promise<Page<T> & { total?: number }>,
  rp: number = PAGE_SIZE.page,
): AsyncGenerator<T> {
  for (let page = 1; page <= 200; page += 1) {
    const { items = [], total = 0 } = await fetchPage(page, rp);
    yield* items;
    if (items.length < rp || page * rp >= total) return;
  }
}

type Filter<R, Paging extends keyof R> = Omit<R, Paging>;

export function listOrganizationNodes(scope: AccountScope) {
  return paginateByOffset(async (Offset, Limit) => {
    const page = await scope.organization("DescribeOrganizationNodes", { Offset, Limit });
    return { items: page.Items, total: page.Total };
  });
}

export function listOrganizationMembers(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "DescribeOrganizationMembers">, "Offset" | "Limit"> = {},
) {
  return paginateByOffset(async (Offset, Limit) => {
    const page = await scope.organization("DescribeOrganizationMembers", { ...filter, Offset, Limit });
    return { items: page.Items, total: page.Total };
  });
}

export function listMemberAuthIdentities(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "DescribeOrganizationMemberAuthIdentities">, "Offset" | "Limit">,
) {
  return paginateByOffset(async (Offset, Limit) => {
    const page = await scope.organization("DescribeOrganizationMemberAuthIdentities", { ...filter, Offset, Limit });
    return { items: page.Items, total: page.Total };
  });
}

export function listCicUsers(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListUsers">, "NextToken" | "MaxResults" | "Offset">,
) {
  return paginateByToken(async (NextToken) => {
    const page = await scope.organization("ListUsers", { ...filter, NextToken, MaxResults: PAGE_SIZE.nextToken });
    return { items: page.Users, next: page.NextToken, done: page.IsTruncated === false };
  });
}

export function listRoleAssignments(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListRoleAssignments">, "NextToken" | "MaxResults">,
) {
  return paginateByToken(async (NextToken) => {
    const page = await scope.organization("ListRoleAssignments", { ...filter, NextToken, MaxResults: PAGE_SIZE.nextToken });
    return { items: page.RoleAssignments, next: page.NextToken, done: page.IsTruncated === false };
  });
}

export function listCicTasks(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListTasks">, "NextToken" | "MaxResults">,
) {
  return paginateByToken(async (NextToken) => {
    const page = await scope.organization("ListTasks", { ...filter, NextToken, MaxResults: PAGE_SIZE.nextToken });
    return { items: page.Tasks, next: page.NextToken, done: page.IsTruncated === false };
  });
}

export function listRoleConfigurations(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListRoleConfigurations">, "NextToken" | "MaxResults">,
) {
  return paginateByToken(async (NextToken) => {
    const page = await scope.organization("ListRoleConfigurations", {
      ...filter,
      NextToken,
      MaxResults: PAGE_SIZE.nextToken,
    });
    return { items: page.RoleConfigurations, next: page.NextToken, done: page.IsTruncated === false };
  });
}

export function listPoliciesForTarget(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListPoliciesForTarget">, "Page" | "Rp">,
) {
  return paginateByPage(async (Page, Rp) => {
    const page = await scope.organization("ListPoliciesForTarget", { ...filter, Page, Rp });
    return { items: page.List, total: page.TotalNum };
  });
}

/** The nodes (RelatedType 1) and members (RelatedType 2) a policy is attached to directly. */
export function listTargetsForPolicy(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListTargetsForPolicy">, "Page" | "Rp">,
) {
  return paginateByPage(async (Page, Rp) => {
    const page = await scope.organization("ListTargetsForPolicy", { ...filter, Page, Rp });
    return { items: page.List, total: page.TotalNum };
  });
}

export function listNonCompliantResources(
  scope: AccountScope,
  filter: Filter<RequestOf<"organization", "ListNonCompliantResource">, "PaginationToken" | "MaxResults">,
) {
  return paginateByToken(async (PaginationToken) => {
    const page = await scope.organization("ListNonCompliantResource", {
      ...filter,
      PaginationToken,
      MaxResults: PAGE_SIZE.paginationToken,
    });
    return { items: page.Items, next: page.PaginationToken };
  });
}

/** Tagged resources of the scope's account. */
export function listTaggedResources(
  scope: AccountScope,
  filter: Filter<RequestOf<"tag", "GetResources">, "PaginationToken" | "MaxResults"> = {},
  maxResults: number = PAGE_SIZE.getResources,
) {
  return paginateByToken(async (PaginationToken) => {
    const page = await scope.tag("GetResources", { ...filter, PaginationToken, MaxResults: maxResults });
    return { items: page.ResourceTagMappingList, next: page.PaginationToken };
  });
}

export function listTagKeys(scope: AccountScope) {
  return paginateByToken(async (PaginationToken) => {
    const page = await scope.tag("GetTagKeys", { PaginationToken, MaxResults: PAGE_SIZE.tagKeys });
    return { items: page.TagKeys, next: page.PaginationToken };
  });
}

export function listTagValues(scope: AccountScope, tagKeys: string[]) {
  return paginateByToken(async (PaginationToken) => {
    const page = await scope.tag("GetTagValues", { TagKeys: tagKeys, PaginationToken, MaxResults: PAGE_SIZE.tagKeys });
    return { items: page.Tags, next: page.PaginationToken };
  });
}

export function lookUpAuditEvents(
  scope: AccountScope,
  filter: Filter<RequestOf<"cloudaudit", "LookUpEvents">, "NextToken" | "MaxResults">,
) {
  return paginateByToken(async (NextToken) => {
    const page = await scope.cloudaudit("LookUpEvents", { ...filter, NextToken, MaxResults: PAGE_SIZE.lookUpEvents });
    return { items: page.Events, next: page.NextToken, done: page.ListOver === true };
  });
}
