import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Imports flow one way: app → components → lib/<domain> → lib/core (see docs/architecture.md).
const noAppImports = { group: ["@/app/*", "@/app"], message: "Nothing imports from app/: it holds routes only." };
const noComponentImports = { group: ["@/components/*"], message: "lib/ must not import UI components." };
const noDomainImports = {
  group: ["@/lib/*", "!@/lib/core", "!@/lib/core/*"],
  message: "lib/core is infrastructure and must not import a domain.",
};
const noDeepRelative = { group: ["../../*"], message: "Use the @/ alias instead of climbing folders." };

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const config = [
  {
    ignores: [".next/**", "node_modules/**", "lib/core/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".lattice/**"],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-expect-error": "allow-with-description" }],
    },
  },
  { files: ["**/*.{ts,tsx,mts}"], rules: restrict(noDeepRelative, noAppImports) },
  { files: ["components/**"], rules: restrict(noDeepRelative, noAppImports) },
  {
    files: ["components/ui/**"],
    rules: restrict(noDeepRelative, noAppImports, {
      group: ["@/lib/*", "!@/lib/core", "!@/lib/core/*", "@/components/*", "!@/components/ui/*"],
      message: "components/ui holds domain-agnostic primitives: no domain imports.",
    }),
  },
  { files: ["lib/**"], rules: restrict(noDeepRelative, noAppImports, noComponentImports) },
  { files: ["lib/core/**"], rules: restrict(noDeepRelative, noAppImports, noComponentImports, noDomainImports) },
];

export default config;
