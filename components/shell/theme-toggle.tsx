"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";
import { useHydrated } from "@/components/ui/use-hydrated";

const NEXT_THEME = { system: "light", light: "dark", dark: "system" } as const;
const ICONS = { system: Monitor, light: Sun, dark: Moon } as const;


export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The stored theme is only known in the browser; render the neutral icon on the server.
  const mounted = useHydrated();
  const current = mounted && (theme === "light" || theme === "dark") ? theme : "system";
  const Icon = ICONS[current];
  return (
    <button
      type="button"
      disabled={!mounted}
      onClick={() => setTheme(NEXT_THEME[current])}
      className="inline-flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none dark:text-slate-300 dark:hover:bg-slate-800"
      aria-label={`Theme: ${current}. Switch to ${NEXT_THEME[current]}.`}
    >
      <Icon aria-hidden className="size-4" />
      <span className="capitalize">{current}</span>
    </button>
  );
}
