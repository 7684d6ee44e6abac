"use client";

import { FilterBar } from "@/components/ui/filter-bar";
import { ENVIRONMENT_FILTER_OPTIONS, REGION_FILTER_OPTIONS, STATUS_FILTER_OPTIONS, unitFilterOptions } from "@/components/accounts/labels";
import { FilterActions, FilterSelect } from "@/components/ui/filter-form";
import { NONE, OWNERSHIP_LISTS, type OwnershipQuery } from "@/lib/ownership/schema";
import type { OwnershipFilterOptions } from "@/lib/ownership/types";
import { OWNERSHIP_PATH, ownershipHref } from "@/lib/ownership/utils";
import { LIST_INFO } from "./labels";

/**
 * The dashboard's filter bar: a plain GET form (shareable URL, works without JavaScript); with JavaScript a changed
 * select applies at once. Filters reset paging and keep the sort.
 */
export function OwnershipFilters({ query, options }: { query: OwnershipQuery; options: OwnershipFilterOptions }) {
  return (
    <FilterBar
      action={OWNERSHIP_PATH}
      label="Filter the ownership dashboard"
      className="mb-6 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
      appliedHref={ownershipHref(query)}
      hrefFor={(value) =>
        ownershipHref(query, {
          owner: value("owner"),
          team: value("team"),
          unit: value("unit"),
          environment: value("environment"),
          region: value("region") as OwnershipQuery["region"],
          status: value("status") as OwnershipQuery["status"],
          list: value("list") as OwnershipQuery["list"],
          page: 1,
        })
      }
    >
      <FilterSelect label="Owner" name="owner" value={query.owner} all="Anyone" options={[{ value: NONE, label: "No owner" }, ...options.owners.map((owner) => ({ value: owner.id, label: owner.name }))]} />
      <FilterSelect label="Team" name="team" value={query.team} all="All teams" options={[{ value: NONE, label: "No team" }, ...options.teams.map((team) => ({ value: team.id, label: team.name }))]} />
      <FilterSelect label="Unit" name="unit" value={query.unit} all="All units" options={unitFilterOptions(options.units)} />
      <FilterSelect label="Environment" name="environment" value={query.environment} all="All environments" options={ENVIRONMENT_FILTER_OPTIONS} />
      <FilterSelect label="Region" name="region" value={query.region} all="All regions" options={REGION_FILTER_OPTIONS} />
      <FilterSelect label="Status" name="status" value={query.status} all="Any status" options={STATUS_FILTER_OPTIONS} />
      <FilterSelect label="List" name="list" value={query.list} all="Every account" options={OWNERSHIP_LISTS.map((list) => ({ value: list, label: LIST_INFO[list].title }))} />
      {query.sort !== "name" && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir !== "asc" && <input type="hidden" name="dir" value={query.dir} />}
      <FilterActions clearHref={OWNERSHIP_PATH} />
    </FilterBar>
  );
}
