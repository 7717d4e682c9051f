import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { LibraryPage } from "./support/library.ts";

let browser: Browser | undefined;
let host: RunningHost | undefined;
let opened: OpenedApp | undefined;
let modelPath: string;

beforeAll(async () => {
  // LAN mode: the page gets the access token as a cookie, which the upload must carry like the WebSocket does.
  [browser, host, modelPath] = await Promise.all([launchBrowser(), startHost({ lan: true }), ensureTestModel("q4_0")]);
  opened = await openApp(browser, host.url);
});
afterAll(async () => {
  await opened?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await host?.stop();
});

describe("importing from a browser by uploading the file (Chromium, browser host in LAN mode)", () => {
  it("sends the model's bytes, which the host keeps once inspected: it is listed under Installed models", async () => {
    const { app, page } = opened!;
    await app.goTo("Library");
    const library = new LibraryPage(page);
    await library.importForm.getByLabel("Or send a file from this device").setInputFiles(modelPath);
    await library.importForm.getByRole("button", { name: "Upload", exact: true }).click();

    const modelId = path.basename(modelPath);
    await page.getByText(`Imported ${modelId}.`, { exact: true }).waitFor({ timeout: 60_000 });
    await library.installedItem(modelId).waitFor({ timeout: 10_000 });
    const kept = await readFile(path.join(host!.dataDir, "models", modelId));
    expect(kept.equals(await readFile(modelPath))).toBe(true);
    expect(opened!.errors()).toEqual([]);
  });
});
