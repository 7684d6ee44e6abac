"use client";

import { Menu, X } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu, type SignedInPerson } from "./user-menu";

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 text-base font-semibold tracking-tight">
      <span aria-hidden className="grid size-7 place-items-center rounded-md bg-sky-600 text-white">
        L
      </span>
      Lattice
    </Link>
  );
}

/** Sidebar navigation on wide screens, a menu button on narrow ones. Signed-out visitors see only the brand. */
export function AppShell({ person, children }: { person: SignedInPerson | null; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className={person ? "min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]" : "min-h-dvh"}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      {person && (
        <aside className="hidden border-r border-slate-200 bg-white px-3 py-4 lg:flex lg:flex-col lg:gap-6 dark:border-slate-800 dark:bg-slate-900">
          <div className="px-3">
            <Brand />
          </div>
          <nav aria-label="Main">
            <NavLinks roles={person.roles} />
          </nav>
          <div className="mt-auto space-y-3">
            <UserMenu person={person} />
            <ThemeToggle />
          </div>
        </aside>
      )}

      <div className="flex min-w-0 flex-col">
        <header
          className={`flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900 ${person ? "lg:hidden" : ""}`}
        >
          <Brand />
          <div className="flex items-center gap-2">
            <ThemeToggle />
            {person && (
              <button
                type="button"
                className="rounded-md p-2 hover:bg-slate-100 dark:hover:bg-slate-800"
                aria-expanded={menuOpen}
                aria-controls="mobile-nav"
                aria-label={menuOpen ? "Close menu" : "Open menu"}
                onClick={() => setMenuOpen((open) => !open)}
              >
                {menuOpen ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
              </button>
            )}
          </div>
        </header>
        {person && menuOpen && (
          <nav id="mobile-nav" aria-label="Main" className="space-y-3 border-b border-slate-200 bg-white p-3 lg:hidden dark:border-slate-800 dark:bg-slate-900">
            <NavLinks roles={person.roles} onNavigate={() => setMenuOpen(false)} />
            <UserMenu person={person} />
          </nav>
        )}
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
