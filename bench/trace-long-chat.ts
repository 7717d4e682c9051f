/**
 * `npx tsx bench/trace-long-chat.ts [RENDERER_DIR] [--no-trace | --profile]`: the bench's long-chat phases alone (the
 * 5,000-message chat with 100 KB code blocks, 4× CPU throttling), each with its figures and, for finding causes, the
 * long main-thread tasks of a Chromium trace and what they spent their time on (or, with --profile, the functions
 * with the most self time). Quicker than `npm run bench -- --renderer-only`; build the renderer with `--minify false`
 * to read function names.
 */
import type { CDPSession } from "playwright-core";
import { measureLongChat, type LongChatOptions } from "./renderer-long-chat.ts";
import { startTrace, stopTrace } from "./renderer-trace.ts";
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

const probe = process.argv.includes("--profile") ? profileProbe : process.argv.includes("--no-trace") ? undefined : traceProbe;
const work = workload(false);
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
