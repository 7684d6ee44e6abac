import Link from "next/link";

/** Shared look of filter inputs and selects. */
export const FILTER_FIELD_CLASS =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-900";

/** "Apply filters" and "Clear" at the end of a filter form. */
export function FilterActions({ clearHref, className }: { clearHref: string; className?: string }) {
  return (
    <div className={`flex items-end gap-2 ${className ?? ""}`}>
      <button
        type="submit"
        className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 focus-visible:outline-none"
      >
        Apply filters
      </button>
      <Link href={clearHref} className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
        Clear
      </Link>
    </div>
  );
}

/** <option>s of a tree, indented by depth (native selects cannot nest). */
export function IndentedOptions({ options }: { options: { id: string; name: string; depth: number }[] }) {
  return options.map((option) => (
    <option key={option.id} value={option.id}>
      {"\u00a0\u00a0".repeat(option.depth)}
      {option.name}
    </option>
  ));
}

export interface FilterOption {
  value: string;
  label: string;
  /** Indentation of a tree's option (native selects cannot nest). */
  depth?: number;
}

/** One labelled select of a filter form: the empty value ("all …") first, then the options. */
export function FilterSelect({ label, name, value, all, options }: { label: string; name: string; value: string | undefined; all: string; options: readonly FilterOption[] }) {
  return (
    <label className="text-sm font-medium">
      {label}
      <select name={name} defaultValue={value ?? ""} className={FILTER_FIELD_CLASS}>
        <option value="">{all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {"\u00a0\u00a0".repeat(option.depth ?? 0)}
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
