/**
 * The page the renderer measurements drive: the built renderer in Debian's Chromium (headless, CPU throttled through
 * the DevTools protocol to mimic a Pi 5), served by the browser host with the real AppBackend, a conversation store
 * holding the given chats, and a scripted engine that streams `pieces` at a steady rate when a message is sent.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, CDPSession, Page } from "playwright-core";
import type { Conversation } from "../electron/common/contract/index.ts";
import { startBrowserHost, type BrowserHost } from "../electron/node/host/browser-host.ts";
import { AppBackend } from "../electron/node/services/app-backend.ts";
import { MemoryConversationStore } from "../electron/node/services/chat/conversation-store.ts";
import { launchChromium } from "../test/support/chromium.ts";
import { scriptedEngine } from "./scripted-chat.ts";

export interface RendererSessionOptions {
  rendererDir: string;
  cpuThrottle: number;
  conversations: readonly Conversation[];
  pieces: readonly string[];
  intervalMs: number;
}

export interface RendererSession {
  page: Page;
  cdp: CDPSession;
  url: string;
  /** Resolves with the emission times once the scripted engine has streamed every piece (after a message is sent). */
  streamDone: Promise<number[]>;
  close(): Promise<void>;
}

/**
 * Injected as source text (not a function): tsx/esbuild would wrap named functions in a `__name` helper
 * that does not exist in the page. Records requestAnimationFrame times and long tasks (from the moment it runs:
 * evaluate it, or add it as an init script to cover a page load) until `window.__bench.running` is set to false.
 */
export const measurementScript = `(() => {
  const bench = { frames: [], longTasks: [], running: true, startedAt: performance.now() };
  window.__bench = bench;
  function loop(time) {
    if (!bench.running) return;
    bench.frames.push(time);
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask" });
})()`;

export interface PageCapture {
  frames: number[];
  longTasks: { start: number; duration: number }[];
  startedAt: number;
  endedAt: number;
}

declare global {
  interface Window {
    __bench?: { frames: number[]; longTasks: { start: number; duration: number }[]; running: boolean; startedAt: number };
  }
}

/** Stops the page's recording and returns what it captured. */
export function stopCapture(page: Page): Promise<PageCapture> {
  return page.evaluate((): PageCapture => {
    const bench = window.__bench;
    if (!bench) throw new Error("measurement script missing");
    bench.running = false;
    return { frames: bench.frames, longTasks: bench.longTasks, startedAt: bench.startedAt, endedAt: performance.now() };
  });
}

export async function openRendererSession(options: RendererSessionOptions, log: (line: string) => void): Promise<RendererSession> {
  let streamed: ((emittedAt: number[]) => void) | undefined;
  const streamDone = new Promise<number[]>((resolve) => (streamed = resolve));
  const store = new MemoryConversationStore();
  for (const conversation of options.conversations) await store.save(conversation);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-bench-renderer-"));
  const backend = new AppBackend({
    userDataDir,
    spawnEngine: scriptedEngine({ pieces: options.pieces, intervalMs: options.intervalMs, onStreamed: (at) => streamed?.(at) }),
    conversationStore: store,
  });
  let host: BrowserHost | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    backend.dispose();
    await rm(userDataDir, { recursive: true, force: true });
  };
  try {
    await backend.start();
    await backend.supervisor.loadModel("/scripted/renderer-benchmark.gguf");
    host = await startBrowserHost({ backend, rendererDir: options.rendererDir, port: 0 });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (error) => log(`  [page error] ${error.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: options.cpuThrottle });
    return { page, cdp, url: host.url, streamDone, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the chat log's text contains `marker` (whitespace-insensitive); screenshots the page when it never does. */
export async function waitForLogText(page: Page, marker: string, timeoutMs = 120_000): Promise<void> {
  await page
    .waitForFunction(
      (wanted) => (document.querySelector("[role=log]")?.textContent ?? "").replace(/\s+/g, " ").includes(wanted.replace(/\s+/g, " ")),
      marker,
      { timeout: timeoutMs, polling: 50 },
    )
    .catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(os.tmpdir(), "edge-gemma-bench-renderer-failure.png") }).catch(() => undefined);
      throw error;
    });
}
