/**
 * Diagnosis, not a figure: a Chromium performance trace (DevTools protocol `Tracing`) of a page phase, reduced to its
 * long main-thread tasks and what each spent its time on. `npx tsx bench/renderer-trace.ts` traces opening, scrolling
 * and streaming into the long chat the bench measures.
 */
import type { CDPSession } from "playwright-core";

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: unlike `dur`, not stretched while other processes hold the cores. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { functionName?: string; url?: string; type?: string } };
}

export interface TracedTask {
  ms: number;
  /** The task's main-thread CPU time. */
  cpuMs: number;
  /** Time per event name inside the task (nested time counted in each level), the largest first. */
  inside: [string, number][];
}

// Trace categories as Chromium's DevTools Performance panel records them (devtools-frontend
// `front_end/panels/timeline/TimelineController.ts`, `disabled-by-default-devtools.timeline` and friends).
const categories = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"].join(",");

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send("Tracing.start", { categories, transferMode: "ReturnAsStream" });
}

/** Reads a DevTools protocol stream (a trace returned with transferMode "ReturnAsStream") to its end and closes it. */
export async function readStream(cdp: CDPSession, handle: string): Promise<string> {
  let text = "";
  for (;;) {
    const chunk = await cdp.send("IO.read", { handle });
    text += chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send("IO.close", { handle });
  return text;
}

export interface TracedPhase {
  /** Main-thread tasks longer than the threshold (wall time), longest first, with their breakdown. */
  tasks: TracedTask[];
  /** The most CPU time one main-thread task took, and all tasks' CPU time together. */
  longestCpuMs: number;
  totalCpuMs: number;
}

/** Stops tracing and reduces the trace to its main-thread tasks. */
export async function stopTrace(cdp: CDPSession, overMs = 50): Promise<TracedPhase> {
  const done = new Promise<string>((resolve) => cdp.once("Tracing.tracingComplete", (event) => resolve(event.stream ?? "")));
  await cdp.send("Tracing.end");
  const parsed = JSON.parse(await readStream(cdp, await done)) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find((event) => event.name === "thread_name" && (event as { args?: { name?: string } }).args?.name === "CrRendererMain");
  const onMain = events.filter((event) => main && event.pid === main.pid && event.tid === main.tid && event.ph === "X" && event.dur !== undefined);
  const allTasks = onMain.filter((event) => event.name === "RunTask");
  const cpu = allTasks.map((task) => (task.tdur ?? 0) / 1000);
  const tasks = allTasks.filter((task) => (task.dur ?? 0) > overMs * 1000).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  const traced = tasks.map((task): TracedTask => {
    const inside = new Map<string, number>();
    for (const event of onMain) {
      if (event === task || event.ts < task.ts || event.ts + (event.dur ?? 0) > task.ts + (task.dur ?? 0)) continue;
      const data = event.args?.data;
      const name = event.name === "FunctionCall" && data?.functionName ? `FunctionCall ${data.functionName}` : event.name;
      inside.set(name, (inside.get(name) ?? 0) + (event.dur ?? 0) / 1000);
    }
    return { ms: Math.round((task.dur ?? 0) / 1000), cpuMs: Math.round((task.tdur ?? 0) / 1000), inside: [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, ms]): [string, number] => [n, Math.round(ms)]) };
  });
  return { tasks: traced, longestCpuMs: Math.round(Math.max(0, ...cpu)), totalCpuMs: Math.round(cpu.reduce((a, b) => a + b, 0)) };
}
