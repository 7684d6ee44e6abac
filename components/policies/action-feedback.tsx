"use client";

import { Notice } from "@/components/ui/notice";
import type { ActionError } from "@/lib/core/safe-action";
import { SECONDARY_BUTTON_CLASS } from "./labels";

/** Every message of next-safe-action's formatted validation errors ({ _errors, field: { _errors } }). */
function validationMessages(errors: unknown): string[] {
  if (!errors || typeof errors !== "object") return [];
  return Object.entries(errors).flatMap(([key, value]) => (key === "_errors" && Array.isArray(value) ? value.map(String) : validationMessages(value)));
}

/**
 * What went wrong when publishing: the server's message (a CONFLICT offers a reload) or, if the server's copy of
 * the schema refused input the browser accepted, its messages. MFA and sign-in are handled by useGuardedAction.
 */
export function PublishError({ serverError, validationErrors }: { serverError?: ActionError; validationErrors?: unknown }) {
  if (serverError && serverError.code !== "MFA_REQUIRED" && serverError.code !== "UNAUTHENTICATED") {
    return (
      <Notice tone="error" title={serverError.code === "CONFLICT" ? "A newer version was published" : "Not published"}>
        <p>{serverError.message}</p>
        {serverError.code === "CONFLICT" && (
          <button type="button" className={`mt-2 ${SECONDARY_BUTTON_CLASS}`} onClick={() => window.location.reload()}>
            Reload
          </button>
        )}
      </Notice>
    );
  }
  const messages = validationMessages(validationErrors);
  if (messages.length === 0) return null;
  return (
    <Notice tone="error" title="Not published">
      <ul className="list-disc pl-5">
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </Notice>
  );
}
