// @ts-check
import { builtinModules } from "node:module";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Node's own modules: exact names, plus every `node:` specifier. */
const nodeBuiltins = { names: builtinModules.filter((name) => !name.startsWith("_")), patterns: ["node:*"] };
/** node-llama-cpp and its deep paths (`node-llama-cpp/dist/...`) and platform packages: its native addon. */
const nodeLlamaCpp = { names: ["node-llama-cpp"], patterns: ["node-llama-cpp/*", "@node-llama-cpp/*"] };

/**
 * Which process a file runs in decides what it may import (the layering rule). Each entry lists the
 * module patterns a layer must never import, with the reason ESLint prints.
 */
const layers = [
  {
    name: "contract",
    files: ["electron/common/contract/**"],
    forbidden: [
      { ...nodeBuiltins, message: "The contract is pure TypeScript: it runs in every process, the renderer included." },
      { names: ["electron", "react", "react-dom"], message: "The contract imports only zod." },
      { ...nodeLlamaCpp, message: "The contract imports only zod." },
      { patterns: ["**/engine/**", "**/gguf/**", "**/main/**", "**/services/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "The contract depends on no process." },
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
    name: "gguf",
    files: ["electron/node/gguf/**"],
    forbidden: [
      { names: ["electron"], message: "The GGUF reader is plain Node: it runs in a worker thread of main, the host or the engine." },
      { ...nodeLlamaCpp, message: "The GGUF reader is our own bounded one: node-llama-cpp's is not made for untrusted files." },
      { patterns: ["**/engine/**", "**/main/**", "**/services/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "The GGUF reader depends only on the contract." },
    ],
  },
  {
    name: "services",
    files: ["electron/node/services/**"],
    forbidden: [
      { names: ["electron"], message: "Services are plain Node modules, testable without Electron: inject what Electron provides." },
      { ...nodeLlamaCpp, message: "Only the engine loads node-llama-cpp (its native code must never run in main)." },
      { patterns: ["**/engine/**", "**/main/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "Services depend only on the contract, the GGUF reader and each other." },
    ],
  },
  {
    name: "main",
    files: ["electron/electron-main/**"],
    forbidden: [
      { ...nodeLlamaCpp, message: "Only the engine loads node-llama-cpp (its native code must never run in main)." },
      { patterns: ["**/engine/**", "**/preload/**", "**/host/**", "**/renderer/**"], message: "Main reaches the engine through the supervisor and the renderer through the contract." },
    ],
  },
  {
    name: "host",
    files: ["electron/node/host/**"],
    forbidden: [
      { names: ["electron"], message: "The browser host runs under plain Node." },
      { ...nodeLlamaCpp, message: "Only the engine loads node-llama-cpp." },
      { patterns: ["**/engine/**", "**/main/**", "**/preload/**", "**/renderer/**"], message: "The host serves the same services as main, through the contract." },
    ],
  },
  {
    name: "preload",
    files: ["electron/electron-preload/**"],
    forbidden: [
      { ...nodeBuiltins, message: "The preload is sandboxed: no Node modules." },
      { names: ["zod"], message: "The preload only relays messages; main validates them." },
      { ...nodeLlamaCpp, message: "The preload only relays messages; main validates them." },
      { patterns: ["**/engine/**", "**/gguf/**", "**/main/**", "**/services/**", "**/host/**", "**/renderer/**"], message: "The preload depends only on the contract's names." },
    ],
  },
  {
    name: "renderer",
    files: ["renderer/**"],
    forbidden: [
      { ...nodeBuiltins, message: "The renderer is a sandboxed web page: no Node modules." },
      { names: ["electron"], message: "The renderer talks to main only through the preload's API object." },
      { ...nodeLlamaCpp, message: "The renderer talks to main only through the preload's API object." },
      { patterns: ["**/electron/engine/**", "**/electron/node/gguf/**", "**/electron/electron-main/**", "**/electron/node/services/**", "**/electron/electron-preload/**", "**/electron/node/host/**"], message: "The renderer may import only the contract from electron/." },
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

const noOnly = { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name='only']", message: "No .only: it silently skips the rest of the suite." };

/**
 * `no-restricted-imports` sees only static imports and re-exports: `import()` and `require()` are checked here. A
 * dynamic import must name its module literally (anything else can't be checked), and that name must not be a
 * forbidden package (deep paths included) or reach a forbidden folder.
 * @param {{names?: string[], patterns?: string[], message: string}[]} forbidden
 */
function restrictedDynamicImports(forbidden) {
  const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const alternatives = forbidden.flatMap(({ names = [], patterns = [] }) => [
    ...names.map((name) => `^${escape(name)}(/|$)`),
    ...patterns.filter((pattern) => !pattern.startsWith("!")).map((pattern) =>
      pattern.startsWith("**/") ? `(^|/)${escape(pattern.slice(3).replace(/\/\*\*$/, ""))}/` : `^${escape(pattern.replace(/\/?\*$/, ""))}`,
    ),
  ]);
  const forbiddenSource = `/${alternatives.join("|").replaceAll("/", "\\/")}/`;
  const message = `Dynamic imports follow the layering rule too: ${forbidden.map(({ message }) => message).join(" ")}`;
  return [
    noOnly,
    { selector: "ImportExpression > :not(Literal).source", message: "Name the module literally in import(), so the layering rule can check it." },
    { selector: `ImportExpression > Literal.source[value=${forbiddenSource}]`, message },
    { selector: `CallExpression[callee.name='require'] > Literal.arguments[value=${forbiddenSource}]`, message },
  ];
}

export const layeringConfigs = layers.map(({ name, files, forbidden }) => ({
  name: `layering/${name}`,
  files: files.map((folder) => `${folder}/*.{ts,tsx}`),
  rules: {
    "no-restricted-imports": ["error", restrictedImports(forbidden)],
    "no-restricted-syntax": ["error", ...restrictedDynamicImports(forbidden)],
  },
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
  ...layeringConfigs,
);
