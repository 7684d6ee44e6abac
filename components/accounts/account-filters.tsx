"use client";

import type { FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ACCOUNT_STATUS_SLUGS, type AccountListQuery } from "@/lib/accounts/schema";
import type { AccountFilterOptions } from "@/lib/accounts/types";
import { accountsHref } from "@/lib/accounts/utils";
import { ENVIRONMENTS, REGIONS } from "@/lib/matrix/constants";

const fieldClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-900";

/**
 * Filter bar. It is a plain GET form (works without JavaScript); with JavaScript, changing a select applies it
 * at once. Filters reset paging to the first page and keep the current sort.
 */
export function AccountFilters({ query, options }: { query: AccountListQuery; options: AccountFilterOptions }) {
  const router = useRouter();

  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    const value = (name: string) => (data.get(name) as string | null) || undefined;
    router.push(
      accountsHref(query, {
        q: value("q"),
        unit: value("unit"),
        environment: value("environment"),
        region: value("region") as AccountListQuery["region"],
        owner: value("owner"),
        status: value("status") as AccountListQuery["status"],
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
      key={accountsHref(query)}
      action="/accounts"
      method="get"
      onSubmit={onSubmit}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement) apply(event.currentTarget);
      }}
      role="search"
      aria-label="Filter accounts"
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5 dark:border-slate-800 dark:bg-slate-900"
    >
      <label className="text-sm font-medium sm:col-span-2 lg:col-span-3 xl:col-span-5">
        Search
        <input type="search" name="q" maxLength={100} defaultValue={query.q ?? ""} placeholder="Name or UIN" className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        Unit
        <select name="unit" defaultValue={query.unit ?? ""} className={fieldClass}>
          <option value="">All units</option>
          {options.units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {"\u00a0\u00a0".repeat(unit.depth)}
              {unit.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Environment
        <select name="environment" defaultValue={query.environment ?? ""} className={fieldClass}>
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
        <select name="region" defaultValue={query.region ?? ""} className={fieldClass}>
          <option value="">All regions</option>
          {REGIONS.map((region) => (
            <option key={region.id} value={region.id}>
              {region.name} ({region.id})
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Owner
        <select name="owner" defaultValue={query.owner ?? ""} className={fieldClass}>
          <option value="">Anyone</option>
          {options.owners.map((owner) => (
            <option key={owner.id} value={owner.id}>
              {owner.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Status
        <select name="status" defaultValue={query.status ?? ""} className={fieldClass}>
          <option value="">Any status</option>
          {ACCOUNT_STATUS_SLUGS.map((status) => (
            <option key={status} value={status} className="capitalize">
              {status[0]?.toUpperCase()}
              {status.slice(1)}
            </option>
          ))}
        </select>
      </label>
      {query.sort !== "name" && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir !== "asc" && <input type="hidden" name="dir" value={query.dir} />}
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3 xl:col-span-5">
        <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none">
          Apply filters
        </button>
        <Link href="/accounts" className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          Clear
        </Link>
      </div>
    </form>
  );
}
