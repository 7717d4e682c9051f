import { readFile } from "node:fs/promises";
import path from "node:path";
import { protocol } from "electron";
import { contentSecurityPolicy } from "./content-security.ts";

export const appScheme = "app";
export const appOrigin = `${appScheme}://edge-gemma`;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer from `app://edge-gemma/`, refusing anything outside its folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
    const filePath = path.normalize(path.join(rendererDir, relative));
    if (url.host !== "edge-gemma" || !filePath.startsWith(rendererDir + path.sep)) {
      return new Response("Not found", { status: 404 });
    }
    try {
      const body = await readFile(filePath);
      return new Response(body, {
        headers: {
          "content-type": contentTypes[path.extname(filePath)] ?? "application/octet-stream",
          "content-security-policy": contentSecurityPolicy,
          "x-content-type-options": "nosniff",
        },
      });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  });
}
