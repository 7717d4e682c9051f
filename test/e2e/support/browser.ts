import type { Browser, BrowserContext, Page } from "playwright-core";
import { AppPage, statusRecorderScript } from "./app.ts";

export { launchChromium as launchBrowser } from "../../support/chromium.ts";

/**
 * Console errors that are not the app's doing, each with why (none today: index.html's <meta> CSP no
 * longer carries `frame-ancestors`, which Chromium reported as ignored on every load).
 */
const knownConsoleErrors: RegExp[] = [];

export interface OpenAppOptions {
  colorScheme?: "light" | "dark";
  viewport?: { width: number; height: number };
}

export interface OpenedApp {
  context: BrowserContext;
  page: Page;
  app: AppPage;
  /** Uncaught page errors and console errors seen so far (the app should have none). */
  errors(): string[];
  close(): Promise<void>;
}

/**
 * Opens the app in a fresh context (own cookies) and waits until it has rendered its status bar.
 * A recorder installed before the app's own scripts notes every text the status bar shows, so a
 * short-lived "Loading model…" is not missed between two polls.
 */
export async function openApp(browser: Browser, url: string, options: OpenAppOptions = {}): Promise<OpenedApp> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !knownConsoleErrors.some((known) => known.test(message.text()))) {
      errors.push(`console.error: ${message.text()}`);
    }
  });
  await page.addInitScript(statusRecorderScript);
  const response = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  if (response?.status() !== 200) throw new Error(`GET ${url} answered ${response?.status()}: ${await response?.text()}`);
  const app = new AppPage(page);
  await app.status.waitFor({ state: "visible", timeout: 30_000 });
  return { context, page, app, errors: () => [...errors], close: () => context.close() };
}
