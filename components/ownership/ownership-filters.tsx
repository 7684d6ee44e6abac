"use client";

import type { FormEvent } from "react";
import { useRouter } from "next/navigation";
import { FILTER_FIELD_CLASS, FilterActions, IndentedOptions } from "@/components/ui/filter-form";
import { ACCOUNT_STATUS_SLUGS } from "@/lib/accounts/schema";
import { ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";
import { NONE, OWNERSHIP_LISTS, type OwnershipQuery } from "@/lib/ownership/schema";
import type { OwnershipFilterOptions } from "@/lib/ownership/types";
import { OWNERSHIP_PATH, ownershipHref } from "@/lib/ownership/utils";
import { LIST_INFO } from "./labels";

/**
 * The dashboard's filter bar: a plain GET form (shareable URL, works without JavaScript); with JavaScript a changed
 * select applies at once. Filters reset paging and keep the sort.
 */
export function OwnershipFilters({ query, options }: { query: OwnershipQuery; options: OwnershipFilterOptions }) {
  const router = useRouter();

  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const value = (name: string) => (data.get(name) as string | null) || undefined;
    router.push(
      ownershipHref(query, {
        owner: value("owner"),
        team: value("team"),
        unit: value("unit"),
        environment: value("environment"),
        region: value("region") as OwnershipQuery["region"],
        status: value("status") as OwnershipQuery["status"],
        list: value("list") as OwnershipQuery["list"],
        page: 1,
      }),
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(event.currentTarget);
  }

  return (
    <form
      // Re-mount when the URL changes so the fields show the applied filters.
      key={ownershipHref(query)}
      action={OWNERSHIP_PATH}
      method="get"
      onSubmit={onSubmit}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement) apply(event.currentTarget);
      }}
      role="search"
      aria-label="Filter the ownership dashboard"
      className="mb-6 grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <label className="text-sm font-medium">
        Owner
        <select name="owner" defaultValue={query.owner ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">Anyone</option>
          <option value={NONE}>No owner</option>
          {options.owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Team
        <select name="team" defaultValue={query.team ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">All teams</option>
          <option value={NONE}>No team</option>
          {options.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Unit
        <select name="unit" defaultValue={query.unit ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">All units</option>
          <IndentedOptions options={options.units} />
        </select>
      </label>
      <label className="text-sm font-medium">
        Environment
        <select name="environment" defaultValue={query.environment ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">All environments</option>
          {ENVIRONMENTS.map((environment) => (
            <option key={environment.slug} value={environment.slug}>
              {environment.label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Region
        <select name="region" defaultValue={query.region ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">All regions</option>
          {REGIONS.map((region) => (
            <option key={region.id} value={region.id}>
              {region.name} ({region.id})
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Status
        <select name="status" defaultValue={query.status ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">Any status</option>
          {ACCOUNT_STATUS_SLUGS.map((status) => (
            <option key={status} value={status}>
              {status[0]?.toUpperCase()}
              {status.slice(1)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        List
        <select name="list" defaultValue={query.list ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">Every account</option>
          {OWNERSHIP_LISTS.map((list) => (
            <option key={list} value={list}>
              {LIST_INFO[list].title}
            </option>
          ))}
        </select>
      </label>
      {query.sort !== "name" && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir !== "asc" && <input type="hidden" name="dir" value={query.dir} />}
      <FilterActions clearHref={OWNERSHIP_PATH} />
    </form>
  );
}
