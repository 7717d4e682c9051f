/** The renderer under load (streaming into a 200-message chat) and at any size (the 5,000-message chat). */
import { rmSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../options.ts";
import { measureLongChat, type LongChatRun } from "../renderer-long-chat.ts";
import { buildRenderer, measureRenderer, rendererBuiltAt, rendererUnavailableReason, type RendererRun } from "../renderer.ts";
import { rounded } from "../stats.ts";
import { round, spread } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";

/** A fresh production build in a temporary folder (or `--renderer-dir`), measured, then removed. */
export async function measureRendererSection(run: BenchRun): Promise<void> {
  const { options, notes, log } = run;
  let rendererDir = options["renderer-dir"] ?? "";
  let builtDir: string | undefined;
  if (!options["renderer-dir"]) {
    const build = buildRenderer(repoRoot, log);
    if ("dir" in build) rendererDir = builtDir = build.dir;
    else {
      rendererDir = path.join(repoRoot, "dist", "renderer");
      notes.push(`${build.error}; measured the existing ${path.relative(repoRoot, rendererDir)} instead.`);
    }
  }
  const unavailable = rendererUnavailableReason(rendererDir);
  if (unavailable) {
    run.report.renderer = { skipped: unavailable };
    notes.push(`Renderer not measured: ${unavailable}.`);
  } else {
    try {
      await measureStreaming(run, rendererDir, builtDir !== undefined);
      await measureAtAnySize(run, rendererDir);
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
      run.report.renderer = { skipped: `failed: ${reason}` };
      notes.push(`Renderer measurement failed: ${reason}`);
    }
  }
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
}

async function measureStreaming(run: BenchRun, rendererDir: string, builtThisRun: boolean): Promise<void> {
  const { work, mode, options, log, summary } = run;
  const rendererOptions = {
    rendererDir,
    tokens: work.rendererTokens,
    priorMessages: work.rendererPriorMessages,
    intervalMs: work.rendererTokenIntervalMs,
    cpuThrottle: work.rendererCpuThrottle,
  };
  const runs: RendererRun[] = [];
  const rendererRuns = mode === "quick" ? 1 : 3;
  for (let index = 0; index < rendererRuns; index++) {
    const measured = await measureRenderer(rendererOptions, log);
    runs.push(measured);
    log(`  renderer run ${index + 1}: frame p50 ${measured.frameP50Ms} ms, p95 ${measured.frameP95Ms} ms, longest task ${measured.longestTaskMs} ms (${measured.longTasks} long tasks)`);
  }
  const reference = mode === "quick" ? undefined : await measureRenderer({ ...rendererOptions, cpuThrottle: 1 }, log);
  if (reference) log(`  renderer unthrottled reference: frame p95 ${reference.frameP95Ms} ms, longest task ${reference.longestTaskMs} ms`);
  const profiled = options["renderer-profile"]
    ? await measureRenderer({ ...rendererOptions, profile: true, profileFile: options["renderer-profile"] }, log)
    : undefined;
  run.report.renderer = {
    backend: "the real AppBackend (ChatService, supervisor, contract over the browser host's WebSocket) with a scripted engine: this measures the renderer, not llama.cpp",
    build: builtThisRun ? "production build of the renderer source at the start of this section (vite build)" : rendererDir,
    builtAt: rendererBuiltAt(rendererDir),
    cpuThrottle: work.rendererCpuThrottle,
    tokens: work.rendererTokens,
    priorMessages: work.rendererPriorMessages,
    tokenIntervalMs: work.rendererTokenIntervalMs,
    p50FrameMs: rounded(spread(runs.map((r) => r.frameP50Ms ?? Number.NaN)), 1),
    p95FrameMs: rounded(spread(runs.map((r) => r.frameP95Ms ?? Number.NaN)), 1),
    longestTaskMs: rounded(spread(runs.map((r) => r.longestTaskMs)), 0),
    runs,
    ...(reference ? { reference } : {}),
    ...(profiled ? { profiled } : {}),
  };
  summary.rendererP95FrameMs = round(spread(runs.map((r) => r.frameP95Ms ?? Number.NaN)).median, 1);
  summary.rendererLongestTaskMs = round(spread(runs.map((r) => r.longestTaskMs)).median, 0);
}

async function measureAtAnySize(run: BenchRun, rendererDir: string): Promise<void> {
  const { work, log, summary } = run;
  log(`Renderer at any size: a ${work.longChatMessages}-message chat, a ${work.longChatBigBlockBytes / 1000} KB code block every ${work.longChatBigBlockEvery} messages…`);
  const longChat: LongChatRun = await measureLongChat(
    {
      rendererDir,
      cpuThrottle: work.rendererCpuThrottle,
      messages: work.longChatMessages,
      bigBlockEvery: work.longChatBigBlockEvery,
      bigBlockBytes: work.longChatBigBlockBytes,
      tokens: work.longChatTokens,
      intervalMs: work.rendererTokenIntervalMs,
    },
    log,
  );
  if ("runs" in run.report.renderer) run.report.renderer["longChat"] = longChat;
  summary.rendererOpenLongChatLongestTaskMs = longChat.open.longestTaskMs;
  summary.rendererScrollP95FrameMs = longChat.scroll.frameP95Ms;
  summary.rendererStreamLongChatP95FrameMs = longChat.stream.frameP95Ms;
}
