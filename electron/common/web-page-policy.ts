/** How the app's own pages are served, by Electron's app:// protocol and by the browser host alike. */

export const pageContentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/**
 * Our own files only: no remote content, no inline code, connections only to our own origin. `'self'` covers the
 * browser host's WebSocket to the same host and port: CSP Level 3 matches ws:/wss: against an http:/https: origin
 * (https://www.w3.org/TR/CSP3/#changes-from-level-2; web-platform-tests
 * content-security-policy/connect-src/connect-src-websocket-self.sub.html expects both allowed), so no `ws:` to
 * any host is needed.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The file a URL path names inside `root`, or undefined for anything that would leave it (`..`, encoded
 * slashes) or is not valid percent-encoding. Pure string work, so it runs anywhere.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath === "/" ? "/index.html" : urlPath);
  } catch {
    return undefined;
  }
  const segments: string[] = [];
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." || segment.includes("\\") || segment.includes("\0")) return undefined;
    segments.push(segment);
  }
  return segments.length === 0 ? undefined : `${root.replace(/\/+$/, "")}/${segments.join("/")}`;
}

/** What the allowlist of outside pages is derived from: the catalog (its terms and each variant's published page). */
export interface PagesNamedByCatalog {
  termsUrl: string;
  variants: readonly { termsUrl: string; listingUrl?: string }[];
}

/** The outside pages the app itself names — the Gemma terms and the catalog's model pages — normalised. */
export function externalPagesOf(catalog: PagesNamedByCatalog): ReadonlySet<string> {
  const urls = [catalog.termsUrl, ...catalog.variants.flatMap((variant) => [variant.termsUrl, variant.listingUrl ?? []].flat())];
  return new Set(urls.map((url) => new URL(url).href));
}

/** Only an https page from the allowlist, exactly (no credentials, no other path or query), opens in the user's browser. */
export function isAllowedExternalPage(url: string, pages: ReadonlySet<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === "https:" && parsed.username === "" && parsed.password === "" && pages.has(parsed.href);
}
