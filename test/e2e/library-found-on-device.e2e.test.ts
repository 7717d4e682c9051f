import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { writeOllamaModel } from "../support/local-stores.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { LibraryPage } from "./support/library.ts";
import { expectVisible } from "./support/wait.ts";
import { saveScreenshot } from "./support/screenshots.ts";

/**
 * Someone who followed the seed's tutorial has `gemma2:2b` in Ollama's folder. Here that folder is a fake one laid
 * out exactly as Ollama lays it out (test/support/local-stores.ts), named by $OLLAMA_MODELS as Ollama reads it; the
 * generated tiny Gemma 2 plays the weights. The Library shows it as found on this Pi, uses it where it lies (no
 * copy), chats with it, and removing it from the library leaves Ollama's file alone.
 */
describe("a model already in Ollama's folder, used in place", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;
  let library: LibraryPage;
  let storeDir: string;
  let ollamaRoot: string;
  let blobPath: string;
  const modelId = "ollama-gemma2-2b.gguf";

  beforeAll(async () => {
    storeDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-ollama-store-"));
    ollamaRoot = path.join(storeDir, "ollama-models");
    const gguf = await readFile(await ensureTestModel("q4_0"));
    ({ blobPath } = await writeOllamaModel(ollamaRoot, { model: "gemma2", tag: "2b", gguf }));
    [browser, host] = await Promise.all([
      launchBrowser(),
      startHost({ env: { OLLAMA_MODELS: ollamaRoot, HF_HUB_CACHE: path.join(storeDir, "empty-hf-cache") } }),
    ]);
    opened = await openApp(browser, host.url);
    library = new LibraryPage(opened.page);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  it("shows gemma2:2b as found on this Pi, with where it is", async () => {
    const { app, page } = opened;
    if ((await app.currentScreen()) !== "Library") await app.goTo("Library");
    const found = page.getByRole("region", { name: "Found on this Pi" });
    const item = found.getByRole("listitem", { name: "gemma2:2b", exact: true });
    await item.waitFor({ timeout: 30_000 });
    await expectVisible(item.getByText(`In Ollama's folder ${ollamaRoot}`, { exact: true }));
    await expectVisible(item.getByText("Q4_0", { exact: true }));
    await expectVisible(item.getByText(/^Used in place and read-only/));
    await found.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "library-found-on-this-pi-light");
  });

  it("uses it in place: checked, loaded, listed as found, and not copied", async () => {
    const { app, page } = opened;
    await page.getByRole("button", { name: "Use gemma2:2b in place", exact: true }).click();
    await app.expectStatus(readyStatus, modelLoadTimeoutMs);
    const installed = library.installedItem(modelId);
    await installed.waitFor({ timeout: 10_000 });
    await expectVisible(installed.getByText("Found on this Pi: gemma2:2b in Ollama's folder, used in place", { exact: true }));
    await installed.getByText("Active", { exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole("region", { name: "Found on this Pi" }).count()).toBe(0);
    // Our models folder holds only the note about it: the weights stay in Ollama's blob.
    expect(await readdir(path.join(host!.dataDir, "models"))).toEqual([`${modelId}.json`]);
  });

  it("chats with it", async () => {
    const { app } = opened;
    await app.goTo("Chat");
    await app.send("Hello from Ollama's copy");
    await app.finishAnswer();
    expect((await app.messageText(app.lastAnswer())).length).toBeGreaterThan(0);
    expect(opened.errors()).toEqual([]);
  });

  it("Delete only forgets it: Ollama's file stays and is found again", async () => {
    const { app, page } = opened;
    await app.goTo("Library");
    const installed = library.installedItem(modelId);
    await installed.getByRole("button", { name: `Delete ${modelId}…`, exact: true }).click();
    await expectVisible(installed.getByText(/^Remove ollama-gemma2-2b\.gguf from the library\? The file stays at /));
    await installed.getByRole("button", { name: "Remove", exact: true }).click();
    await page.getByText(`Removed ${modelId} from the library.`, { exact: true }).waitFor({ timeout: 10_000 });
    expect((await stat(blobPath)).isFile()).toBe(true);
    await page.getByRole("region", { name: "Found on this Pi" }).getByRole("listitem", { name: "gemma2:2b", exact: true }).waitFor({ timeout: 30_000 });
  });
});
