import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import { startRegistryServer, type RegistryTestServer } from "../support/ollama-registry-server.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { repinnedCatalogJson } from "./support/catalog-file.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { catalogVariant, LibraryPage } from "./support/library.ts";
import { repoRoot } from "./support/paths.ts";
import { saveScreenshot } from "./support/screenshots.ts";
import { waitUntil, expectVisible } from "./support/wait.ts";

/** What the user reads in each language (renderer/src/i18n/locales/<lang>/*.json). */
const zh = {
  nav: "主导航",
  chat: "对话",
  library: "模型库",
  settings: "设置",
  theme: "主题",
  language: "语言",
  modelPicker: /^此对话使用的模型：这台树莓派 · /,
  presetPicker: "此对话使用的预设",
  exportMarkdown: "导出为 Markdown",
  chatSettings: "对话设置",
  exportJson: "导出为 JSON",
  meter: "此对话占用的上下文",
  folder: "模型文件夹",
} as const;
const meterText = /^≈[\d,]+ of [\d,]+ tokens · [\d,]+ kept free for the answer/;
const meterTextZh = /^约 [\d,]+ \/ [\d,]+ 个词元/;
const readyStatus = /^Ready · /;

/**
 * The acceptance story of issue 17: a new user's first hour, in Debian's Chromium against the real browser host
 * and engine. First start (empty data dir) → the Library (recommendation, models folder) → a download of the
 * recommended Q4_0 from a local Ollama-registry-like server → "Use this model" lands in the chat → an answer, with the context meter → a
 * preset for the chat → Settings in 简体中文 → the dark theme → export. Each step asserts what the user sees;
 * screenshots in English and 简体中文, light and dark (E2E_UPDATE_DOCS=1 copies them into docs/ for the README).
 */
