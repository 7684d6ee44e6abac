"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

/** The form's current values, an empty field as undefined. */
export type FilterValue = (name: string) => string | undefined;

/**
 * A filter bar: a plain GET form, so every filtered view is a shareable URL and works without JavaScript; with
 * JavaScript, submitting or changing a select goes to `hrefFor(values)` at once. It re-mounts when `appliedHref`
 * changes, so its fields show the filters in force.
 */
export function FilterBar({ action, label, className, appliedHref, hrefFor, children }: { action: string; label: string; className: string; appliedHref: string; hrefFor: (value: FilterValue) => string; children: ReactNode }) {
  const router = useRouter();
  function apply(form: HTMLFormElement) {
    const data = new FormData(form);
    router.push(hrefFor((name) => (data.get(name) as string | null) || undefined));
  }
  return (
    <form
      key={appliedHref}
      action={action}
      method="get"
      onSubmit={(event) => {
        event.preventDefault();
        apply(event.currentTarget);
      }}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement) apply(event.currentTarget);
      }}
      role="search"
      aria-label={label}
      className={className}
    >
      {children}
    </form>
  );
}
