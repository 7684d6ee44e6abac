/**
 * The client JavaScript each route ships (issue 9):
 *   npm run bench:client-js -- [--no-build]
 * Builds the portal if the build is older than the sources (as the other benchmarks do), then reads the build's
 * manifests (scripts/client-js.ts says which, and how that was checked against what the browser loads) and prints,
 * for every page route, the gzip bytes of the JS its first visit loads: shared (every route) + its own. Each chunk is
 * gzipped on its own with node:zlib at the default level. The dashboard routes are the figures `npm run bench`
 * reports; every route is in the results. The build is deterministic for the same sources, so --quick changes nothing.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_GROUP_ROLES } from "@/lib/dev-idp/launch";
import { DASHBOARD_ROUTES, measureClientJs } from "./client-js";
import { buildIfStale, ROOT, writeBenchResult } from "./support";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
  },
});

try {
  const nextDir = path.join(ROOT, ".next");
  if (values["no-build"]) {
    if (!existsSync(path.join(nextDir, "BUILD_ID"))) throw new Error("--no-build, but there is no production build (.next/BUILD_ID): run `npm run build` first");
  } else {
    // What the build needs to load the app's configuration; nothing is contacted.
    await buildIfStale({
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://build-only@127.0.0.1/lattice",
      AUTH_URL: process.env.AUTH_URL ?? "http://127.0.0.1:3000",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "build-only-secret-build-only-secret",
      AUTH_OIDC_ISSUER: process.env.AUTH_OIDC_ISSUER ?? "http://127.0.0.1:9/build-only",
      AUTH_OIDC_CLIENT_ID: process.env.AUTH_OIDC_CLIENT_ID ?? "lattice-build",
      AUTH_OIDC_CLIENT_SECRET: process.env.AUTH_OIDC_CLIENT_SECRET ?? "build-only",
      AUTH_GROUP_ROLES: process.env.AUTH_GROUP_ROLES ?? DEMO_GROUP_ROLES,
    });
  }
  const report = measureClientJs(nextDir);
  const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));
  console.log(`Client JS per route, gzip KB (shared by every route: ${kb(report.shared.gzipBytes)} KB in ${report.shared.files.length} chunks):`);
  console.table(
    report.routes.map((route) => ({
      route: route.route,
      dashboard: DASHBOARD_ROUTES.includes(route.route),
      totalGzipKb: kb(route.gzipBytes),
      ownGzipKb: kb(route.routeGzipBytes),
      chunks: route.files.length,
      rawKb: kb(route.rawBytes),
    })),
  );
  const missing = DASHBOARD_ROUTES.filter((route) => !report.routes.some((entry) => entry.route === route));
  if (missing.length > 0) throw new Error(`no build output for ${missing.join(", ")}: did a dashboard route move? (update DASHBOARD_ROUTES)`);
  writeBenchResult("clientJs", {
    generatedAt: new Date().toISOString(),
    quick: values.quick ?? false,
    method: "rootMainFiles (build-manifest.json) + entryJSFiles of the route's page_client-reference-manifest.js, each chunk gzipped (node:zlib, default level); polyfills (noModule) and dynamic imports not counted",
    dashboardRoutes: DASHBOARD_ROUTES,
    shared: { gzipBytes: report.shared.gzipBytes, files: report.shared.files },
    routes: report.routes,
  });
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}
