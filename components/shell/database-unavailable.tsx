/** Rendered on the server when the database cannot be reached, so the message shows even without JavaScript. */
export function DatabaseUnavailable() {
  return (
    <div role="alert" className="mx-auto mt-12 max-w-xl rounded-lg border border-rose-200 bg-white p-6 dark:border-rose-900 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">The database is unavailable</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Lattice cannot reach its PostgreSQL database right now. Nothing was changed. Reload in a moment; if it persists,
        ask an operator to check the database (<code>/api/health</code> shows its state).
      </p>
    </div>
  );
}
