import { Construction } from "lucide-react";
import { PageHeader } from "./page-header";

/** Placeholder for an area that a later milestone builds; says what will be here. */
export function ComingSoon({ title, description, plans }: { title: string; description: string; plans: string[] }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <section className="rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
        <div className="flex items-center gap-2 font-medium">
          <Construction aria-hidden className="size-5 text-amber-600" />
          Coming soon
        </div>
        <ul className="mt-3 list-disc space-y-1 pl-6 text-sm text-slate-600 dark:text-slate-400">
          {plans.map((plan) => (
            <li key={plan}>{plan}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
