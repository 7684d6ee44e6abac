import type { Metadata } from "next";
import localFont from "next/font/local";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/shell/providers";
import { DatabaseUnavailable } from "@/components/shell/database-unavailable";
import { getActor } from "@/lib/core/auth";
import { isDatabaseUnavailable } from "@/lib/core/errors";
import "./globals.css";

// Bundled from npm (@fontsource-variable/inter): no request to a font CDN, which would fail offline.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Lattice", template: "%s · Lattice" },
  description: "Governance portal for a Tencent Cloud multi-account matrix",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  // The shell only shows who is signed in; every page still checks access itself. Every page needs the database
  // for that, so an outage is reported here, on the server, instead of as a failed page.
  let actor;
  try {
    actor = await getActor();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    actor = "unavailable" as const;
  }
  const person = actor && actor !== "unavailable" ? { name: actor.name, email: actor.email, roles: actor.roles, mfa: actor.mfa } : null;
  return (
    // next-themes sets the theme class before hydration; React must not warn about that difference.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <body className="font-sans">
        <Providers nonce={nonce}>
          <AppShell person={person}>{actor === "unavailable" ? <DatabaseUnavailable /> : children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
