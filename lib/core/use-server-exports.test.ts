import { readFileSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";

// Everything a "use server" file exports becomes a public HTTP endpoint. They may export only actions built by
// defineAction (the authorization chain), so a helper can never become an unauthenticated endpoint by accident.
const root = path.resolve(import.meta.dirname, "../..");
const sources = globSync(["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"], { cwd: root, ignore: ["lib/core/generated/**"] });
const serverFiles = sources.filter((file) => /^\s*["']use server["']/.test(readFileSync(path.join(root, file), "utf8")));

/** Export statements of a module: `export const x = …`, `export function`, `export { … }`, `export default`. */
function exportsOf(source: string) {
  return [...source.matchAll(/^export\s+(default\s+)?(async\s+)?(const|let|var|function|class|\{|type|interface)?\s*([^\n]*)$/gm)].map((match) => match[0]);
}

describe('"use server" files', () => {
  it("exist (the check is not vacuous)", () => {
    expect(serverFiles.length).toBeGreaterThan(0);
  });

  it.each(serverFiles)("%s exports only defineAction(...) actions", (file) => {
    const source = readFileSync(path.join(root, file), "utf8");
    const offenders = exportsOf(source).filter((line) => !/^export const \w+ = defineAction\(\{$/.test(line));
    expect(offenders).toEqual([]);
  });

  it("recognises a forbidden export", () => {
    const offenders = exportsOf('"use server";\nexport async function leak() {}\nexport const ok = defineAction({\n').filter(
      (line) => !/^export const \w+ = defineAction\(\{$/.test(line),
    );
    expect(offenders).toEqual(["export async function leak() {}"]);
  });
});
