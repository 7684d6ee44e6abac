import { ESLint } from "eslint";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Proves the lint rules that keep imports flowing app → components → lib/<domain> → lib/core actually fire.
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function restrictedImportErrors(file: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-imports");
}

// The first lint loads the whole ESLint configuration (a few seconds on a busy 2-core machine).
describe("import direction", { timeout: 30_000 }, () => {
  it("forbids lib/core from importing a domain", async () => {
    expect(await restrictedImportErrors("lib/core/example.ts", 'import { x } from "@/lib/accounts/schema";\nexport const y = x;\n')).toHaveLength(1);
  });

  it("forbids lib/ from importing components or app", async () => {
    expect(await restrictedImportErrors("lib/accounts/example.ts", 'import { x } from "@/components/accounts/labels";\nexport const y = x;\n')).toHaveLength(1);
    expect(await restrictedImportErrors("lib/accounts/example.ts", 'import x from "@/app/page";\nexport const y = x;\n')).toHaveLength(1);
  });

  it("forbids components/ui from importing a domain", async () => {
    expect(await restrictedImportErrors("components/ui/example.ts", 'import { x } from "@/lib/accounts/schema";\nexport const y = x;\n')).toHaveLength(1);
  });

  it("allows the intended direction", async () => {
    expect(await restrictedImportErrors("lib/accounts/example.ts", 'import { db } from "@/lib/core/db";\nexport const y = db;\n')).toHaveLength(0);
    expect(await restrictedImportErrors("components/accounts/example.ts", 'import { x } from "@/lib/accounts/schema";\nexport const y = x;\n')).toHaveLength(0);
  });
});
