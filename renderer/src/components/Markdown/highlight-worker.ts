/**
 * The highlighting worker: highlight.js runs here, off the page's main thread (highlight.js 11.11.2 README.md,
 * "Using Web Workers": "to avoid freezing the browser window while dealing with very big chunks of code"). Started by
 * highlighter.ts as a module worker, which Vite builds into a file of its own: allowed by the page's CSP
 * `script-src 'self'` (CSP Level 3: `worker-src` falls back to `child-src`, then `script-src`,
 * https://www.w3.org/TR/CSP3/#directive-worker-src; the bench's long chat, under the browser host's CSP header, shows
 * highlighted blocks). Electron's app:// scheme is registered `standard` and `secure`, which a worker from a custom
 * scheme needs (without `standard` its origin is null and the worker is refused: nklayman/vue-cli-plugin-electron-builder
 * issue #1914); if it is refused anyway, highlighter.ts highlights in the page.
 */
import { highlightCode } from "./highlight-code.ts";

export interface HighlightRequest {
  id: number;
  language: string;
  code: string;
}

globalThis.addEventListener("message", (event: MessageEvent<HighlightRequest>) => {
  const { id, language, code } = event.data;
  globalThis.postMessage({ id, tokens: highlightCode(language, code) });
});
