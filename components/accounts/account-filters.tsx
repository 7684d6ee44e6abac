"use client";

import { FilterBar } from "@/components/ui/filter-bar";
import { FILTER_FIELD_CLASS, FilterActions, FilterSelect } from "@/components/ui/filter-form";
import type { AccountListQuery } from "@/lib/accounts/schema";
import type { AccountFilterOptions } from "@/lib/accounts/types";
import { accountsHref } from "@/lib/accounts/utils";
import { ENVIRONMENT_FILTER_OPTIONS, REGION_FILTER_OPTIONS, STATUS_FILTER_OPTIONS, unitFilterOptions } from "./labels";

/**
 * Filter bar. It is a plain GET form (works without JavaScript); with JavaScript, changing a select applies it
 * at once. Filters reset paging to the first page and keep the current sort.
 */
export function AccountFilters({ query, options }: { query: AccountListQuery; options: AccountFilterOptions }) {
  return (
    <FilterBar
      action="/accounts"
      label="Filter accounts"
      className="mb-4 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5 dark:border-slate-800 dark:bg-slate-900"
      appliedHref={accountsHref(query)}
      hrefFor={(value) =>
        accountsHref(query, {
          q: value("q"),
          unit: value("unit"),
          environment: value("environment"),
          region: value("region") as AccountListQuery["region"],
          owner: value("owner"),
          status: value("status") as AccountListQuery["status"],
          page: 1,
        })
      }
    >
      <label className="text-sm font-medium sm:col-span-2 lg:col-span-3 xl:col-span-5">
        Search
        <input type="search" name="q" maxLength={100} defaultValue={query.q ?? ""} placeholder="Name or UIN" className={FILTER_FIELD_CLASS} />
      </label>
      <FilterSelect label="Unit" name="unit" value={query.unit} all="All units" options={unitFilterOptions(options.units)} />
      <FilterSelect label="Environment" name="environment" value={query.environment} all="All environments" options={ENVIRONMENT_FILTER_OPTIONS} />
      <FilterSelect label="Region" name="region" value={query.region} all="All regions" options={REGION_FILTER_OPTIONS} />
      <FilterSelect label="Owner" name="owner" value={query.owner} all="Anyone" options={options.owners.map((owner) => ({ value: owner.id, label: owner.name }))} />
      <FilterSelect label="Status" name="status" value={query.status} all="Any status" options={STATUS_FILTER_OPTIONS} />
      {query.sort !== "name" && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir !== "asc" && <input type="hidden" name="dir" value={query.dir} />}
      <FilterActions clearHref="/accounts" className="sm:col-span-2 lg:col-span-3 xl:col-span-5" />
    </FilterBar>
  );
}
