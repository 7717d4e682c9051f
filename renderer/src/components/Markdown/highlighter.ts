import type { Token } from "./highlight-code.ts";
import type { HighlightRequest } from "./highlight-worker.ts";

export type { Token };

/** Highlighted code kept for blocks shown again (scrolled back into view, a chat reopened), newest last. */
const cache = new Map<string, Token[] | null>();
const cacheChars = 2_000_000;
let cachedChars = 0;

const keyOf = (language: string, code: string) => `${language}\n${code}`;

function remember(key: string, tokens: Token[] | null): void {
  if (cache.has(key)) return;
  cache.set(key, tokens);
  cachedChars += key.length;
  for (const old of cache.keys()) {
    if (cachedChars <= cacheChars) break;
    cache.delete(old);
    cachedChars -= old.length;
  }
}

/** The highlighted code if it was highlighted before (undefined: not yet; null: a language the highlighter does not know). */
export function cachedHighlight(language: string, code: string): Token[] | null | undefined {
  const key = keyOf(language, code);
  const tokens = cache.get(key);
  if (tokens === undefined) return undefined;
  // Used again: it moves to the newest end.
  cache.delete(key);
  cache.set(key, tokens);
  return tokens;
}

interface Pending {
  request: HighlightRequest;
  resolve: (tokens: Token[] | null) => void;
}

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** In the page, for a page that cannot start the worker (tests in jsdom, a worker refused): after the render, in a task of its own. */
async function inPage(request: HighlightRequest): Promise<Token[] | null> {
  const { highlightCode } = await import("./highlight-code.ts");
  return highlightCode(request.language, request.code);
}

/**
 * Each answer from the worker is a task of its own: passed on together at the next frame, the blocks they belong to
 * are shown highlighted in one render and one layout (a jump in a long chat brings a screenful of blocks at once).
 */
let arrived: (() => void)[] = [];
function arrive(deliver: () => void): void {
  arrived.push(deliver);
  if (arrived.length > 1) return;
  const flush = () => {
    const now = arrived;
    arrived = [];
    for (const deliverOne of now) deliverOne();
  };
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(flush);
  else setTimeout(flush, 0);
}

function startWorker(): Worker | null {
  if (typeof Worker === "undefined") return null;
  try {
    const started = new Worker(new URL("./highlight-worker.ts", import.meta.url), { type: "module", name: "highlight" });
    started.addEventListener("message", (event: MessageEvent<{ id: number; tokens: Token[] | null }>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if (waiting) arrive(() => waiting.resolve(event.data.tokens));
    });
    // It could not start (or failed): what it was asked is highlighted in the page, and so is everything after.
    started.addEventListener("error", () => {
      worker = null;
      started.terminate();
      const left = [...pending.values()];
      pending.clear();
      for (const { request, resolve } of left) void inPage(request).then(resolve);
    });
    return started;
  } catch {
    return null;
  }
}

/**
 * Starts the highlighting worker ahead of the first code block (the app calls it once it has rendered): starting
 * it is a task of its own on the main thread, better not inside the render that opens a long chat.
 */
export function startHighlighter(): void {
  if (worker === undefined) worker = startWorker();
}

/**
 * `code` highlighted as `language`, off the page's main thread: highlight.js compiling a grammar the first time is
 * one long task, and a long block takes tens of milliseconds more. Callers show the code plain until it arrives.
 */
export function highlight(language: string, code: string): Promise<Token[] | null> {
  const key = keyOf(language, code);
  const cached = cache.get(key);
  if (cached !== undefined) return Promise.resolve(cached);
  startHighlighter();
  const request = { id: nextId++, language, code };
  const done =
    worker === null
      ? inPage(request)
      : new Promise<Token[] | null>((resolve) => {
          pending.set(request.id, { request, resolve });
          worker?.postMessage(request);
        });
  return done.then((tokens) => {
    remember(key, tokens);
    return tokens;
  });
}
