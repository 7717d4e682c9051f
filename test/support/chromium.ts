import { chromium, type Browser } from "playwright-core";

/** Debian's chromium (never Playwright's downloaded browsers); override with E2E_CHROMIUM. */
export const chromiumPath = process.env["E2E_CHROMIUM"] ?? "/usr/bin/chromium";

/**
 * The test and benchmark browser: Debian's chromium, headless, without anything that would reach the network on
 * its own. `--no-sandbox` because CI runs it as root, where Chromium refuses its sandbox; this is never the app's
 * browser (the packaged launchers never pass it: `npm run test:package` checks).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: 60_000,
  });
}
