/**
 * `npx tsx bench/trace-long-chat.ts [RENDERER_DIR] [--no-trace | --profile]`: the bench's long-chat phases alone (the
 * 5,000-message chat with 100 KB code blocks, 4× CPU throttling), each with its figures and, for finding causes, the
 * long main-thread tasks of a Chromium trace and what they spent their time on (or, with --profile, the functions
 * with the most self time). Quicker than `npm run bench -- --renderer-only`; build the renderer with `--minify false`
 * to read function names. `--tasks` traces and profiles together: for each phase's longest tasks (CPU time), the
 * functions that ran inside them, with their inclusive sampled time. `--short` runs the bench's short-chat streaming
 * phase instead (a 200-message chat receiving the 1,000-piece answer), with the same probe.
 */
import type { CDPSession } from "playwright-core";
import { measureLongChat, type LongChatOptions } from "./renderer-long-chat.ts";
import { measurementScript, openRendererSession, stopCapture, waitForLogText } from "./renderer-session.ts";
import { priorConversation, priorConversationMarker, streamedAnswer } from "./scripted-chat.ts";
import { frameDeltas, percentile, round, wholeFrames } from "./stats.ts";
import { readStream, startTrace, stopTrace } from "./renderer-trace.ts";
import { topSelfTime } from "./renderer.ts";
import { workload } from "./settings.ts";

const log = (line: string) => console.log(line);
const rendererDir = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? "dist/renderer";

const traceProbe: LongChatOptions["probe"] = {
  start: (cdp) => startTrace(cdp),
  async stop(cdp, phase) {
    const { tasks, longestCpuMs, totalCpuMs } = await stopTrace(cdp);
    log(`  ${phase}: longest task ${longestCpuMs} ms CPU, all tasks ${totalCpuMs} ms CPU; ${tasks.length} tasks over 50 ms (wall)`);
    for (const task of tasks.slice(0, 4)) log(`    ${task.ms} ms (${task.cpuMs} CPU): ${task.inside.map(([name, ms]) => `${name} ${ms}`).join(", ")}`);
  },
};

const profileProbe: LongChatOptions["probe"] = {
  async start(cdp: CDPSession) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
  },
  async stop(cdp: CDPSession, phase: string) {
    const { profile } = await cdp.send("Profiler.stop");
    log(`  ${phase}: ${topSelfTime(profile, 20).map((f) => `${f.functionName} (${f.url}) ${f.selfMs}`).join(", ")}`);
  },
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Trace events and CPU-profile samples share Chromium's monotonic clock (both in microseconds). */
const tasksProbe: LongChatOptions["probe"] = {
  async start(cdp: CDPSession) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
    await cdp.send("Profiler.start");
    await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReturnAsStream" });
  },
  async stop(cdp: CDPSession, phase: string) {
    const { profile } = await cdp.send("Profiler.stop");
    const done = new Promise<string>((resolve) => cdp.once("Tracing.tracingComplete", (event) => resolve(event.stream ?? "")));
    await cdp.send("Tracing.end");
    const text = await readStream(cdp, await done);
    type Event = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };
    const parsed = JSON.parse(text) as { traceEvents: Event[] } | Event[];
    const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
    const main = events.find((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain");
    const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined);
    const tasks = onMain.filter((e) => e.name === "RunTask").sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 5);
    const nodes = profile.nodes as ProfileNode[];
    const parent = new Map<number, number>();
    for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const sampleTimes: number[] = [];
    let at = profile.startTime;
    for (const delta of profile.timeDeltas ?? []) sampleTimes.push((at += delta));
    log(`  ${phase}: longest tasks by CPU`);
    for (const task of tasks) {
      const from = task.ts;
      const to = task.ts + (task.dur ?? 0);
      const inclusive = new Map<string, number>();
      const self = new Map<string, number>();
      const phases = new Map<string, number>();
      for (const event of onMain) {
        if (event === task || event.ts < from || event.ts + (event.dur ?? 0) > to) continue;
        if (["Layout", "UpdateLayoutTree", "Paint", "PrePaint", "Layerize", "Commit", "MinorGC", "MajorGC", "HitTest"].includes(event.name))
          phases.set(event.name, (phases.get(event.name) ?? 0) + (event.dur ?? 0) / 1000);
      }
      (profile.samples ?? []).forEach((id, index) => {
        const time = sampleTimes[index] ?? 0;
        if (time < from || time > to) return;
        const ms = (profile.timeDeltas?.[index + 1] ?? 0) / 1000;
        const seen = new Set<string>();
        const leaf = byId.get(id);
        if (leaf) self.set(leaf.callFrame.functionName || "(anonymous)", (self.get(leaf.callFrame.functionName || "(anonymous)") ?? 0) + ms);
        for (let node = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
          const name = `${node.callFrame.functionName || "(anonymous)"}:${node.callFrame.lineNumber + 1}`;
          if (seen.has(name)) continue;
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
        }
      });
      const top = (map: Map<string, number>, count: number) =>
        [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => `${name} ${Math.round(ms)}`).join(", ");
      log(`    ${Math.round((task.dur ?? 0) / 1000)} ms (${Math.round((task.tdur ?? 0) / 1000)} CPU); ${top(phases, 6)}`);
      log(`      inclusive: ${top(inclusive, 40)}`);
      log(`      self: ${top(self, 12)}`);
    }
  },
};

