import { access, stat } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { generatingStatus, loadingStatus, modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { catalogNames, fitVerdict, LibraryPage } from "./support/library.ts";
import { expectVisible } from "./support/wait.ts";
import { saveScreenshot } from "./support/screenshots.ts";

/**
 * A first start as a new user has it: no `--demo`, an empty data dir, no model anywhere. The Library
 * (catalog + fit on this device) is where a model comes from; here the model comes from the import
 * form of the browser host: the generated tiny Gemma 2 is copied in, chosen, loaded and chatted with.
 */
describe("first start without a model: the Library, then importing a generated model", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;
  let library: LibraryPage;
  let modelPath: string;
  let modelId: string;

  beforeAll(async () => {
    [browser, host, modelPath] = await Promise.all([launchBrowser(), startHost(), ensureTestModel("q4_0")]);
    modelId = path.basename(modelPath);
    opened = await openApp(browser, host.url);
    library = new LibraryPage(opened.page);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
  });

  it("points the user to the Library, which lists the catalog with the fit of every file on this device", async () => {
    const { app, page } = opened;
    await app.expectStatus(/^No model loaded$/);
    // The app shows Chat until the settings arrive, then, on a first start, turns to the Library.
    await expect.poll(() => app.currentScreen(), { timeout: 15_000 }).toBe("Library");
    // Chat, meanwhile, says there is no model and refuses to send.
    await app.goTo("Chat");
    await page.getByText(/^No model is loaded\./).waitFor({ state: "visible" });
    expect(await app.messageBox.getAttribute("placeholder")).toBe("Open a model to start chatting");
    await app.messageBox.fill("Hello");
    expect(await app.sendButton.isEnabled()).toBe(false);
    await app.messageBox.fill("");
    await app.goTo("Library");
    await library.screen.waitFor({ state: "visible" });
    await library.waitForCatalog();

    expect(await library.catalogItems.allTextContents()).toHaveLength(catalogNames.length);
    for (const name of catalogNames) {
      const item = library.catalogItem(name);
      expect(await library.fitVerdict(item).textContent(), `${name}'s fit`).toMatch(fitVerdict);
      // The figures behind the verdict: "Needs 2.4 GB of 18.0 GB available (24.6 GB total) at 8,192 tokens of context."
      expect(await item.getByText(/^Needs \d+(\.\d)? GB of .* at [\d,]+ tokens of context\.$/).count(), `${name}'s figures`).toBe(1);
      expect(await library.downloadButton(name).isEnabled(), `${name}'s Download`).toBe(true);
    }
    // One file is recommended, or the Library says plainly that none fits this device's RAM.
    const recommended = await page.getByText(/^Recommended for this device: Gemma 2 (2B|9B) IT · /).count();
    const noneFits = await page.getByText(/^None of these fits comfortably in this device's RAM/).count();
    expect(recommended + noneFits).toBe(1);
    await expectVisible(library.installed.getByText("No models yet. Download one above, or import a GGUF file you already have."));
    // The browser host cannot open a file dialog: it says the file must be on the device and asks for its path.
    await expectVisible(library.importForm.getByText(/the file must already be on the device running Edge Gemma/));
    expect(await library.importForm.getByRole("button", { name: "Choose file…" }).count()).toBe(0);

    await saveScreenshot(page, "library-first-start-light", { whole: true });
    await expectAccessible(page, "Library on first start (light)");
  });

  it("imports the generated model by path (a copy): it is listed under Installed models", async () => {
    const { page } = opened;
    await library.importPath.fill(modelPath);
    expect(await library.importCopyMode.isChecked()).toBe(true);
    await library.importButton.click();

    await page.getByText(`Imported ${modelId}.`, { exact: true }).waitFor({ timeout: 30_000 });
    const item = library.installedItem(modelId);
    await item.waitFor({ timeout: 10_000 });
    await expectVisible(item.getByText("Imported (copied into the models folder)", { exact: true }));
    await expectVisible(item.getByText("Q4_0", { exact: true }));
    // A copy, byte for byte the size of the original, in the data dir's models folder.
    const copied = path.join(host!.dataDir, "models", modelId);
    await access(copied);
    expect((await stat(copied)).size).toBe((await stat(modelPath)).size);
    await library.importForm.scrollIntoViewIfNeeded();
    await saveScreenshot(page, "library-imported-light");
  });

  it("Use loads it: the status bar shows it loading, then ready with the model's name", async () => {
    const { app } = opened;
    const historyBefore = (await app.statusHistory()).length;
    await library.useInstalledButton(modelId).click();
    await app.expectStatus(readyStatus, modelLoadTimeoutMs);
    const history = (await app.statusHistory()).slice(historyBefore);
    expect(history.slice(0, history.findIndex((text) => readyStatus.test(text))), `status bar texts: ${JSON.stringify(history)}`).toContainEqual(
      expect.stringMatching(loadingStatus),
    );
    // "Use" takes the user to the chat, where the model is wanted; the Library marks it Active.
    expect(await app.currentScreen()).toBe("Chat");
    await app.goTo("Library");
    await library.installedItem(modelId).getByText("Active", { exact: true }).waitFor({ timeout: 10_000 });
    await expectVisible(library.installedItem(modelId).getByRole("button", { name: `Stop using ${modelId}` }));
  });

  it("answers in the chat: the answer streams in", async () => {
    const { app } = opened;
    await app.goTo("Chat");
    await expect.poll(() => app.messageBox.getAttribute("placeholder")).toMatch(/^Message Gemma…/);
    const growth = await app.recordAnswerGrowth();
    await app.send("Hello, who are you?");
    await expect.poll(() => app.messageText(app.messages("You").last())).toBe("Hello, who are you?");
    // Several intermediate lengths of the answer, each seen while it was still being generated.
    await expect
      .poll(async () => new Set((await growth.samples()).filter((s) => s.generating && s.length > 0).map((s) => s.length)).size, {
        timeout: 60_000,
        message: "the answer should be seen growing",
      })
      .toBeGreaterThanOrEqual(3);
    expect((await app.statusHistory()).some((text) => generatingStatus.test(text))).toBe(true);
    await app.finishAnswer();
    await app.expectStatus(readyStatus);
    expect((await app.messageText(app.lastAnswer())).length).toBeGreaterThan(0);
    expect(opened.errors()).toEqual([]);
  });
});
