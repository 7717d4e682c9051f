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

/** Our own files only: no remote content, no inline code. The browser host adds its WebSocket. */
export function contentSecurityPolicy({ webSocket }: { webSocket: boolean }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    webSocket ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
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
