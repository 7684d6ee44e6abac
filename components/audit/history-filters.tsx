import { FILTER_FIELD_CLASS, FilterActions, IndentedOptions } from "@/components/ui/filter-form";
import type { HistoryFilters as Filters } from "@/lib/audit/schema";


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
        <input type="search" name="q" maxLength={100} defaultValue={filters.q ?? ""} placeholder="Action, person, account, details…" className={FILTER_FIELD_CLASS} />
      </label>
      <label className="text-sm font-medium">
        Person
        <select name="actor" defaultValue={filters.actor ?? ""} className={FILTER_FIELD_CLASS}>
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
        <select name="action" defaultValue={filters.action ?? ""} className={FILTER_FIELD_CLASS}>
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
        <input name="account" defaultValue={filters.account ?? ""} placeholder="Name, UIN or id" className={FILTER_FIELD_CLASS} />
      </label>
      <label className="text-sm font-medium">
        Unit
        <select name="unit" defaultValue={filters.unit ?? ""} className={FILTER_FIELD_CLASS}>
          <option value="">All units</option>
          <IndentedOptions options={options.units} />
        </select>
      </label>
      <label className="text-sm font-medium">
        From
        <input type="date" name="from" defaultValue={filters.from ?? ""} className={FILTER_FIELD_CLASS} />
      </label>
      <label className="text-sm font-medium">
        To
        <input type="date" name="to" defaultValue={filters.to ?? ""} className={FILTER_FIELD_CLASS} />
      </label>
      <FilterActions clearHref="/audit" className="sm:col-span-2 lg:col-span-4" />
    </form>
  );
}
