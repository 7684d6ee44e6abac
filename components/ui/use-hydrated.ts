"use client";

import { useSyncExternalStore } from "react";

const subscribeNever = () => () => {};

/**
 * False during server rendering and until React has hydrated. Buttons that run JavaScript stay disabled until
 * then, so an early click is never silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}
