// @vitest-environment node
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, resolveInside } from "../../electron/contract/web-page-policy.ts";
import { AccessGuard } from "../../electron/host/access-guard.ts";

describe("serving the app's pages", () => {
  it.each([
    ["/", "/srv/app/index.html"],
    ["/assets/index-abc.js", "/srv/app/assets/index-abc.js"],
    ["/./assets//x.css", "/srv/app/assets/x.css"],
  ])("maps %s inside the renderer folder", (urlPath, expected) => {
    expect(resolveInside("/srv/app", urlPath)).toBe(expected);
  });

  it.each(["/../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/%E0%A4%A", "/a%5C..%5Cb", "/x%00.js"])("refuses %s", (urlPath) => {
    expect(resolveInside("/srv/app", urlPath)).toBeUndefined();
  });

  it("allows no remote or inline content; only the browser host may open its WebSocket", () => {
    const desktop = contentSecurityPolicy({ webSocket: false });
    expect(desktop).toContain("default-src 'none'");
    expect(desktop).toContain("script-src 'self';");
    expect(desktop).not.toMatch(/unsafe-inline|unsafe-eval|https?:|ws:/);
    expect(contentSecurityPolicy({ webSocket: true })).toContain("connect-src 'self' ws: wss:");
  });
});

function request(headers: Record<string, string>, url = "/", remoteAddress = "192.168.1.20"): IncomingMessage {
  return { headers, url, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("the browser host's access guard", () => {
  const allowedHosts = new Set(["127.0.0.1:5417"]);

  it("refuses a Host it does not serve (DNS rebinding) and a cross-origin WebSocket", () => {
    const guard = new AccessGuard({ allowedHosts });
    expect(guard.check(request({ host: "evil.example:5417" }), "page")).toMatchObject({ allowed: false, status: 403 });
    expect(guard.check(request({ host: "127.0.0.1:5417", origin: "http://evil.example" }), "websocket")).toMatchObject({ allowed: false, status: 403 });
    expect(guard.check(request({ host: "127.0.0.1:5417", origin: "http://127.0.0.1:5417" }), "websocket")).toEqual({ allowed: true });
  });

  it("asks for the token, sets a cookie for it, and locks out a client after 10 wrong tokens", () => {
    let now = 0;
    const guard = new AccessGuard({ allowedHosts, token: "secret-token", now: () => now });
    expect(guard.check(request({ host: "127.0.0.1:5417" }), "page")).toMatchObject({ allowed: false, status: 401 });
    const accepted = guard.check(request({ host: "127.0.0.1:5417" }, "/?token=secret-token"), "page");
    expect(accepted).toMatchObject({ allowed: true, setCookie: expect.stringContaining("HttpOnly; SameSite=Strict") });
    expect(guard.check(request({ host: "127.0.0.1:5417", cookie: "edge_gemma_token=secret-token" }), "page")).toMatchObject({ allowed: true });

    for (let attempt = 0; attempt < 9; attempt++) guard.check(request({ host: "127.0.0.1:5417" }, "/?token=guess"), "page");
    expect(guard.check(request({ host: "127.0.0.1:5417" }, "/?token=secret-token"), "page")).toMatchObject({ allowed: false, status: 429 });
    expect(guard.check(request({ host: "127.0.0.1:5417" }, "/?token=secret-token", "192.168.1.30"), "page")).toMatchObject({ allowed: true });
    now += 61_000;
    expect(guard.check(request({ host: "127.0.0.1:5417" }, "/?token=secret-token"), "page")).toMatchObject({ allowed: true });
  });
});
