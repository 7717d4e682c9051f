import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openApp } from "./support/browser.ts";
import { startHost, type RunningHost } from "./support/host.ts";
import { expectVisible } from "./support/wait.ts";
import { httpGet, webSocketHandshake } from "./support/http.ts";

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close().catch(() => undefined);
});

function rpcUrl(host: RunningHost, token?: string): string {
  return `ws://127.0.0.1:${host.port}/rpc${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;
}

describe("LAN mode (--host 0.0.0.0), reached on 127.0.0.1", () => {
  let host: RunningHost;
  let token: string;

  beforeAll(async () => {
    host = await startHost({ lan: true });
    if (!host.token) throw new Error(`LAN mode printed no token: ${host.output()}`);
    token = host.token;
  });

  it("prints a URL that carries a one-time token and says it is needed", async () => {
    expect(host.printedUrl).toMatch(/^http:\/\/[\d.]+:\d+\/\?token=[\w-]{20,}$/);
    await host.waitForOutput(/anyone without it is refused/);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it("refuses the page without the token, saying what to do", async () => {
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(`${host.origin}/`);
      expect(response?.status()).toBe(401);
      await expectVisible(page.getByText(/needs its access token/));
      // Nor does a wrong token open it, nor any other file.
      expect((await httpGet(`${host.origin}/?token=not-the-token`)).status).toBe(401);
      expect((await httpGet(`${host.origin}/index.html`)).status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it("refuses a WebSocket without the token", async () => {
    expect(await webSocketHandshake(rpcUrl(host), { origin: host.origin })).toBe(401);
  });

  it("accepts the token: the app opens, talks to the host, and the cookie it got lets a reload in", async () => {
    expect(await webSocketHandshake(rpcUrl(host, token), { origin: host.origin })).toBe(101);

    const opened = await openApp(browser!, host.url);
    try {
      const { app, page } = opened;
      await app.expectStatus(/^No model loaded$/);
      // A round trip through the WebSocket: the host creates the chat and the sidebar lists it.
      await page.getByRole("button", { name: "New chat" }).click();
      await expect.poll(() => app.conversations.count()).toBe(1);
      // Without ?token= now: the HttpOnly cookie from the first visit carries it (page and WebSocket).
      const reload = await page.goto(`${host.origin}/`);
      expect(reload?.status()).toBe(200);
      await expect.poll(() => app.conversations.count(), { timeout: 10_000 }).toBe(1);
      expect(await app.notices.count()).toBe(0);
      expect(opened.errors()).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it("rejects a cross-origin WebSocket, even one carrying the token", async () => {
    expect(await webSocketHandshake(rpcUrl(host, token), { origin: "http://evil.example" })).toBe(403);

    // The same from a real page on another site: the socket never opens.
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      await page.route("http://evil.example/**", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Another site</title>" }));
      await page.goto("http://evil.example/");
      const outcome = await page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(url);
            socket.onopen = () => resolve("open");
            socket.onclose = (event) => resolve(`closed ${event.code}`);
          }),
        rpcUrl(host, token),
      );
      expect(outcome).toBe("closed 1006");
    } finally {
      await context.close();
    }
  });

  it("refuses a request for a host name it does not serve (DNS rebinding)", async () => {
    const answer = await httpGet(`${host.origin}/?token=${encodeURIComponent(token)}`, { host: `evil.example:${host.port}` });
    expect(answer.status).toBe(403);
  });
});

describe("--require-token on loopback: wrong tokens are rate-limited", () => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHost({ requireToken: true });
  });
  afterAll(async () => {
    await host?.stop();
  });

  it("answers 401 to ten wrong tokens, then 429 to everything from that client, the right token included", async () => {
    const right = host.token;
    expect(right).toBeTruthy();
    expect(host.url).toContain(`127.0.0.1:${host.port}/?token=`);
    expect((await httpGet(host.url)).status).toBe(200);

    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await httpGet(`${host.origin}/?token=wrong-${attempt}`)).status, `attempt ${attempt}`).toBe(401);
    }
    const limited = await httpGet(`${host.origin}/?token=wrong-11`);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatch(/Too many wrong tokens/);
    expect((await httpGet(host.url)).status).toBe(429);
    expect(await webSocketHandshake(rpcUrl(host, right), { origin: host.origin })).toBe(429);
  });
});