const probe = process.argv.includes("--tasks")
  ? tasksProbe
  : process.argv.includes("--profile") ? profileProbe : process.argv.includes("--no-trace") ? undefined : traceProbe;
const work = workload(false);

/** The bench's short-chat streaming phase (bench/renderer.ts, `measureRenderer`), with the probe around it. */
async function shortChat(): Promise<void> {
  const pieces = streamedAnswer(work.rendererTokens);
  const finalMarker = pieces.slice(-6).join("").trim();
  const conversation = priorConversation("bench-renderer", work.rendererPriorMessages, Date.now());
  const options = { rendererDir, cpuThrottle: work.rendererCpuThrottle, intervalMs: work.rendererTokenIntervalMs };
  const session = await openRendererSession({ ...options, conversations: [conversation], pieces }, log);
  try {
    const { page, cdp } = session;
    await page.goto(session.url);
    await waitForLogText(page, priorConversationMarker);
    const composer = page.locator("textarea").first();
    await composer.waitFor({ state: "visible", timeout: 60_000 });
    await page.waitForTimeout(1000);
    await probe?.start(cdp);
    await page.evaluate(measurementScript);
    await composer.fill("Write a long answer with code, please.");
    await composer.press("Enter");
    await session.streamDone;
    await waitForLogText(page, finalMarker);
    const capture = await stopCapture(page);
    await probe?.stop(cdp, "short-chat stream");
    const deltas = wholeFrames(frameDeltas(capture.frames));
    const longest = Math.max(0, ...capture.longTasks.map((task) => task.duration));
    log(JSON.stringify({ short: { frameP95Ms: round(percentile(deltas, 95)), longestTaskMs: round(longest), longTasks: capture.longTasks.length } }));
  } finally {
    await session.close();
  }
}

if (process.argv.includes("--short")) {
  await shortChat();
  process.exit(0);
}

const run = await measureLongChat(
  {
    rendererDir,
    cpuThrottle: work.rendererCpuThrottle,
    messages: work.longChatMessages,
    bigBlockEvery: work.longChatBigBlockEvery,
    bigBlockBytes: work.longChatBigBlockBytes,
    tokens: work.longChatTokens,
    intervalMs: work.rendererTokenIntervalMs,
    ...(probe && { probe }),
  },
  log,
);
const { open, wheelScroll, jumpScroll, scroll, stream } = run;
log(JSON.stringify({ open, wheelScroll, jumpScroll, scroll, stream }));
