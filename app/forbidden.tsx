import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Your roles do not include access to this page. If you need it, ask a platform administrator to add you to the right
        identity-provider group.
      </p>
      <Link href="/accounts" className="mt-4 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
        Go to accounts
      </Link>
    </div>
  );
}
