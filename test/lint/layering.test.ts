// @vitest-environment node
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === "no-restricted-imports" || message.ruleId === "no-restricted-syntax")
    .map((message) => message.message);
}

describe("the layering rule", () => {
  it.each([
    ["renderer/src/leak.ts", 'import { readFile } from "node:fs/promises";\nexport const r = readFile;', /sandboxed web page/],
    ["renderer/src/leak.ts", 'import { ipcRenderer } from "electron";\nexport const r = ipcRenderer;', /preload's API object/],
    ["renderer/src/leak.ts", 'import { ChatService } from "../../electron/node/services/chat/chat-service.ts";\nexport const r = ChatService;', /only the contract/],
    ["electron/electron-main/leak.ts", 'import { getLlama } from "node-llama-cpp";\nexport const r = getLlama;', /Only the engine loads node-llama-cpp/],
    ["electron/node/services/leak.ts", 'import { app } from "electron";\nexport const r = app;', /plain Node modules/],
    ["electron/engine/leak.ts", 'import { BrowserWindow } from "electron";\nexport const r = BrowserWindow;', /never touches Electron/],
    ["electron/common/contract/leak.ts", 'import fs from "fs";\nexport const r = fs;', /pure TypeScript/],
    ["electron/electron-preload/leak.ts", 'import { z } from "zod";\nexport const r = z;', /main validates/],
    // The holes that once let node-llama-cpp's addon into main and the browser host:
    ["electron/node/host/leak.ts", 'import { ggufToolkit } from "../engine/gguf-toolkit.ts";\nexport const r = ggufToolkit;', /through the contract/],
    ["electron/electron-main/leak.ts", 'import { GgufInsights } from "node-llama-cpp/dist/gguf/insights/GgufInsights.js";\nexport const r = GgufInsights;', /Only the engine loads node-llama-cpp/],
    ["electron/electron-main/leak.ts", 'export const r = await import("node-llama-cpp");', /Dynamic imports follow the layering rule too: Only the engine loads node-llama-cpp/],
    ["electron/electron-main/leak.ts", 'export const r = await import("../engine/engine.ts");', /Dynamic imports follow the layering rule too/],
    ["electron/electron-main/leak.ts", 'const name = "node-llama-cpp";\nexport const r = await import(name);', /Name the module literally/],
    ["electron/node/services/leak.ts", 'export const r = await import("@node-llama-cpp/linux-x64");', /Only the engine loads node-llama-cpp/],
    ["electron/node/gguf/leak.ts", 'import { readGgufFileInfo } from "node-llama-cpp";\nexport const r = readGgufFileInfo;', /our own bounded one/],
  ])("rejects a cross-layer import in %s", async (filePath, code, reason) => {
    const errors = await importErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(reason);
  });

  it.each([
    ["renderer/src/ok.ts", 'import { appContract } from "../../electron/common/contract/app-contract.ts";\nexport const r = appContract;'],
    ["electron/engine/ok.ts", 'import { getLlama } from "node-llama-cpp";\nexport const r = getLlama;'],
    ["electron/electron-main/ok.ts", 'import { app } from "electron";\nexport const r = app;'],
    ["electron/common/contract/ok.ts", 'import { z } from "zod";\nexport const r = z;'],
    ["electron/node/services/ok.ts", 'import { inspectGguf } from "../gguf/inspect.ts";\nexport const r = inspectGguf;'],
    ["electron/engine/ok.ts", 'export const r = await import("../gguf/inspect.ts");'],
  ])("allows the imports %s is meant to make", async (filePath, code) => {
    expect(await importErrors(filePath, code)).toEqual([]);
  });
});
