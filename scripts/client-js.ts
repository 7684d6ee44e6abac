// The client JavaScript each App Router route ships, read from a Next.js 16 (Turbopack) production build in .next.
//
// What a browser loads on a route's first visit, checked against the HTML of `next start` (Next 16.4.6):
//   - build-manifest.json `rootMainFiles`: the runtime and framework chunks, an async <script> on every page;
//   - the route's server/app/<route>/page_client-reference-manifest.js `entryJSFiles`: the chunks of every entry in
//     its tree (root and nested layouts, the page, and the error/not-found/forbidden/global-error boundaries), some
//     as <script> tags, the rest loaded when the RSC payload names their client components during hydration.
// The union of the two is exactly the set of chunks the HTML references, apart from `polyfillFiles`, which are
// `noModule` (modern browsers skip them) and are left out, as Next's own "First Load JS" did. Chunks behind a
// dynamic import() are loaded later, on demand, and are not counted either.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

export interface RouteClientJs {
  route: string;
  /** The chunks, relative to .next (e.g. static/chunks/abc.js), sorted. */
  files: string[];
  /** Each file gzipped on its own (node:zlib, default level), summed: what the browser downloads compressed. */
  gzipBytes: number;
  /** The part in chunks every route loads (the runtime, the root layout and its boundaries). */
  sharedGzipBytes: number;
  /** The rest: chunks this route loads that some other route does not. */
  routeGzipBytes: number;
  rawBytes: number;
}

export interface ClientJsReport {
  /** Chunks every route of the build loads, and their gzip total. */
  shared: { files: string[]; gzipBytes: number };
  routes: RouteClientJs[];
}

/** The dashboard-like routes whose client JS `npm run bench` reports: the dashboards, the account list, the
 * approvals queue and the audit history. */
export const DASHBOARD_ROUTES = ["/dashboards", "/dashboards/inventory", "/dashboards/ownership", "/dashboards/tags", "/accounts", "/approvals", "/audit"];

const MANIFEST = "page_client-reference-manifest.js";

/** "/dashboards/(group)/tags/page" → "/dashboards/tags"; "/page" → "/". */
export function routeOfManifestKey(key: string): string {
  const segments = key
    .replace(/\/page$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  return `/${segments.join("/")}`;
}

function findManifests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findManifests(full));
    else if (entry.name === MANIFEST) found.push(full);
  }
  return found;
}

/** Every page route of the build and the JS chunks (relative to .next) its first visit loads. */
export function readRouteChunks(nextDir: string): Map<string, string[]> {
  const buildManifest = JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const rootMain = buildManifest.rootMainFiles ?? [];
  const routes = new Map<string, string[]>();
  for (const file of findManifests(path.join(nextDir, "server", "app"))) {
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST[key]; our own build output, run in a bare context.
    const context: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
    vm.runInNewContext(readFileSync(file, "utf8"), context, { filename: file, timeout: 5_000 });
    for (const [key, manifest] of Object.entries(context.__RSC_MANIFEST ?? {})) {
      const route = routeOfManifestKey(key);
      // Next's internal pages (/_not-found, /_global-error) are not routes anyone visits on purpose.
      if (route.split("/").some((segment) => segment.startsWith("_"))) continue;
      const chunks = new Set(rootMain);
      for (const entryChunks of Object.values(manifest.entryJSFiles ?? {})) for (const chunk of entryChunks) chunks.add(chunk.replace(/^\/?_next\//, ""));
      routes.set(route, [...chunks].filter((chunk) => chunk.endsWith(".js")).sort());
    }
  }
  return routes;
}

/** Gzip sizes of every page route's first-visit JS, sorted by route. */
export function measureClientJs(nextDir: string): ClientJsReport {
  const routeChunks = readRouteChunks(nextDir);
  if (routeChunks.size === 0) throw new Error(`no ${MANIFEST} under ${path.join(nextDir, "server", "app")}: is this a Next.js App Router build?`);
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let size = sizes.get(file);
    if (!size) {
      const bytes = readFileSync(path.join(nextDir, file));
      size = { raw: bytes.length, gzip: gzipSync(bytes).length };
      sizes.set(file, size);
    }
    return size;
  };
  const all = [...routeChunks.values()];
  const shared = all[0]!.filter((file) => all.every((files) => files.includes(file)));
  const sum = (files: string[], pick: "raw" | "gzip") => files.reduce((total, file) => total + sizeOf(file)[pick], 0);
  const routes = [...routeChunks]
    .map(([route, files]) => ({
      route,
      files,
      gzipBytes: sum(files, "gzip"),
      sharedGzipBytes: sum(shared, "gzip"),
      routeGzipBytes: sum(
        files.filter((file) => !shared.includes(file)),
        "gzip",
      ),
      rawBytes: sum(files, "raw"),
    }))
    .sort((a, b) => a.route.localeCompare(b.route));
  return { shared: { files: shared, gzipBytes: sum(shared, "gzip") }, routes };
}
