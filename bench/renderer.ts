/**
 * Renderer under load: the built renderer in Debian's Chromium (headless, CPU throttled through the DevTools
 * protocol to mimic a Pi 5), served by the browser host with the real AppBackend and a scripted engine. A chat
 * that already holds `priorMessages` messages receives a `tokens`-piece Markdown answer at a steady rate while
 * the page records requestAnimationFrame deltas and long tasks.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CDPSession } from "playwright-core";
import { chromiumPath } from "../test/support/chromium.ts";
import { measurementScript, openRendererSession, stopCapture, waitForLogText } from "./renderer-session.ts";
import { priorConversation, priorConversationMarker, streamedAnswer } from "./scripted-chat.ts";
import { frameDeltas, percentile, round, wholeFrames } from "./stats.ts";


export interface RendererOptions {
  rendererDir: string;
  tokens: number;
  priorMessages: number;
  intervalMs: number;
  cpuThrottle: number;
  /** Also record a CPU profile of the streaming (adds overhead: for diagnosis, not for the figures). */
  profile?: boolean;
  /** With `profile`: also write the raw .cpuprofile here (open it in Chromium's DevTools). */
  profileFile?: string;
}

export interface RendererRun {
  frames: number;
  /** Frame times in whole display frames (see `wholeFrames`): 16.7 is on time, 33.3 one frame missed. */
  frameP50Ms: number | null;
  frameP95Ms: number | null;
  frameMaxMs: number | null;
  /** The p95 of the raw timestamp deltas, jitter included. */
  frameP95RawMs: number | null;
  longestTaskMs: number;
  longTasks: number;
  /** Sum of long-task time beyond 50 ms each ("total blocking time"). */
  blockingMs: number;
  /** From pressing Enter to the last piece shown on the page. */
  streamMs: number;
  /** When the scripted engine emitted its last piece vs. when the page showed it. */
  lagAtEndMs: number;
  /** Navigation → the end of the earlier conversation on screen (throttled too). */
  initialRenderMs: number;
  /** Messages in the DOM when streaming starts (the list may be virtualised). */
  messagesInDom: number;
  /** Where the page's main thread spent the streaming time (Chromium's Performance.getMetrics deltas, ms / counts). */
  mainThread: Record<string, number | null>;
  /** With `profile`: the functions with the most self time while streaming (a separate diagnosis). */
  profileTop?: { functionName: string; url: string; selfMs: number }[];
}

