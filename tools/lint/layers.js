// @ts-check
/**
 * The layering table: each row is a layer (the files of one runtime or one job), what it is for, and everything it
 * may import — our layers by name, packages by their exact specifier (a deep path such as `node-llama-cpp/dist/…`
 * is a different specifier and must be listed on its own), and "node builtins" for Node's own modules. Anything not
 * in a row is an error, and so is a file in no row. tools/lint/layering-rule.js applies it; test/lint proves every
 * forbidden edge fails.
 *
 * Starting a thread or a process (a Worker, fork, utilityProcess) from a file path is not an import: the new runtime's
 * own files are checked against their own row.
 * @type {import("./layers.js").Layer[]}
 */

const node = "node builtins";
const common = ["electron/common", "electron/common/contract", "electron/common/rpc"];
const reactStack = ["react", "react-dom/client", "react-i18next", "i18next", "react-markdown", "lowlight", "hast", "hast-util-to-text", "unist-util-visit", "@tanstack/react-virtual"];

export const layers = [
  // The product: Electron's processes and the plain-Node code they run.
  { name: "electron/common/contract", files: ["electron/common/contract/"], why: "the contract (zod schemas and their types) runs in every process, the renderer's sandbox included.", may: [...common, "zod"] },
  { name: "electron/common/rpc", files: ["electron/common/rpc/"], why: "the RPC runtime is pure TypeScript that runs in every process.", may: [...common, "zod"] },
  { name: "electron/common", files: ["electron/common/"], why: "code in electron/common runs in every process, the renderer's sandbox included.", may: [...common, "zod"] },
  { name: "electron/node/gguf", files: ["electron/node/gguf/"], why: "the GGUF reader is our own bounded one (node-llama-cpp's is not made for untrusted files) and runs in a worker thread of main, the host or the engine.", may: [...common, "electron/node/gguf", node] },
  { name: "electron/node/services", files: ["electron/node/services/"], why: "services are plain Node modules main and the browser host own: no Electron, and node-llama-cpp's native code only ever runs in the engine process; a chat may be answered by another machine through node/remote's HTTP clients.", may: [...common, "electron/node/gguf", "electron/node/remote", "electron/node/services", "models", node, "zod"] },
  { name: "electron/node/api", files: ["electron/node/api/"], why: "the local API is a plain-Node HTTP front of the same services.", may: [...common, "electron/node/services", "electron/node/api", "models", node, "zod"] },
  // Run by the .deb's launcher as plain Node under the packaged Electron binary (packaging/linux/edge-gemma-launcher).
  { name: "electron/node/headless", files: ["electron/node/headless/"], why: "the headless entry is the installed app without a window: the browser host and the API over the same services, under plain Node.", may: [...common, "electron/node/services", "electron/node/api", "electron/node/host", "electron/node/headless", "models", node] },
  { name: "electron/node/remote", files: ["electron/node/remote/"], why: "a remote backend is a plain-Node HTTP client of another machine's engine.", may: [...common, "electron/node/remote", node, "zod"] },
  // The host is in the package (for `edge-gemma --headless`); serve.ts, `npm run serve`, stays out of it
  // (tsconfig.electron.json), so only it may make --demo's tiny model with tools/make-model.
  { name: "electron/node/host", files: ["electron/node/host/"], why: "the browser host serves the same services as main under plain Node, and ships in the package.", may: [...common, "electron/node/services", "electron/node/api", "electron/node/remote", "electron/node/host", "models", "package.json", node, "ws"] },
  { name: "electron/node/host/serve.ts", files: ["electron/node/host/serve.ts"], why: "`npm run serve` starts the browser host for development and stays out of the package.", may: [...common, "electron/node/services", "electron/node/api", "electron/node/remote", "electron/node/host", "models", "tools", "package.json", node, "ws"] },
  { name: "electron/engine", files: ["electron/engine/"], why: "the engine runs under utilityProcess and child_process.fork: never Electron, and it talks to main only through the contract.", may: [...common, "electron/node/gguf", "electron/engine", node, "node-llama-cpp"] },
  { name: "electron/electron-main", files: ["electron/electron-main/"], why: "main is thin Electron glue around the plain-Node services; only the engine loads node-llama-cpp.", may: [...common, "electron/node/services", "electron/node/api", "electron/node/remote", "electron/electron-main", "models", node, "electron"] },
  { name: "electron/electron-preload", files: ["electron/electron-preload/"], why: "the preload is sandboxed and only relays messages by the contract's names; main validates them.", may: ["electron/common/contract", "electron"] },
  { name: "renderer", files: ["renderer/"], why: "the renderer is a sandboxed web page: it talks to main only through the preload's API object.", may: ["renderer", ...common, "zod", ...reactStack] },
  // Around the product: measuring, making, building and packaging it.
  { name: "bench", files: ["bench/"], why: "the benchmark drives the real engine, services, host and local API (through the official ollama client) under plain Node and the renderer through Chromium.", may: ["bench", ...common, "electron/node/gguf", "electron/node/services", "electron/node/host", "electron/node/api", "electron/engine", "models", "tools", "test/support", node, "node-llama-cpp", "node-llama-cpp/package.json", "playwright-core", "ws", "ollama"] },
  { name: "tools", files: ["tools/"], why: "tools are standalone Node programs.", may: ["tools", node] },
  // `npm start` finds the Electron binary next to electron/package.json (require.resolve).
  { name: "scripts", files: ["scripts/"], why: "scripts build, start and package the app from outside it.", may: ["scripts", "packaging", "test/package", node, "electron-builder", "electron/package.json"] },
  { name: "packaging", files: ["packaging/"], why: "packaging helpers are standalone Node programs.", may: ["packaging", node] },
  { name: "models", files: ["models/"], why: "the catalog is data with its schema.", may: ["models", "electron/common/contract", "zod"] },
  { name: "config", files: ["eslint.config.js", "vite.config.ts", "vite.preload.config.ts", "vitest.config.ts"], why: "the root config files configure the build and the checks.", may: ["tools", node, "@eslint/js", "eslint-plugin-react-hooks", "typescript-eslint", "vite", "@vitejs/plugin-react", "vitest/config"] },
  { name: "package.json", files: ["package.json"], why: "package.json is data.", may: [] },
  // Tests: each suite reaches only the runtime it tests.
  // The host's own tests start it with the e2e suite's launcher (test/e2e/support/host.ts); the API's tests talk to it
  // with the official ollama and openai clients.
  { name: "test", files: ["test/"], why: "Node-side tests exercise the plain-Node code, the engine and the tools; Electron, the preload and the renderer are tested elsewhere.", may: ["test", "test/support", ...common, "electron/node/gguf", "electron/node/services", "electron/node/api", "electron/node/remote", "electron/node/host", "electron/node/headless", "electron/engine", "models", "tools", "bench", "scripts", "test/e2e", "package.json", node, "node-llama-cpp", "zod", "ws", "vitest", "eslint", "ollama", "openai"] },
  { name: "test/support", files: ["test/support/"], why: "shared test helpers serve the Node-side suites and the e2e suite.", may: ["test/support", ...common, "electron/node/services", "models", "tools", node, "playwright-core", "ws", "vitest"] },
  { name: "test/renderer", files: ["test/renderer/"], why: "renderer tests run the web page in jsdom: main's behaviour comes from a stand-in built on main's own data, never from the engine or Electron.", may: ["test/renderer", "test/support", "renderer", ...common, "electron/node/services", "models", node, ...reactStack, "react-dom/server", "@testing-library/react", "axe-core", "vitest", "vite", "typescript"] },
  { name: "test/e2e", files: ["test/e2e/"], why: "end-to-end tests drive the app only from outside, through Chromium and its servers.", may: ["test/e2e", "test/support", "models", "tools", "package.json", node, "playwright-core", "axe-core", "ws", "vitest", "vitest/config"] },
  // The CPU-variant probe is copied into the installed app and loads that app's own node-llama-cpp.
  { name: "test/package", files: ["test/package/"], why: "package checks inspect the built .deb from outside.", may: ["test/package", node, "@electron/asar", "node-llama-cpp"] },
];
