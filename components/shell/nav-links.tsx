"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { QueueCountBadge } from "@/components/approvals/queue-count-badge";
import type { Role } from "@/lib/core/roles";
import { navItemsFor } from "./navigation";

export function NavLinks({ roles, onNavigate }: { roles: Role[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {navItemsFor(roles).map(({ href, label, icon: Icon }) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <li key={href} className="relative">
            <Link
              href={href}
              onClick={onNavigate}
              aria-current={current ? "page" : undefined}
              className={clsx(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-500",
                current
                  ? "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
              )}
            >
              <Icon aria-hidden className="size-4" />
              {label}
            </Link>
            {/* Beside the link, not in it: the link's name stays the area's name. */}
            {href === "/approvals" && <QueueCountBadge />}
          </li>
        );
      })}
    </ul>
  );
}
