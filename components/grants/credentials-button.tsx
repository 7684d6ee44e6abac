"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useGuardedAction } from "@/components/auth/use-guarded-action";
import { formatDateTime } from "@/components/ui/date-time";
import { useHydrated } from "@/components/ui/use-hydrated";
import { issueAccessCredentials } from "@/lib/grants/actions";
import type { IssuedCredentials } from "@/lib/grants/types";
import { exportCommands, tccliConfigureCommands, tccliCredentialFile, tccliProfileName } from "./credential-snippets";

const buttonClass = "rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

function CopyBlock({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  }
  return (
    <div className="mt-3 min-w-0">
      <div className="flex items-center justify-between gap-2">
        <span className="min-w-0 text-sm font-medium break-all">{label}</span>
        <button type="button" onClick={() => void copy()} className={`${buttonClass} border border-slate-300 text-xs dark:border-slate-700`}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="mt-1 max-h-40 overflow-auto rounded-md bg-slate-950 p-3 text-xs break-all whitespace-pre-wrap text-slate-100">{text}</pre>
    </div>
  );
}

/** The credentials, shown once: nothing here can fetch them again, and closing clears them from the page. */
function CredentialsPanel({ credentials, headingId }: { credentials: IssuedCredentials; headingId: string }) {
  const profile = tccliProfileName(credentials);
  return (
    <>
      <h2 id={headingId} className="text-base font-semibold">
        CLI credentials for {credentials.account.name}
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {credentials.roleName} in {credentials.account.name} ({credentials.account.memberUin}), session <span className="font-mono">{credentials.sessionName}</span>. They work until{" "}
        <strong>{formatDateTime(credentials.expiresAt)}</strong>, never longer than your access.
      </p>
      <p role="status" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
        Shown once: Lattice does not store them and cannot show them again. Copy what you need now, keep them out of shared files, and ask for new ones if
        you lose them.
      </p>
      <CopyBlock label="Shell (SDKs, Terraform, tccli)" text={exportCommands(credentials)} />
      <CopyBlock label={`tccli profile "${profile}": configure it …`} text={tccliConfigureCommands(credentials)} />
      <CopyBlock label={`… or write ~/.tccli/${profile}.credential`} text={tccliCredentialFile(credentials)} />
    </>
  );
}

/**
 * "Get CLI credentials" for one active grant of the signed-in person. Needs an MFA sign-in: without one the person
 * is sent to confirm with MFA and back, then asks again. The answer is shown once in a dialog and dropped on close.
 */
export function CredentialsButton({ grantId }: { grantId: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const issue = useGuardedAction(issueAccessCredentials);
  const credentials = issue.result.data;
  const error = issue.result.serverError;
  const headingId = `credentials-${grantId}-heading`;

  async function request() {
    const result = await issue.executeAsync({ grantId });
    if (result?.data) dialog.current?.showModal();
    else if (result?.serverError?.code === "CONFLICT") router.refresh();
  }

  function close() {
    dialog.current?.close();
    // The secrets live only in this action's result: resetting it is what forgets them.
    issue.reset();
  }

  return (
    <>
      <button type="button" disabled={!hydrated || issue.isPending} onClick={() => void request()} className={`${buttonClass} border border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800`}>
        {issue.isPending ? "Issuing…" : "Get CLI credentials"}
      </button>
      {error && error.code !== "MFA_REQUIRED" && (
        <p role="alert" className="mt-1 text-xs text-rose-700 dark:text-rose-300">
          {error.message}
        </p>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        onCancel={close}
        className="m-auto w-[calc(100%-2rem)] max-w-2xl rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {credentials && <CredentialsPanel credentials={credentials} headingId={headingId} />}
        <div className="mt-4 flex justify-end">
          <button type="button" onClick={close} className={`${buttonClass} bg-sky-700 text-white hover:bg-sky-800`}>
            Done: forget them
          </button>
        </div>
      </dialog>
    </>
  );
}
