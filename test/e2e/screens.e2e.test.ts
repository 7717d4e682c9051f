import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScreenName } from "./support/app.ts";
import { describeFindings, runAxe } from "./support/axe.ts";
import { launchBrowser, openApp, type OpenedApp } from "./support/browser.ts";
import { modelLoadTimeoutMs, readyStatus } from "./support/demo.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { screenshotsDir } from "./support/paths.ts";

const screens: readonly ScreenName[] = ["Chat", "Library", "Settings"];
const schemes = ["light", "dark"] as const;

/**
 * Each main screen in light and dark: an axe-core scan (no serious or critical violations) and a
 * screenshot in test-results/screenshots/ for a human to look at. The chat shows a streamed answer.
 */
describe("main screens: accessibility and screenshots", () => {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let opened: OpenedApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    host = await startHost({ demo: true });
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
        if (screen === "Chat") await app.statsLine(app.lastAnswer()).waitFor({ state: "visible" });
        expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(scheme === "dark");

        // The screenshot first, so it is there to look at even when the scan fails.
        await page.screenshot({ path: path.join(screenshotsDir, `${screen.toLowerCase()}-${scheme}.png`) });
        const report = await runAxe(page);
        if (report.other.length > 0) console.info(`[axe] ${screen} (${scheme}), minor/moderate:\n  ${describeFindings(report.other).join("\n  ")}`);
        expect(describeFindings(report.blocking)).toEqual([]);
        expect(report.passedRules).toBeGreaterThan(10);
      });
    }
  }

  it("the page logged no errors", () => {
    expect(opened.errors()).toEqual([]);
  });
});
