"use client";

import { FilterBar } from "@/components/ui/filter-bar";
import { ENVIRONMENT_FILTER_OPTIONS, unitFilterOptions } from "@/components/accounts/labels";
import { FILTER_FIELD_CLASS, FilterActions, FilterSelect } from "@/components/ui/filter-form";
import { VIOLATION_KIND_LABEL } from "@/lib/compliance/constants";
import { GLOBAL_REGION, VIOLATION_KIND_SLUGS, type TagDashboardQuery, type ViolationKindSlug } from "@/lib/compliance/schema";
import type { TagDashboardOptions } from "@/lib/compliance/types";
import { tagDashboardHref } from "@/lib/compliance/utils";

const KIND_LABEL: Record<ViolationKindSlug, string> = {
  "missing-key": VIOLATION_KIND_LABEL.MISSING_KEY,
  "value-not-allowed": VIOLATION_KIND_LABEL.VALUE_NOT_ALLOWED,
  flagged: VIOLATION_KIND_LABEL.FLAGGED_BY_TENCENT,
  name: VIOLATION_KIND_LABEL.NAME,
};

/**
 * The dashboard's filters: a plain GET form, so every filtered view is a URL to share (and works without
 * JavaScript); with JavaScript a changed select applies at once. A filter change goes back to the first pages.
 */
export function TagFilters({ query, options, accountName }: { query: TagDashboardQuery; options: TagDashboardOptions; accountName: string | null }) {
  return (
    <FilterBar
      action="/dashboards/tags"
      label="Filter tag compliance"
      className="mb-6 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
      appliedHref={tagDashboardHref(query)}
      hrefFor={(value) =>
        tagDashboardHref(query, {
          account: value("account"),
          unit: value("unit"),
          environment: value("environment"),
          region: value("region"),
          key: value("key"),
          type: value("type"),
          kind: value("kind") as TagDashboardQuery["kind"],
          page: 1,
          accountsPage: 1,
        })
      }
    >
      {query.account && (
        <label className="text-sm font-medium">
          Account
          <select name="account" defaultValue={query.account} className={FILTER_FIELD_CLASS}>
            <option value={query.account}>{accountName ?? query.account}</option>
            <option value="">All accounts</option>
          </select>
        </label>
      )}
      <FilterSelect label="Unit" name="unit" value={query.unit} all="All units" options={unitFilterOptions(options.units)} />
      <FilterSelect label="Environment" name="environment" value={query.environment} all="All environments" options={ENVIRONMENT_FILTER_OPTIONS} />
      <FilterSelect label="Region" name="region" value={query.region} all="All regions" options={options.regions.map((region) => ({ value: region || GLOBAL_REGION, label: region || "Global (no region)" }))} />
      <FilterSelect label="Resource type" name="type" value={query.type} all="All types" options={options.resourceTypes.map((type) => ({ value: type, label: type }))} />
      <FilterSelect label="Tag key" name="key" value={query.key} all="All keys" options={options.keys.map((key) => ({ value: key, label: key }))} />
      <FilterSelect label="Violation" name="kind" value={query.kind} all="Every kind" options={VIOLATION_KIND_SLUGS.map((kind) => ({ value: kind, label: KIND_LABEL[kind] }))} />
      {query.sort !== "newest" && <input type="hidden" name="sort" value={query.sort} />}
      {query.pageSize !== 25 && <input type="hidden" name="pageSize" value={query.pageSize} />}
      <FilterActions clearHref="/dashboards/tags" className="sm:col-span-2 lg:col-span-4" />
    </FilterBar>
  );
}
