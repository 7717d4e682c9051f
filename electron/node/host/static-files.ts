import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { contentSecurityPolicy, pageContentTypes, resolveInside } from "../../common/web-page-policy.ts";

/** Serves the built renderer; anything outside its folder is a 404. No CORS headers, ever. */
export async function sendStaticFile(rendererDir: string, urlPath: string, response: ServerResponse, extraHeaders: Record<string, string> = {}) {
  const filePath = resolveInside(rendererDir, urlPath);
  if (!filePath) return notFound(response);
  try {
    const body = await readFile(filePath);
    response.writeHead(200, {
      "content-type": pageContentTypes[path.extname(filePath)] ?? "application/octet-stream",
      "content-security-policy": contentSecurityPolicy(),
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-cache",
      ...extraHeaders,
    });
    response.end(body);
  } catch {
    notFound(response);
  }
}

function notFound(response: ServerResponse) {
  response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  response.end("Not found");
}
