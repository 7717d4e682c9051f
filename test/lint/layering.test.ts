// @vitest-environment node
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { layers } from "../../tools/lint/layers.js";

const eslint = new ESLint();
const codeLayers = layers.filter((layer) => layer.name !== "package.json");

/** A file of the layer, as a path to lint (it need not exist: ESLint lints the text we give it under that name). */
function fileIn(layer: (typeof layers)[number], name = "layering-probe.ts"): string {
  const entry = layer.files[0] ?? "";
  return entry.endsWith("/") ? `${entry}${name}` : entry;
}

function relativeSpecifier(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** The layering errors of a temporary file, by line. */
async function layeringErrors(filePath: string, code: string): Promise<Map<number, string>> {
  const [result] = await eslint.lintText(code, { filePath });
  const errors = new Map<number, string>();
  for (const message of result?.messages ?? []) {
    if (message.ruleId === "layering/allowed-imports") errors.set(message.line, message.message);
    else if (message.fatal) throw new Error(`${filePath}: ${message.message}`);
  }
  return errors;
}

/** Every package specifier any row names, Node's own modules, and packages no row names (deep paths included). */
const packageSpecifiers = [
  ...new Set([...layers.flatMap((layer) => layer.may.filter((target) => !layers.some((row) => row.name === target))), "left-pad", "node-llama-cpp/dist/gguf/insights/GgufInsights.js", "@node-llama-cpp/linux-x64", "electron/main", "zod/v4", "react-dom"]),
].map((name) => (name === "node builtins" ? "node:fs" : name));

describe("the layering rule", () => {
  it.each(codeLayers.map((layer) => [layer.name, layer] as const))("%s imports only the layers its row allows", async (_name, layer) => {
    const file = fileIn(layer);
    const targets = layers.filter((target) => target !== layer);
    const code = targets.map((target, index) => `import probe${index} from "${relativeSpecifier(file, fileIn(target, "target.ts"))}";`).join("\n");
    const errors = await layeringErrors(file, `${code}\nexport {};`);
    targets.forEach((target, index) => {
      const error = errors.get(index + 1);
      if (layer.may.includes(target.name)) expect(error, `${layer.name} → ${target.name}`).toBeUndefined();
      else expect(error, `${layer.name} → ${target.name}`).toContain(`${layer.name} may not import ${target.name} (`);
    });
  });

  it.each(codeLayers.map((layer) => [layer.name, layer] as const))("%s imports only the packages its row allows", async (_name, layer) => {
    const code = packageSpecifiers.map((specifier, index) => `import probe${index} from "${specifier}";`).join("\n");
    const errors = await layeringErrors(fileIn(layer), `${code}\nexport {};`);
    packageSpecifiers.forEach((specifier, index) => {
      const allowed = layer.may.includes(specifier) || (specifier === "node:fs" && layer.may.includes("node builtins"));
      const error = errors.get(index + 1);
      if (allowed) expect(error, `${layer.name} → ${specifier}`).toBeUndefined();
      else expect(error, `${layer.name} → ${specifier}`).toMatch(new RegExp(`^${layer.name} may not import (Node's )?${specifier.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
    });
  });

  it.each([
    ["import", 'import { getLlama } from "node-llama-cpp";\nexport const r = getLlama;'],
    ["import type", 'import type { Llama } from "node-llama-cpp";\nexport type R = Llama;'],
    ["a side-effect import", 'import "node-llama-cpp";'],
    ["export … from", 'export { getLlama } from "node-llama-cpp";'],
    ["export * from", 'export * from "node-llama-cpp";'],
    ["import()", 'export const r = await import("node-llama-cpp");'],
    ["import() of a template literal", "export const r = await import(`node-llama-cpp`);"],
    ["require()", 'export const r = require("node-llama-cpp");'],
    ["require.resolve()", 'export const r = require.resolve("node-llama-cpp");'],
    ["import x = require()", 'import llama = require("node-llama-cpp");\nexport const r = llama;'],
    ["an import() type", 'export type R = import("node-llama-cpp").Llama;'],
    ["vi.mock()", 'vi.mock("node-llama-cpp");'],
    ["a deep import", 'import { GgufInsights } from "node-llama-cpp/dist/gguf/insights/GgufInsights.js";\nexport const r = GgufInsights;'],
    ["a platform package", 'export const r = await import("@node-llama-cpp/linux-x64");'],
  ])("checks %s", async (_kind, code) => {
    const errors = await layeringErrors("renderer/src/leak.ts", code);
    expect([...errors.values()]).toEqual([expect.stringMatching(/^renderer may not import @?node-llama-cpp.*: the renderer is a sandboxed web page/)]);
  });

  it.each([
    ['const name = "node-llama-cpp";\nexport const r = await import(name);'],
    ['const name = "electron";\nexport const r = require(name);'],
    ['const suffix = "cpp";\nexport const r = await import(`node-llama-${suffix}`);'],
  ])("rejects a module it can't name: %s", async (code) => {
    const errors = await layeringErrors("electron/electron-main/leak.ts", code);
    expect([...errors.values()]).toEqual(["Name the module literally, so the layering rule can check it."]);
  });

  it.each([
    ["electron/electron-main/leak.ts", 'import { getLlama } from "../../node_modules/node-llama-cpp/dist/index.js";\nexport const r = getLlama;', /outside our source tree/],
    ["electron/electron-main/leak.ts", 'import { getLlama } from "/usr/lib/node_modules/node-llama-cpp/dist/index.js";\nexport const r = getLlama;', /not a module of ours or a package/],
    ["renderer/src/leak.ts", 'export const r = await import("https://example.com/module.js");', /not a module of ours or a package/],
    ["electron/node/services/leak.ts", 'import { notes } from "../../../docs/notes.ts";\nexport const r = notes;', /docs\/notes\.ts, which belongs to no layer/],
    ["electron/node/services/leak.ts", 'import { engine } from "../../engine";\nexport const r = engine;', /may not import electron\/engine/],
  ])("rejects an import that leaves the layers from %s", async (filePath, code, reason) => {
    expect([...(await layeringErrors(filePath, code)).values()]).toEqual([expect.stringMatching(reason)]);
  });

  it.each(["electron/node/unplanned/feature.ts", "electron/loose-file.ts", "docs/script.ts", "loose-root-script.mjs", "test.ts", "renderer-extras/page.tsx"])(
    "rejects a file that fits no layer: %s",
    async (filePath) => {
      expect([...(await layeringErrors(filePath, "export const r = 1;\n")).values()]).toEqual([expect.stringMatching(/belongs to no layer: add its folder to a row of tools\/lint\/layers\.js/)]);
    },
  );

  // What the table says, pinned by hand: the rows above prove the rule enforces the table; these prove the table.
  it("lets only main and the preload load Electron, and only the engine, the benchmark and tests load node-llama-cpp", () => {
    const importers = (target: string) => layers.filter((layer) => layer.may.includes(target)).map((layer) => layer.name);
    expect(importers("electron")).toEqual(["electron/electron-main", "electron/electron-preload"]);
    expect(importers("node-llama-cpp")).toEqual(["electron/engine", "bench", "test", "test/package"]);
    expect(layers.flatMap((layer) => layer.may).filter((target) => target.startsWith("node-llama-cpp/"))).toEqual(["node-llama-cpp/package.json"]);
    expect(importers("electron/engine")).toEqual(["electron/engine", "bench", "test"]);
    expect(importers("renderer")).toEqual(["renderer", "test/renderer"]);
    // The package ships electron/ but not tools/: only `npm run serve`'s entry (left out of the package) reaches them.
    expect(importers("tools").filter((name) => name.startsWith("electron/"))).toEqual(["electron/node/host/serve.ts"]);
  });

  it.each([
    ["electron/common/contract/leak.ts", 'import fs from "fs";\nexport const r = fs;', /the contract .* runs in every process/],
    ["electron/common/rpc/leak.ts", 'import { readFile } from "node:fs/promises";\nexport const r = readFile;', /Node's node:fs\/promises/],
    ["electron/node/gguf/leak.ts", 'import { readGgufFileInfo } from "node-llama-cpp";\nexport const r = readGgufFileInfo;', /our own bounded one/],
    ["electron/node/services/leak.ts", 'import { app } from "electron";\nexport const r = app;', /plain Node modules/],
    ["electron/node/host/leak.ts", 'import { ggufToolkit } from "../../engine/gguf-toolkit.ts";\nexport const r = ggufToolkit;', /may not import electron\/engine/],
    ["electron/engine/leak.ts", 'import { BrowserWindow } from "electron";\nexport const r = BrowserWindow;', /never Electron/],
    ["electron/electron-main/leak.ts", 'import { GgufInsights } from "node-llama-cpp/dist/gguf/insights/GgufInsights.js";\nexport const r = GgufInsights;', /only the engine loads node-llama-cpp/],
    ["electron/electron-preload/leak.ts", 'import { z } from "zod";\nexport const r = z;', /main validates them/],
    ["renderer/src/leak.ts", 'import { ChatService } from "../../electron/node/services/chat/chat-service.ts";\nexport const r = ChatService;', /may not import electron\/node\/services/],
    ["test/renderer/leak.test.ts", 'import { getLlama } from "node-llama-cpp";\nexport const r = getLlama;', /renderer tests run the web page in jsdom/],
    ["test/e2e/leak.e2e.test.ts", 'import { AppBackend } from "../../electron/node/services/app-backend.ts";\nexport const r = AppBackend;', /only from outside/],
    ["bench/leak.ts", 'import { app } from "electron";\nexport const r = app;', /bench may not import electron:/],
    ["tools/make-model/leak.ts", 'import { z } from "zod";\nexport const r = z;', /tools may not import zod/],
  ])("rejects %s's cross-layer import, saying why", async (filePath, code, reason) => {
    expect([...(await layeringErrors(filePath, code)).values()]).toEqual([expect.stringMatching(reason)]);
  });

  it.each([
    ["renderer/src/ok.ts", 'import { appContract } from "../../electron/common/contract/app-contract.ts";\nexport const r = appContract;'],
    ["electron/engine/ok.ts", 'import { getLlama } from "node-llama-cpp";\nexport const r = getLlama;'],
    ["electron/electron-main/ok.ts", 'import { app } from "electron";\nexport const r = app;'],
    ["electron/common/contract/ok.ts", 'import { z } from "zod";\nexport const r = z;'],
    ["electron/node/services/ok.ts", 'import { inspectGguf } from "../gguf/inspect.ts";\nexport const r = inspectGguf;'],
    ["electron/engine/ok.ts", 'export const r = await import("../node/gguf/inspect.ts");'],
    ["test/renderer/ok.test.tsx", 'import { render } from "@testing-library/react";\nimport { App } from "../../renderer/src/components/App/App.tsx";\nexport const r = [render, App];'],
    ["test/chats/ok.test.ts", 'import { ChatService } from "../../electron/node/services/chat/chat-service.ts";\nimport { it } from "vitest";\nexport const r = [ChatService, it];'],
    ["vite.config.ts", 'import { defineConfig } from "vite";\nexport default defineConfig({});'],
  ])("allows the imports %s is meant to make", async (filePath, code) => {
    expect([...(await layeringErrors(filePath, code)).values()]).toEqual([]);
  });
});
