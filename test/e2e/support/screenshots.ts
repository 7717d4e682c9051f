import path from "node:path";
import type { Page } from "playwright-core";
import { screenshotsDir } from "./paths.ts";

/**
 * Saves `test-results/screenshots/<name>.png`. `whole: true` shows the whole current screen: the app scrolls
 * inside its <main>, so a full-page screenshot would still cut it at the window's height; the window is made
 * as tall as the screen's content for the shot (at most 4000 px) and then put back.
 */
export async function saveScreenshot(page: Page, name: string, { whole = false }: { whole?: boolean } = {}): Promise<string> {
  const file = path.join(screenshotsDir, `${name}.png`);
  const viewport = page.viewportSize();
  if (!whole || !viewport) {
    await page.screenshot({ path: file });
    return file;
  }
  const height = await page.evaluate(() => {
    const main = document.querySelector("main");
    const root = document.documentElement;
    return main ? root.clientHeight - main.clientHeight + main.scrollHeight : root.scrollHeight;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 4000) });
  try {
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(viewport);
  }
  return file;
}