describe("the first hour", () => {
  let registry: RegistryTestServer;
  let catalogFile: string | undefined;
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;
  let library: LibraryPage;
  const shots: string[] = [];

  const page = (): Page => opened.page;
  const shoot = async (name: string, options: { whole?: boolean } = {}) => void shots.push(await saveScreenshot(page(), `first-hour-${name}`, options));
  /** The chat header at the story's 1280×800: title, model and preset pickers, Export and the chat's settings side by side. */
  const expectHeaderOnOneLine = async (names: { model: RegExp; preset: string; markdown: string; json: string; settings: string }) => {
    const header = [
      page().getByRole("heading", { name: "Hello! What can you do on a Raspberry Pi?" }),
      page().getByRole("button", { name: names.model }),
      page().getByRole("combobox", { name: names.preset }),
      page().getByRole("button", { name: names.markdown }),
      page().getByRole("button", { name: names.json }),
      page().getByRole("button", { name: names.settings, exact: true }),
    ];
    const boxes = await Promise.all(header.map(async (control) => (await control.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 }));
    expect(page().viewportSize()).toEqual({ width: 1280, height: 800 });
    expect(Math.max(...boxes.map((box) => box.y)), "every control's top above every control's bottom: one row").toBeLessThan(Math.min(...boxes.map((box) => box.y + box.height)));
    for (const box of boxes) expect(box.height).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    const [server, modelPath, launched] = await Promise.all([startRegistryServer(), ensureTestModel("q4_0"), launchBrowser()]);
    registry = server;
    browser = launched;
    // The recommended Q4_0 is Ollama's gemma2:2b: served by a local registry, the catalog re-pinned to the generated file.
    const served = registry.addModel(catalogVariant.ollama.model, catalogVariant.ollama.tag, await readFile(modelPath));
    catalogFile = path.join(path.dirname(modelPath), `first-hour-catalog-${process.pid}.json`);
    await writeFile(catalogFile, JSON.stringify(repinnedCatalogJson(catalogVariant.id, served)));
    // Short answers from the random-weights model (it rarely ends on its own); everything else as shipped.
    host = await startHost({ catalogFile, settings: { network: { ollamaRegistry: registry.endpoint }, sampling: { maxTokens: 24 } } });
    opened = await openApp(browser, host.url, { colorScheme: "light" });
    library = new LibraryPage(opened.page);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    await registry?.close();
    if (catalogFile) await rm(catalogFile, { force: true });
    if (process.env["E2E_UPDATE_DOCS"] === "1") {
      await mkdir(path.join(repoRoot, "docs"), { recursive: true });
      for (const shot of shots) await copyFile(shot, path.join(repoRoot, "docs", path.basename(shot)));
    }
  });

  it("first start opens the Library: a recommendation, the models folder and what it takes", async () => {
    const { app } = opened;
    await app.expectStatus(/^No model loaded$/);
    await library.screen.waitFor({ state: "visible", timeout: 30_000 });
    expect(await app.currentScreen()).toBe("Library");
    await library.waitForCatalog();
    const folder = page().getByRole("region", { name: "Models folder" });
    // The folder panel asks main for its figures after the catalog arrives: wait for them, don't sample.
    await folder.getByText(path.join(host!.dataDir, "models"), { exact: true }).waitFor({ state: "visible" });
    await folder.getByText(/^Models take \d+ B · [\d.]+ GB free on this disk$/).waitFor({ state: "visible" });
    // A browser tab cannot open the device's file manager: it says where to look instead.
    expect(await folder.getByRole("button", { name: "Open folder" }).count()).toBe(0);
    await folder.getByText("Open this folder in the file manager on the device running Edge Gemma.").waitFor({ state: "visible" });
    // One "RAM available" figure: the banner and the device panel agree.
    const panelRam = await page()
      .getByRole("complementary", { name: "This device" })
      .locator("dt", { hasText: "RAM available" })
      .locator("xpath=following-sibling::dd[1]")
      .textContent();
    expect(panelRam).toMatch(/^\d+(\.\d)? GB$/);
    await expectVisible(page().getByText(`This device has ${panelRam} of `));
    await shoot("library-en-light");
  });

  it("downloads the Gemma 2 file from the (local) Ollama registry; Use this model opens the chat", async () => {
    const { app } = opened;
    const name = catalogVariant.name;
    await library.downloadButton(name).click();
    await library.acceptTermsButton(name).click();
    await library.useCatalogButton(name).waitFor({ timeout: 60_000 });
    await expectVisible(library.catalogItem(name).getByText("Installed", { exact: true }));
    await library.useCatalogButton(name).click();
    await waitUntil("the chat to be the current screen", () => app.currentScreen(), (screen) => screen === "Chat", { timeoutMs: 10_000 });
    await app.expectStatus(readyStatus, 120_000);
    expect(await app.messageBox.getAttribute("placeholder")).toMatch(/^Message Gemma…/);
  });

  it("answers, with the stats line and the context meter", async () => {
    const { app } = opened;
    await app.send("Hello! What can you do on a Raspberry Pi?");
    await app.finishAnswer(120_000);
    expect(await app.messageText(app.messages("You").last())).toBe("Hello! What can you do on a Raspberry Pi?");
    const meter = page().getByRole("group", { name: "Context used by this chat" });
    await waitUntil("the context meter", () => meter.textContent(), (text) => meterText.test(text ?? ""), { timeoutMs: 10_000 });
    // The chat is named after its first message.
    await expectVisible(page().getByRole("heading", { name: "Hello! What can you do on a Raspberry Pi?" }));
  });

  it("chooses the Precise preset for this chat; the next answer is made with it", async () => {
    const { app } = opened;
    const picker = page().getByRole("combobox", { name: "Preset for this chat" });
    expect(await picker.locator("option").allTextContents()).toEqual(["No preset", "Precise", "Balanced", "Creative", "Code"]);
    await picker.selectOption({ label: "Precise" });
    await waitUntil("the preset to be kept", () => picker.inputValue(), (value) => value === "precise", { timeoutMs: 5_000 });
    await app.send("Name three uses for a Pi.");
    await app.finishAnswer(120_000);
    await shoot("chat-en-light");
    await expectHeaderOnOneLine({ model: /^Model for this chat: This Pi · /, preset: "Preset for this chat", markdown: "Export as Markdown", json: "Export as JSON", settings: "Chat settings" });
    await expectAccessible(page(), "chat with a preset and the context meter (light)");
  });

  it("Settings in 简体中文: the whole app speaks Chinese, selects show their whole text", async () => {
    const { app } = opened;
    await app.goTo("Settings");
    const settings = page().getByRole("region", { name: "Settings", exact: true });
    await settings.getByRole("combobox", { name: "Language", exact: true }).selectOption("zh-CN");
    const nav = page().getByRole("navigation", { name: zh.nav });
    await nav.waitFor({ timeout: 5_000 });
    expect(await page().evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    const zhSettings = page().getByRole("region", { name: zh.settings, exact: true });
    // The context-overflow select: both real choices, neither clipped.
    const overflow = zhSettings.getByRole("combobox", { name: "对话超出上下文长度时" });
    expect(await overflow.locator("option").allTextContents()).toEqual(["舍弃最早的消息", "停止并提示开始新对话"]);
    expect(await overflow.evaluate((select: HTMLSelectElement) => select.scrollWidth <= select.clientWidth + 1)).toBe(true);
    await shoot("settings-zh-CN-light", { whole: true });
  });

  it("the dark theme, in Chinese and in English", async () => {
    await page().getByRole("region", { name: zh.settings, exact: true }).getByRole("combobox", { name: zh.theme, exact: true }).selectOption("dark");
    await waitUntil("the dark theme", () => page().evaluate(() => document.documentElement.dataset["theme"]), (theme) => theme === "dark", { timeoutMs: 5_000 });
    const nav = page().getByRole("navigation", { name: zh.nav });
    await nav.getByRole("button", { name: zh.chat, exact: true }).click();
    const meter = page().getByRole("group", { name: zh.meter });
    await waitUntil("the meter in Chinese", () => meter.textContent(), (text) => meterTextZh.test(text ?? ""), { timeoutMs: 10_000 });
    expect(await page().getByRole("combobox", { name: zh.presetPicker }).inputValue()).toBe("precise");
    await shoot("chat-zh-CN-dark");
    await expectHeaderOnOneLine({ model: zh.modelPicker, preset: zh.presetPicker, markdown: zh.exportMarkdown, json: zh.exportJson, settings: zh.chatSettings });
    await nav.getByRole("button", { name: zh.library, exact: true }).click();
    await page().getByRole("region", { name: zh.folder }).waitFor({ timeout: 10_000 });
    await shoot("library-zh-CN-dark");

    await nav.getByRole("button", { name: zh.settings, exact: true }).click();
    await page().getByRole("region", { name: zh.settings, exact: true }).getByRole("combobox", { name: zh.language, exact: true }).selectOption("en");
    await opened.app.goTo("Chat");
    await shoot("chat-en-dark");
    await expectAccessible(page(), "chat (dark)");
  });

  it("exports the chat: both messages, and the second answer made with the Precise preset's sampling", async () => {
    const [download] = await Promise.all([page().waitForEvent("download"), page().getByRole("button", { name: "Export as JSON" }).click()]);
    const exported = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as {
      title: string;
      messages: { role: string; text: string; settings: { temperature?: number; topP?: number } | null }[];
    };
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    expect(exported.messages.filter((message) => message.role === "user").map((message) => message.text)).toEqual([
      "Hello! What can you do on a Raspberry Pi?",
      "Name three uses for a Pi.",
    ]);
    const answers = exported.messages.filter((message) => message.role === "model");
    expect(answers[0]?.settings?.temperature).toBe(0.8);
    expect(answers[1]?.settings).toMatchObject({ temperature: 0.2, topP: 0.9 });
  });

  it("the page logged no errors", () => {
    expect(opened.errors()).toEqual([]);
  });
});
