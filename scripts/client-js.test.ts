import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { measureClientJs, routeOfManifestKey } from "./client-js";

let nextDir: string | undefined;
afterEach(() => {
  if (nextDir) rmSync(nextDir, { recursive: true, force: true });
  nextDir = undefined;
});

const chunk = (name: string) => `static/chunks/${name}.js`;
const CONTENT: Record<string, string> = {
  runtime: "runtime();".repeat(50),
  framework: "react();".repeat(200),
  layout: "layout();".repeat(80),
  tags: "tagsDashboard();".repeat(300),
  audit: "auditHistory();".repeat(40),
  polyfill: "polyfill();".repeat(500),
};

/** A tiny .next folder shaped like a Next 16 Turbopack build: two routes, a route group and an internal page. */
function fakeBuild(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lattice-client-js-"));
  mkdirSync(path.join(dir, "static", "chunks"), { recursive: true });
  for (const [name, text] of Object.entries(CONTENT)) writeFileSync(path.join(dir, chunk(name)), text);
  writeFileSync(path.join(dir, "static", "chunks", "styles.css"), "body{}");
  writeFileSync(
    path.join(dir, "build-manifest.json"),
    JSON.stringify({ polyfillFiles: [chunk("polyfill")], rootMainFiles: [chunk("runtime"), chunk("framework")] }),
  );
  const manifest = (key: string, page: string[]) =>
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(key)}] = ${JSON.stringify({
      clientModules: {},
      entryCSSFiles: { "[project]/app/layout": [{ path: "static/chunks/styles.css", inlined: false }] },
      entryJSFiles: { "[project]/app/layout": [chunk("layout"), "static/chunks/styles.css"], [`[project]/app${key}`]: page },
    })};\n`;
  const write = (folder: string, key: string, page: string[]) => {
    mkdirSync(path.join(dir, "server", "app", folder), { recursive: true });
    writeFileSync(path.join(dir, "server", "app", folder, "page_client-reference-manifest.js"), manifest(key, page));
  };
  write("dashboards/tags", "/dashboards/tags/page", [chunk("layout"), chunk("tags")]);
  write("(main)/audit", "/(main)/audit/page", [chunk("layout"), chunk("audit")]);
  write("_not-found", "/_not-found/page", [chunk("layout")]);
  return dir;
}

describe("routeOfManifestKey", () => {
  it("drops the page suffix, route groups and parallel slots", () => {
    expect(routeOfManifestKey("/dashboards/tags/page")).toBe("/dashboards/tags");
    expect(routeOfManifestKey("/(main)/audit/page")).toBe("/audit");
    expect(routeOfManifestKey("/page")).toBe("/");
  });
});

describe("measureClientJs", () => {
  it("sums the gzip sizes of the root main files and the route's entry chunks, without polyfills or CSS", () => {
    nextDir = fakeBuild();
    const gz = (name: string) => gzipSync(CONTENT[name]!).length;
    const report = measureClientJs(nextDir);

    expect(report.routes.map((route) => route.route)).toEqual(["/audit", "/dashboards/tags"]);
    expect(report.shared.files).toEqual([chunk("framework"), chunk("layout"), chunk("runtime")]);
    const shared = gz("runtime") + gz("framework") + gz("layout");
    expect(report.shared.gzipBytes).toBe(shared);

    const tags = report.routes.find((route) => route.route === "/dashboards/tags")!;
    expect(tags.files).toEqual([chunk("framework"), chunk("layout"), chunk("runtime"), chunk("tags")]);
    expect(tags.gzipBytes).toBe(shared + gz("tags"));
    expect(tags.sharedGzipBytes).toBe(shared);
    expect(tags.routeGzipBytes).toBe(gz("tags"));
    expect(tags.rawBytes).toBe(CONTENT.runtime!.length + CONTENT.framework!.length + CONTENT.layout!.length + CONTENT.tags!.length);

    const audit = report.routes.find((route) => route.route === "/audit")!;
    expect(audit.routeGzipBytes).toBe(gz("audit"));
  });

  it("fails clearly when the folder holds no App Router build", () => {
    nextDir = mkdtempSync(path.join(os.tmpdir(), "lattice-client-js-"));
    mkdirSync(path.join(nextDir, "server", "app"), { recursive: true });
    writeFileSync(path.join(nextDir, "build-manifest.json"), "{}");
    expect(() => measureClientJs(nextDir!)).toThrow(/no page_client-reference-manifest\.js/);
  });
});
