// @ts-check
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { layers } from "./tools/lint/layers.js";
import { layeringRule } from "./tools/lint/layering-rule.js";

const noOnly = { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only']", message: "No .only: it silently skips the rest of the suite." };

/** The layering rule: one allowlist row per layer in tools/lint/layers.js, over every source file of the tree. */
const repoRoot = fileURLToPath(new URL(".", import.meta.url));
export const layeringConfig = {
  name: "layering",
  files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
  plugins: { layering: { rules: { "allowed-imports": layeringRule({ root: repoRoot, layers }) } } },
  rules: { "layering/allowed-imports": "error" },
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "dist-electron/", "release/", "bench/results/", "bench/_scratch/", "test-results/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-syntax": ["error", noOnly],
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    rules: { "no-undef": "off" },
  },
  {
    files: ["renderer/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  layeringConfig,
);
