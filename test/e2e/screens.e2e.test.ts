import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScreenName } from "./support/app.ts";
import { expectAccessible } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { endlessAnswerSettings, modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { LibraryPage } from "./support/library.ts";
import { saveScreenshot } from "./support/screenshots.ts";

const screens: readonly ScreenName[] = ["Chat", "Library", "Settings"];
const schemes = ["light", "dark"] as const;
/** What `--demo` writes into the models folder (electron/node/host/serve.ts). */
const demoModelFile = "demo-random-weights-tiny-q4_0.gguf";

/**
 * Each main screen in light and dark: an axe-core scan (no serious or critical violations) and a
 * screenshot in test-results/screenshots/ for a human to look at. The chat shows a streamed answer, the
 * Library its catalog and the demo model installed and in use, Settings every setting.
 */
describe("main screens: accessibility and screenshots", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    host = await startHost({ demo: true, settings: endlessAnswerSettings });
    opened = await openApp(browser, host.url);
    const { app } = opened;
    await app.expectStatus(readyStatus, modelLoadTimeoutMs);
    await app.send("Write a short poem about the sea, please");
    await app.waitForAnswerText(600);
    await app.stopButton.click();
    await app.statsLine(app.lastAnswer()).waitFor({ timeout: 30_000 });
    await app.expectStatus(readyStatus);
  });

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await host?.stop();
  });

  for (const scheme of schemes) {
    for (const screen of screens) {
      it(`${screen} in ${scheme}: no serious or critical axe violations`, async () => {
        const { app, page } = opened;
        await page.emulateMedia({ colorScheme: scheme });
        await app.goTo(screen);
        await app.screen(screen).waitFor({ state: "visible" });
        // Each screen as it looks once loaded (not its "Loading…" state).
        if (screen === "Chat") await app.statsLine(app.lastAnswer()).waitFor({ state: "visible" });
        if (screen === "Library") {
          const library = new LibraryPage(page);
          await library.waitForCatalog();
          await library.installedItem(demoModelFile).waitFor({ timeout: 10_000 });
        }
        if (screen === "Settings") await page.getByRole("spinbutton", { name: "Temperature", exact: true }).waitFor({ timeout: 10_000 });
        expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(scheme === "dark");

        // The screenshot first, so it is there to look at even when the scan fails.
        await saveScreenshot(page, `${screen.toLowerCase()}-${scheme}`, { whole: screen !== "Chat" });
        await expectAccessible(page, `${screen} (${scheme})`);
      });
    }
  }

  it("the page logged no errors", () => {
    expect(opened.errors()).toEqual([]);
  });
});
