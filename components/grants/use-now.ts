"use client";

import { useSyncExternalStore } from "react";

const TICK_MS = 15_000;

// One clock for every countdown on the page; React re-reads it after subscribing, so a component mounted long after
// this module loaded starts from the current time.
let now = Date.now();

function subscribe(onTick: () => void) {
  now = Date.now();
  const timer = setInterval(() => {
    now = Date.now();
    onTick();
  }, TICK_MS);
  return () => clearInterval(timer);
}

/**
 * The current time in milliseconds, refreshed every 15 seconds, for countdowns; null while rendering on the server
 * and until hydration, so the server's and the browser's first render agree.
 */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => null,
  );
}
