// @vitest-environment node
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { gemmaTermsUrl } from "../../electron/common/contract/app/library.ts";
import { contentSecurityPolicy, externalPagesOf, isAllowedExternalPage, resolveInside } from "../../electron/common/web-page-policy.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";
import { AccessGuard } from "../../electron/node/services/security/access-guard.ts";

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

  it("allows no remote or inline content, and connections only to the page's own origin", () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|wss?:|\*/);
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

describe("the outside pages the desktop app opens in the user's browser", () => {
  const catalog = loadBundledCatalog();
  const pages = externalPagesOf(catalog);

  it("are the pages the catalog names: the Gemma terms and each variant's published page", () => {
    expect(isAllowedExternalPage(gemmaTermsUrl, pages)).toBe(true);
    for (const variant of catalog.variants) {
      expect(isAllowedExternalPage(variant.termsUrl, pages)).toBe(true);
      const listingUrl = (variant as { listingUrl?: string }).listingUrl;
      if (listingUrl) expect(isAllowedExternalPage(listingUrl, pages)).toBe(true);
    }
  });

  it.each([
    "https://evil.example/",
    "https://ai.google.dev/gemma/terms/../../evil",
    "https://ai.google.dev/gemma/terms?next=https://evil.example",
    "https://user:pass@ai.google.dev/gemma/terms",
    "http://ai.google.dev/gemma/terms",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "app://edge-gemma/index.html",
    "not a url",
  ])("refuse %s", (url) => {
    expect(isAllowedExternalPage(url, pages)).toBe(false);
  });
});
