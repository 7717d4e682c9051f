/**
 * The highlighting worker: highlight.js runs here, off the page's main thread (highlight.js documents this use:
 * https://highlightjs.readthedocs.io/en/latest/readme.html, "Using with Web Workers"). Started by highlighter.ts as a
 * module worker, which Vite builds into a file of its own: allowed by the page's CSP `script-src 'self'` (CSP Level 3
 * §6.1.12: `worker-src` falls back to `child-src`, then `script-src`, https://www.w3.org/TR/CSP3/#directive-worker-src).
 */
import { highlightCode } from "./highlight-code.ts";

export interface HighlightRequest {
  id: number;
  language: string;
  code: string;
}

globalThis.addEventListener("message", (event: MessageEvent<HighlightRequest>) => {
  const { id, language, code } = event.data;
  let tokens: ReturnType<typeof highlightCode> = null;
  try {
    tokens = highlightCode(language, code);
  } catch {
    // A grammar that fails on some input: the code stays plain.
  }
  globalThis.postMessage({ id, tokens });
});
