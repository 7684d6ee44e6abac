"use client";

import { useEffect, useState } from "react";

interface HealthReport {
  status: "ok" | "unavailable";
  database: { status: string };
}

/**
 * Shown when a page fails to render. Production builds hide the server's error message, so the page asks the
 * health endpoint whether the database is the cause and says so plainly; it never shows a stack trace.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [health, setHealth] = useState<HealthReport | "unknown" | null>(null);

  useEffect(() => {
    fetch("/api/health", { cache: "no-store" })
      .then((response) => response.json() as Promise<HealthReport>)
      .then(setHealth)
      .catch(() => setHealth("unknown"));
  }, [error]);

  const databaseDown = health !== null && health !== "unknown" && health.database.status !== "ok";
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-rose-200 bg-white p-6 dark:border-rose-900 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">{databaseDown ? "The database is unavailable" : "This page could not be loaded"}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {databaseDown
          ? "Lattice cannot reach its PostgreSQL database right now. Nothing was changed. Try again in a moment; if it persists, ask an operator to check the database."
          : "Something went wrong on the server. Nothing was changed. Try again; if it persists, give an operator the reference below."}
      </p>
      {error.digest && (
        <p className="mt-3 text-xs text-slate-500">
          Reference: <code>{error.digest}</code>
        </p>
      )}
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
      >
        Try again
      </button>
    </div>
  );
}
