import Link from "next/link";
import type { HistoryFilters as Filters } from "@/lib/audit/schema";

const fieldClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-900";

interface Options {
  people: { id: string; name: string; email: string }[];
  units: { id: string; name: string; depth: number }[];
  actions: { value: string; label: string }[];
}

/** A plain GET form: filters are shareable URLs and work without JavaScript. */
export function HistoryFilters({ filters, options }: { filters: Filters; options: Options }) {
  return (
    <form
      action="/audit"
      method="get"
      role="search"
      aria-label="Filter history"
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <label className="text-sm font-medium sm:col-span-2">
        Search
        <input type="search" name="q" maxLength={100} defaultValue={filters.q ?? ""} placeholder="Action, person, account, details…" className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        Person
        <select name="actor" defaultValue={filters.actor ?? ""} className={fieldClass}>
          <option value="">Anyone</option>
          {options.people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Action
        <select name="action" defaultValue={filters.action ?? ""} className={fieldClass}>
          <option value="">Any action</option>
          {options.actions.map((action) => (
            <option key={action.value} value={action.value}>
              {action.label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Account
        <input name="account" defaultValue={filters.account ?? ""} placeholder="Name, UIN or id" className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        Unit
        <select name="unit" defaultValue={filters.unit ?? ""} className={fieldClass}>
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
        From
        <input type="date" name="from" defaultValue={filters.from ?? ""} className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        To
        <input type="date" name="to" defaultValue={filters.to ?? ""} className={fieldClass} />
      </label>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
        <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
          Apply filters
        </button>
        <Link href="/audit" className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          Clear
        </Link>
      </div>
    </form>
  );
}
