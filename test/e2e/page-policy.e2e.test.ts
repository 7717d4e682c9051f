import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openApp } from "./support/browser.ts";
import { startHost, type RunningHost } from "./support/host.ts";

let browser: Browser | undefined;
let host: RunningHost | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
  host = await startHost({});
});
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await host?.stop();
});

describe("the page's Content-Security-Policy in Chromium (browser host)", () => {
  it("lets the app talk to its own host over its WebSocket and refuses connections anywhere else", async () => {
    const opened = await openApp(browser!, host!.url);
    try {
      type Seen = { violations: string[]; ownSocketOpened: boolean };
      await opened.page.evaluate(() => {
        const seen: Seen = { violations: [], ownSocketOpened: false };
        (window as unknown as { seen: Seen }).seen = seen;
        document.addEventListener("securitypolicyviolation", (event) => seen.violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
        // connect-src 'self' covers a WebSocket to the page's own host and port (CSP Level 3)…
        new WebSocket(`ws://${location.host}/rpc`).onopen = () => (seen.ownSocketOpened = true);
        // …and nothing else.
        new WebSocket("ws://127.0.0.2:9/rpc");
        void fetch("http://127.0.0.2:9/").catch(() => undefined);
      });
      await opened.page.waitForFunction(() => {
        const { seen } = window as unknown as { seen: Seen };
        return seen.ownSocketOpened && seen.violations.length >= 2;
      });
      const { violations } = await opened.page.evaluate(() => (window as unknown as { seen: Seen }).seen);
      // Each is reported twice: by the policy in the HTTP header and by the one in index.html's <meta>.
      expect(violations.sort()).toEqual([
        "connect-src http://127.0.0.2:9/",
        "connect-src http://127.0.0.2:9/",
        "connect-src ws://127.0.0.2:9/rpc",
        "connect-src ws://127.0.0.2:9/rpc",
      ]);
    } finally {
      await opened.close();
    }
  });
});
