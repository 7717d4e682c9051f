import { readFile } from "node:fs/promises";
import path from "node:path";
import { protocol } from "electron";
import { contentSecurityPolicy, pageContentTypes, resolveInside } from "../common/web-page-policy.ts";

export const appScheme = "app";
export const appOrigin = `${appScheme}://edge-gemma`;

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer from `app://edge-gemma/`, refusing anything outside its folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const filePath = resolveInside(rendererDir, url.pathname);
    if (url.host !== "edge-gemma" || !filePath) {
      return new Response("Not found", { status: 404 });
    }
    try {
      const body = await readFile(filePath);
      return new Response(body, {
        headers: {
          "content-type": pageContentTypes[path.extname(filePath)] ?? "application/octet-stream",
          "content-security-policy": contentSecurityPolicy(),
          "x-content-type-options": "nosniff",
        },
      });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  });
}