export function rendererUnavailableReason(rendererDir: string): string | undefined {
  if (!existsSync(`${rendererDir}/index.html`)) return `no built renderer at ${rendererDir}/index.html (run npx vite build)`;
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install -y chromium)`;
  return undefined;
}

/**
 * A production build of the renderer as it is in the tree, in a folder of our own: `dist/renderer` is rebuilt by
 * other scripts at any moment (a rebuild in the middle of a run replaced the page's assets under it).
 */
export function buildRenderer(repoRoot: string, log: (line: string) => void): { dir: string } | { error: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "edge-gemma-bench-renderer-build-"));
  log("Building the renderer for the measurement (vite build, production)…");
  const build = spawnSync("npx", ["vite", "build", "--outDir", dir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (build.status === 0 && existsSync(path.join(dir, "index.html"))) return { dir };
  rmSync(dir, { recursive: true, force: true });
  return { error: `vite build failed: ${(build.stderr || build.stdout || "").trim().split("\n").slice(-3).join(" ")}` };
}

export function rendererBuiltAt(rendererDir: string): string | null {
  try {
    return statSync(`${rendererDir}/index.html`).mtime.toISOString();
  } catch {
    return null;
  }
}

export async function measureRenderer(options: RendererOptions, log: (line: string) => void): Promise<RendererRun> {
  const pieces = streamedAnswer(options.tokens);
  const finalMarker = pieces.slice(-6).join("").trim();
  const conversation = priorConversation("bench-renderer", options.priorMessages, Date.now());
  const session = await openRendererSession({ ...options, conversations: [conversation], pieces }, log);
  try {
    const { page, cdp } = session;
    const navigatedAt = performance.now();
    await page.goto(session.url);
    await waitForLogText(page, priorConversationMarker);
    const initialRenderMs = performance.now() - navigatedAt;
    const messagesInDom = await page.locator("[role=log] article").count();
    const composer = page.locator("textarea").first();
    await composer.waitFor({ state: "visible", timeout: 60_000 });
    // Let the first render settle before measuring.
    await page.waitForTimeout(1000);

    await cdp.send("Performance.enable");
    const metricsBefore = await mainThreadMetrics(cdp);
    if (options.profile) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
      await cdp.send("Profiler.start");
    }
    await page.evaluate(measurementScript);
    await composer.fill("Write a long answer with code, please.");
    const sentAt = performance.now();
    await composer.press("Enter");
    const emittedAt = await session.streamDone;
    await waitForLogText(page, finalMarker);
    const shownAt = performance.now();
    const capture = await stopCapture(page);
    const metricsAfter = await mainThreadMetrics(cdp);
    let profileTop: ReturnType<typeof topSelfTime> | undefined;
    if (options.profile) {
      const { profile } = await cdp.send("Profiler.stop");
      profileTop = topSelfTime(profile, 15);
      if (options.profileFile) await writeFile(options.profileFile, JSON.stringify(profile));
    }
    const rawDeltas = frameDeltas(capture.frames);
    const deltas = wholeFrames(rawDeltas);
    const longest = Math.max(0, ...capture.longTasks.map((task) => task.duration));
    return {
      frames: capture.frames.length,
      frameP50Ms: round(percentile(deltas, 50)),
      frameP95Ms: round(percentile(deltas, 95)),
      frameMaxMs: round(Math.max(...deltas)),
      frameP95RawMs: round(percentile(rawDeltas, 95)),
      longestTaskMs: round(longest) ?? 0,
      longTasks: capture.longTasks.length,
      blockingMs: round(capture.longTasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0)) ?? 0,
      streamMs: round(shownAt - sentAt) ?? 0,
      lagAtEndMs: round(shownAt - (emittedAt.at(-1) ?? shownAt)) ?? 0,
      initialRenderMs: round(initialRenderMs) ?? 0,
      messagesInDom,
      mainThread: metricDeltas(metricsBefore, metricsAfter),
      ...(profileTop ? { profileTop } : {}),
    };
  } finally {
    await session.close();
  }
}

async function mainThreadMetrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return new Map(metrics.map((metric) => [metric.name, metric.value]));
}

const durationMetrics = ["TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"];
const countMetrics = ["LayoutCount", "RecalcStyleCount", "Nodes", "JSHeapUsedSize"];

/** Durations in ms (Chromium reports seconds), counts as they are; Nodes and heap as their value at the end. */
function metricDeltas(before: Map<string, number>, after: Map<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const name of durationMetrics) out[`${name}Ms`] = round(((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000, 0);
  for (const name of countMetrics) {
    const value = name === "Nodes" || name === "JSHeapUsedSize" ? (after.get(name) ?? 0) : (after.get(name) ?? 0) - (before.get(name) ?? 0);
    out[name === "JSHeapUsedSize" ? "JSHeapUsedMb" : name] = round(name === "JSHeapUsedSize" ? value / 2 ** 20 : value, 1);
  }
  return out;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time per function (summed over call sites) from a sampled CPU profile. */
export function topSelfTime(
  profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] },
  count: number,
): { functionName: string; url: string; selfMs: number }[] {
  const byNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((nodeId, index) => byNode.set(nodeId, (byNode.get(nodeId) ?? 0) + (deltas[index + 1] ?? 0) / 1000));
  const byFunction = new Map<string, { functionName: string; url: string; selfMs: number }>();
  for (const node of profile.nodes) {
    const selfMs = byNode.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName}@${url}:${lineNumber}`;
    const entry = byFunction.get(key) ?? { functionName: functionName || "(anonymous)", url: `${url.split("/").at(-1) ?? url}:${lineNumber + 1}`, selfMs: 0 };
    entry.selfMs += selfMs;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count)
    .map((entry) => ({ ...entry, selfMs: round(entry.selfMs, 0) ?? 0 }));
}
