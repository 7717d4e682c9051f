// @ts-check
import { builtinModules } from "node:module";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Node's own modules: exact names, plus every `node:` specifier. */
const nodeBuiltins = { names: builtinModules.filter((name) => !name.startsWith("_")), patterns: ["node:*"] };

/**
 * Which process a file runs in decides what it may import (the layering rule). Each entry lists the
 * module patterns a layer must never import, with the reason ESLint prints.
 */
const layers = [
  {
    name: "contract",
    files: ["electron/contract/**"],
    forbidden: [
      { ...nodeBuiltins, message: "The contract is pure TypeScript: it runs in every process, the renderer included." },
      { names: ["electron", "node-llama-cpp", "react", "react-dom"], message: "The contract imports only zod." },
      { patterns: ["**/engine/**", "**/main/**", "**/services/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "The contract depends on no process." },
    ],
  },
  {
    name: "engine",
    files: ["electron/engine/**"],
    forbidden: [
      { names: ["electron"], message: "The engine runs in a utility process: it never touches Electron or the window." },
      { patterns: ["**/main/**", "**/services/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "The engine talks to main only through the contract." },
    ],
  },
  {
    name: "services",
    files: ["electron/services/**"],
    forbidden: [
      { names: ["electron"], message: "Services are plain Node modules, testable without Electron: inject what Electron provides." },
      { names: ["node-llama-cpp"], message: "Only the engine loads node-llama-cpp (its native code must never run in main)." },
      { patterns: ["**/engine/**", "**/main/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "Services depend only on the contract and each other." },
    ],
  },
  {
    name: "main",
    files: ["electron/main/**"],
    forbidden: [
      { names: ["node-llama-cpp"], message: "Only the engine loads node-llama-cpp (its native code must never run in main)." },
      { patterns: ["**/engine/**", "!**/engine/gguf-toolkit.ts", "**/preload/**", "**/host/**", "**/renderer/**"], message: "Main reaches the engine through the supervisor and the renderer through the contract." },
    ],
  },
  {
    name: "host",
    files: ["electron/host/**"],
    forbidden: [
      { names: ["electron"], message: "The browser host runs under plain Node." },
      { names: ["node-llama-cpp"], message: "Only the engine loads node-llama-cpp." },
      { patterns: ["**/engine/**", "!**/engine/gguf-toolkit.ts", "**/main/**", "**/preload/**", "**/renderer/**"], message: "The host serves the same services as main, through the contract." },
    ],
  },
  {
    name: "preload",
    files: ["electron/preload/**"],
    forbidden: [
      { ...nodeBuiltins, message: "The preload is sandboxed: no Node modules." },
      { names: ["node-llama-cpp", "zod"], message: "The preload only relays messages; main validates them." },
      { patterns: ["**/engine/**", "**/main/**", "**/services/**", "**/host/**", "**/renderer/**"], message: "The preload depends only on the contract's names." },
    ],
  },
  {
    name: "renderer",
    files: ["renderer/**"],
    forbidden: [
      { ...nodeBuiltins, message: "The renderer is a sandboxed web page: no Node modules." },
      { names: ["electron", "node-llama-cpp"], message: "The renderer talks to main only through the preload's API object." },
      { patterns: ["**/electron/engine/**", "**/electron/main/**", "**/electron/services/**", "**/electron/preload/**", "**/electron/host/**"], message: "The renderer may import only the contract from electron/." },
    ],
  },
];

/** @param {{names?: string[], patterns?: string[], message: string}[]} forbidden */
function restrictedImports(forbidden) {
  return {
    paths: forbidden.flatMap(({ names = [], message }) => names.map((name) => ({ name, message }))),
    patterns: forbidden.filter(({ patterns }) => patterns).map(({ patterns, message }) => ({ group: patterns ?? [], message })),
  };
}

export const layeringConfigs = layers.map(({ name, files, forbidden }) => ({
  name: `layering/${name}`,
  files: files.map((folder) => `${folder}/*.{ts,tsx}`),
  rules: { "no-restricted-imports": ["error", restrictedImports(forbidden)] },
}));

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "dist-electron/", "release/", "bench/results/", "bench/_scratch/", "test-results/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-syntax": ["error", { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only']", message: "No .only: it silently skips the rest of the suite." }],
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
  ...layeringConfigs,
);
