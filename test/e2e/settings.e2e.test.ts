import { mkdtemp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { dataDirPrefix } from "./support/paths.ts";
import { saveScreenshot } from "./support/screenshots.ts";
import { waitUntil } from "./support/wait.ts";

/** What the Settings screen and the app's frame are called in each language (locales/<lang>/common.json). */
const labels = {
  en: { nav: "Main", chat: "Chat", library: "Library", settings: "Settings", temperature: "Temperature", theme: "Theme", language: "Language" },
  "zh-CN": { nav: "主导航", chat: "对话", library: "模型库", settings: "设置", temperature: "温度", theme: "主题", language: "语言" },
} as const;
type Language = keyof typeof labels;

/** The Settings screen in a given UI language, found by role and label. */
function settingsScreen(page: Page, language: Language) {
  const l = labels[language];
  const nav = page.getByRole("navigation", { name: l.nav });
  const screen = page.getByRole("region", { name: l.settings, exact: true });
  return {
    nav,
    screen,
    temperature: screen.getByRole("spinbutton", { name: l.temperature, exact: true }),
    theme: screen.getByRole("combobox", { name: l.theme, exact: true }),
    language: screen.getByRole("combobox", { name: l.language, exact: true }),
    async open() {
      const tab = nav.getByRole("button", { name: l.settings, exact: true });
      await tab.click();
      await waitUntil("Settings to be the current screen", () => tab.getAttribute("aria-current"), (current) => current === "page", { timeoutMs: 5_000 });
      await screen.waitFor({ state: "visible" });
    },
  };
}

/** The page's background colour as [r, g, b]. */
async function backgroundOf(page: Page): Promise<number[]> {
  const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  return (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
}
const isDark = (rgb: number[]) => rgb.length === 3 && (0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!) / 255 < 0.3;

/**
 * The Settings screen changes what it says it changes, and settings.json keeps it: language → 简体中文,
 * theme → dark, temperature → 0.3; then the host is stopped and started again on the same data dir and
 * a fresh page shows the same. The browser's colour scheme stays light throughout, so dark comes from
 * the setting alone.
 */
describe("settings: language, theme and temperature, kept across a restart of the host", () => {
  let browser: Browser | undefined;
  let dataDir: string;
  let host: RunningHost | undefined;
  let opened: OpenedApp | undefined;

  const savedSettings = async () => JSON.parse(await readFile(path.join(dataDir, "settings.json"), "utf8")) as Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    // The data dir outlives the first host: made here, removed in afterAll.
    dataDir = await mkdtemp(dataDirPrefix);
    [browser, host] = await Promise.all([launchBrowser(), startHost({ dataDir })]);
    opened = await openApp(browser, host.url, { colorScheme: "light" });
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
    if (dataDir && process.env["E2E_KEEP_DATA"] !== "1") await rm(dataDir, { recursive: true, force: true });
  });

  it("changes the temperature, the theme and the language, each shown at once and saved", async () => {
    const { page } = opened!;
    const en = settingsScreen(page, "en");
    await en.open();
    expect(await page.evaluate(() => document.documentElement.dataset["theme"])).toBe("system");
    expect(isDark(await backgroundOf(page)), "light before").toBe(false);

    // Temperature: saved when Enter is pressed; it says when it applies.
    expect(await en.temperature.inputValue()).toBe("0.8");
    await en.temperature.fill("0.3");
    await en.temperature.press("Enter");
    await waitUntil("settings.json to hold the temperature", savedSettings, (s) => s["sampling"]?.["temperature"] === 0.3, { timeoutMs: 10_000 });
    expect(await en.temperature.getAttribute("aria-invalid")).toBe("false");
    const temperatureHint = await en.temperature.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${temperatureHint}"]`).textContent()).toContain("Applies to the next answer");

    // Theme: dark at once, though the browser asks for light.
    await en.theme.selectOption("dark");
    await waitUntil("<html data-theme> to be dark", () => page.evaluate(() => document.documentElement.dataset["theme"]), (theme) => theme === "dark");
    await waitUntil("the page to turn dark", () => backgroundOf(page), isDark, { timeoutMs: 5_000 });

    // Language: every label switches at once, the temperature field keeps its value.
    await en.language.selectOption("zh-CN");
    const zh = settingsScreen(page, "zh-CN");
    await zh.screen.waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    expect(await zh.nav.getByRole("button").allTextContents()).toEqual([labels["zh-CN"].chat, labels["zh-CN"].library, labels["zh-CN"].settings]);
    expect(await zh.temperature.inputValue()).toBe("0.3");
    expect(await zh.theme.inputValue()).toBe("dark");
    expect(await zh.language.inputValue()).toBe("zh-CN");
    expect(await page.getByRole("contentinfo").getByRole("status").textContent()).toBe("未加载模型");

    const saved = await waitUntil("settings.json to hold all three", savedSettings, (s) => s["appearance"]?.["language"] === "zh-CN");
    expect(saved["appearance"]).toMatchObject({ theme: "dark", language: "zh-CN" });
    expect(saved["sampling"]).toMatchObject({ temperature: 0.3 });
    expect(opened!.errors()).toEqual([]);
  });

  it("keeps them after the host is stopped and started again on the same data dir", async () => {
    await opened!.close();
    opened = undefined;
    await host!.stop();
    host = await startHost({ dataDir });
    opened = await openApp(browser!, host.url, { colorScheme: "light" });
    const { page } = opened;

    const zh = settingsScreen(page, "zh-CN");
    await waitUntil("the app to come up in Chinese", () => zh.nav.getByRole("button").allTextContents(), (tabs) => tabs.join() === "对话,模型库,设置", {
      timeoutMs: 10_000,
    });
    expect(await page.evaluate(() => document.documentElement.dataset["theme"])).toBe("dark");
    expect(isDark(await backgroundOf(page))).toBe(true);
    await zh.open();
    expect(await zh.temperature.inputValue()).toBe("0.3");
    expect(await zh.theme.inputValue()).toBe("dark");
    expect(await zh.language.inputValue()).toBe("zh-CN");
    expect(await zh.screen.getByRole("heading", { level: 2 }).textContent()).toBe("设置");

    await saveScreenshot(page, "settings-zh-CN-dark", { whole: true });
    await expectAccessible(page, "Settings (zh-CN, dark)");
  });

  it("the Library is in Chinese too, and the page logged no errors", async () => {
    const { page } = opened!;
    const zh = settingsScreen(page, "zh-CN");
    await zh.nav.getByRole("button", { name: "模型库", exact: true }).click();
    const library = page.getByRole("region", { name: "模型库", exact: true });
    await library.waitFor({ timeout: 5_000 });
    await library.getByRole("region", { name: "Gemma 2 模型" }).getByText(/^(放得下|偏紧|放不下)$/).first().waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "library-zh-CN-dark", { whole: true });
    await expectAccessible(page, "Library (zh-CN, dark)");
    expect(opened!.errors()).toEqual([]);
  });
});
