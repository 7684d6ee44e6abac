"use client";

import { useState } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * Text a person types that must survive the trip to confirm with MFA (the page reloads): kept in this tab's session
 * storage under `key` until `clear()`. Read only after hydration, so the server's and the browser's first render
 * agree.
 */
export function useSessionDraft(key: string): [text: string, setText: (text: string) => void, clear: () => void] {
  const hydrated = useHydrated();
  const [typed, setTyped] = useState<string | null>(null);
  const text = typed ?? (hydrated ? (sessionStorage.getItem(key) ?? "") : "");
  const setText = (next: string) => {
    setTyped(next);
    sessionStorage.setItem(key, next);
  };
  return [text, setText, () => sessionStorage.removeItem(key)];
}
