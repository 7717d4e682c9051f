/** The JSON report's shape, its `summary`, the targets, and the tables printed from it. Pure: no I/O. */
import type { CeilingSection } from "./ceiling-section.ts";
import type { Machine } from "./machine.ts";
import { appBeyondTargetMb, engineBeyondTargetMb, memoryTableRows } from "./memory-table.ts";
import type { RendererRun } from "./renderer.ts";
import type { RoundedSpread } from "./stats.ts";

/** The figures anyone can check by script (`jq .summary bench/results/latest.json`); null when not measured. */
export interface Summary {
  /** ours/raw generation tokens/s: median of the per-pair ratios. */
  generationRatio: number | null;
  /** ours/raw prompt tokens/s (~512-token prompt): median of the per-pair ratios. */
  promptRatio: number | null;
  /**
   * What our pipeline adds to the time to first token, ms: per answer, the TTFT the stand-in renderer saw minus
   * the TTFT the engine measured around node-llama-cpp for the same answer; median over all answers.
   */
  ttftOverheadMs: number | null;
  /** Our TTFT of turn 10 / turn 1 in a 10-turn conversation: median over the conversations. */
  turn10OverTurn1: number | null;
  /** Peak RSS (VmHWM) of the engine process, MiB. */
  engineRssMb: number | null;
  /** Peak RSS of the main-process side (sampled), MiB. */
  mainRssMb: number | null;
  /** Engine peak − model file − KV cache, MiB (issue #18 item 4: ≤ 500); `memory.engineAccount` has its parts. */
  engineBeyondModelAndKvMb: number | null;
  /** Engine + main side + a Chromium renderer process, peaks, − model file − KV cache, MiB (≤ 900); `memory.wholeApp`. */
  appBeyondModelAndKvMb: number | null;
  /** Process start → engine "ready", page cache emptied first, with the load mode this machine's rule picks: median, ms. */
  coldStartMs: number | null;
  /** The same with the model read (useMmap false) / mapped (useMmap true), and warm (file cached, the rule's mode). */
  coldStartReadMs: number | null;
  coldStartMmapMs: number | null;
  warmStartMs: number | null;
  /** Model file bytes / the engine's load time on a cold cache, MB/s: read and mmap. */
  coldLoadReadMBps: number | null;
  coldLoadMmapMBps: number | null;
  /** Renderer frame time p95 while streaming, ms (CPU throttled): median over runs. */
  rendererP95FrameMs: number | null;
  /** Longest main-thread task while streaming, ms (CPU throttled): median over runs. */
  rendererLongestTaskMs: number | null;
  /** ours / llama-bench prompt tokens/s (same model, threads, batch): median of the per-pair ratios. */
  engineCeilingPromptRatio: number | null;
  /** ours / llama-bench generation tokens/s: median of the per-pair ratios. */
  engineCeilingGenerationRatio: number | null;
  /** Weight bytes per token × generation tokens/s ÷ the read bandwidth measured beside each pair: medians. */
  bandwidthFraction: { llamaBench: number | null; raw: number | null; ours: number | null } | null;
  /** Longest main-thread task while opening a 5,000-message chat with 100 KB code blocks (CPU throttled), ms. */
  rendererOpenLongChatLongestTaskMs: number | null;
  /** Frame p95 while wheel- and jump-scrolling that chat (CPU throttled), ms. */
  rendererScrollP95FrameMs: number | null;
  /** Frame p95 while an answer streams at the end of that chat (CPU throttled), ms. */
  rendererStreamLongChatP95FrameMs: number | null;
  /** Generation tokens/s through streamed /api/chat (the official ollama client) / through chat.send, same engine: median of the per-pair ratios. */
  apiGenerationRatio: number | null;
  /** API TTFT − chat.send TTFT for the same prompt, pair by pair: median, ms. */
  apiTtftOverheadMs: number | null;
}

/** The summary's single figures (every field but the bandwidth fractions' object). */
export type SummaryFigure = Exclude<keyof Summary, "bandwidthFraction">;

export const summaryFields = [
  "generationRatio",
  "promptRatio",
  "ttftOverheadMs",
  "turn10OverTurn1",
  "engineRssMb",
  "mainRssMb",
  "engineBeyondModelAndKvMb",
  "appBeyondModelAndKvMb",
  "coldStartMs",
  "coldStartReadMs",
  "coldStartMmapMs",
  "warmStartMs",
  "coldLoadReadMBps",
  "coldLoadMmapMBps",
  "rendererP95FrameMs",
  "rendererLongestTaskMs",
  "engineCeilingPromptRatio",
  "engineCeilingGenerationRatio",
  "bandwidthFraction",
  "rendererOpenLongChatLongestTaskMs",
  "rendererScrollP95FrameMs",
  "rendererStreamLongChatP95FrameMs",
  "apiGenerationRatio",
  "apiTtftOverheadMs",
] as const satisfies readonly (keyof Summary)[];

export interface Target {
  field: SummaryFigure;
  label: string;
  op: ">=" | "<=";
  value: number;
}

export const targets: readonly Target[] = [
  { field: "generationRatio", label: "generation ours/raw", op: ">=", value: 0.98 },
  { field: "promptRatio", label: "prompt ours/raw", op: ">=", value: 0.97 },
  { field: "ttftOverheadMs", label: "TTFT overhead", op: "<=", value: 30 },
  { field: "turn10OverTurn1", label: "turn-10/turn-1 TTFT", op: "<=", value: 1.2 },
  { field: "rendererP95FrameMs", label: "renderer p95 frame", op: "<=", value: 16.7 },
  { field: "rendererLongestTaskMs", label: "renderer longest task", op: "<=", value: 50 },
  { field: "engineCeilingGenerationRatio", label: "generation ours/llama-bench", op: ">=", value: 0.95 },
  { field: "rendererOpenLongChatLongestTaskMs", label: "open 5,000-msg chat task", op: "<=", value: 100 },
  { field: "rendererScrollP95FrameMs", label: "scroll long chat p95", op: "<=", value: 33 },
  { field: "rendererStreamLongChatP95FrameMs", label: "stream in long chat p95", op: "<=", value: 33 },
  // Issue #15 point 7: through the API ≥ 0.98 × the in-app pipeline, time to first token overhead ≤ 30 ms.
  { field: "apiGenerationRatio", label: "generation API/in-app", op: ">=", value: 0.98 },
  { field: "apiTtftOverheadMs", label: "API TTFT overhead", op: "<=", value: 30 },
  // Issue #18 item 4, on the published layout: the engine beyond model + KV cache, and the whole app (bench/memory-table.ts).
  { field: "engineBeyondModelAndKvMb", label: "engine beyond model + KV", op: "<=", value: engineBeyondTargetMb },
  { field: "appBeyondModelAndKvMb", label: "whole app beyond model + KV", op: "<=", value: appBeyondTargetMb },
];

export interface TargetCheck extends Target {
  actual: number | null;
  /** null when the figure was not measured. */
  met: boolean | null;
}

export function checkTargets(summary: Summary): TargetCheck[] {
  return targets.map((target) => {
    const actual = summary[target.field];
    const met = actual === null ? null : target.op === ">=" ? actual >= target.value : actual <= target.value;
    return { ...target, actual, met };
  });
}

/** What one side (raw or ours) measured over the pairs. */
export interface SideFigures {
  ttftMs: RoundedSpread;
  promptTokens: RoundedSpread;
  promptTokensPerSecond: RoundedSpread;
  generatedTokens: RoundedSpread;
  tokensPerSecond: RoundedSpread;
}

export interface PairedSection {
  raw: SideFigures;
  ours: SideFigures;
  /** Per-pair ours/raw of prompt tokens/s. */
  promptRatio: RoundedSpread;
  /** Per-pair ours/raw of generation tokens/s. */
  generationRatio: RoundedSpread;
  /** Per-pair ours − raw TTFT, ms. */
  ttftDifferenceMs: RoundedSpread;
  /** Ours only, same answer: the stand-in renderer's TTFT − the engine's own TTFT (IPC, validation, ChatService). */
  pipelineTtftOverheadMs: RoundedSpread;
  /**
   * Ours only, same answer: generation tokens/s at the stand-in renderer / tokens/s the engine measured itself. 1.0
   * means every token reaches the renderer as fast as llama.cpp produces it (nothing queues in IPC or validation).
   */
  deliveryGenerationRatio: RoundedSpread;
  /** Per-pair ours/raw CPU time (engine + main side vs the bench process): the cost, less sensitive to a busy machine. */
  cpuRatio: RoundedSpread;
  /** Pairs whose answers were the same text on both sides (greedy decoding: should be all). */
  identicalAnswers: number;
  pairs: unknown[];
}

export interface Report {
  schema: 1;
  mode: "full" | "quick";
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: Machine;
  settings: Record<string, unknown>;
  model: Record<string, unknown>;
  single: PairedSection | null;
  shortPrompt: PairedSection | null;
  ttftOverhead: Record<string, unknown> | null;
  /** `--control`: raw vs raw in another process (A/A), the noise floor of the ratios. */
  control: { promptRatio: RoundedSpread; generationRatio: RoundedSpread; cpuRatio: RoundedSpread; note: string } | null;
  /** ours and raw against llama-bench and the memory's read bandwidth. */
  ceiling: CeilingSection | { skipped: string } | null;
  multiTurn: Record<string, unknown> | null;
  /** Streamed /api/chat through the official ollama client vs chat.send, on the same engine. */
  apiPath: Record<string, unknown> | null;
  memory: Record<string, unknown> | null;
  coldStart: Record<string, unknown> | null;
  renderer: { runs: RendererRun[]; reference?: RendererRun; [key: string]: unknown } | { skipped: string };
  summary: Summary;
  targets: TargetCheck[];
  notes: string[];
}

/** A summary with nothing measured yet. */
export function emptySummary(): Summary {
  return Object.fromEntries(summaryFields.map((field) => [field, null])) as unknown as Summary;
}

/** A report as a run starts it: what it runs on and with; every section empty until its phase fills it. */
export function startedReport(start: Pick<Report, "mode" | "startedAt" | "machine" | "settings" | "summary" | "notes">): Report {
  return {
    schema: 1,
    mode: start.mode,
    startedAt: start.startedAt,
    finishedAt: "",
    durationMs: 0,
    machine: start.machine,
    settings: start.settings,
    model: {},
    single: null,
    shortPrompt: null,
    ttftOverhead: null,
    control: null,
    ceiling: null,
    multiTurn: null,
    apiPath: null,
    memory: null,
    coldStart: null,
    renderer: { skipped: "not run" },
    summary: start.summary,
    targets: [],
    notes: start.notes,
  };
}

const show = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined ? "—" : value.toFixed(digits));

export function showSpread(spread: RoundedSpread | undefined, digits = 2, unit = ""): string {
  if (!spread || spread.median === null) return "—";
  if (spread.n <= 1) return `${show(spread.median, digits)}${unit}`;
  return `${show(spread.median, digits)}${unit} (${show(spread.min, digits)}–${show(spread.max, digits)})`;
}

function verdict(check: TargetCheck | undefined): string {
  if (!check) return "";
  const goal = `${check.op === ">=" ? "≥" : "≤"} ${check.value}`;
  if (check.met === null) return `${goal}: not measured`;
  return `${goal} ${check.met ? "✅" : "❌"}`;
}

/** The Markdown table for the README's performance section. */
export function markdownTable(report: Report): string {
  const check = (field: SummaryFigure) => report.targets.find((target) => target.field === field);
  const { machine, single, multiTurn, memory, coldStart, renderer } = report;
  const lines: string[] = [];
  const date = report.startedAt.slice(0, 10);
  lines.push(
    `Measured ${date} with \`npm run bench${report.mode === "quick" ? " -- --quick" : ""}\` on ${machine.cpuModel}, ${machine.availableParallelism} cores, ` +
      `${machine.totalMemoryGb ?? "?"} GB RAM, ${machine.os}, Node ${machine.node}, node-llama-cpp ${machine.nodeLlamaCpp}; ` +
      `load average ${machine.loadBefore.join(" / ")} before, ${machine.loadAfter?.join(" / ") ?? "?"} after (a shared, noisy machine: ` +
      `every figure is a median with its min–max, ratios are taken within interleaved pairs). Model: ${String(report.model["description"] ?? "")}.`,
    "",
    "| Figure | Raw node-llama-cpp | Ours (engine process + supervisor + contract) | Ours vs raw (median, min–max) | Target |",
    "|---|---|---|---|---|",
  );
  if (single) {
    lines.push(
      `| Prompt processing, ~${show(single.raw.promptTokens.median, 0)}-token prompt (tokens/s) | ${showSpread(single.raw.promptTokensPerSecond)} | ${showSpread(single.ours.promptTokensPerSecond)} | ×${showSpread(single.promptRatio, 3)} | ${verdict(check("promptRatio"))} |`,
      `| Generation, ${show(single.ours.generatedTokens.median, 0)} tokens (tokens/s) | ${showSpread(single.raw.tokensPerSecond)} | ${showSpread(single.ours.tokensPerSecond)} | ×${showSpread(single.generationRatio, 3)} | ${verdict(check("generationRatio"))} |`,
      `| Time to first token, ~${show(single.raw.promptTokens.median, 0)}-token prompt (ms) | ${showSpread(single.raw.ttftMs, 0)} | ${showSpread(single.ours.ttftMs, 0)} | ${showSpread(single.ttftDifferenceMs, 0, " ms")} | |`,
    );
  }
  if (report.shortPrompt) {
    const short = report.shortPrompt;
    lines.push(
      `| Time to first token, ${show(short.raw.promptTokens.median, 0)}-token prompt (ms) | ${showSpread(short.raw.ttftMs, 0)} | ${showSpread(short.ours.ttftMs, 0)} | ${showSpread(short.ttftDifferenceMs, 0, " ms")} | |`,
    );
  }
  const overhead = report.ttftOverhead as { sameAnswerMs?: RoundedSpread } | null;
  if (overhead?.sameAnswerMs) {
    lines.push(
      `| TTFT added by our pipeline: renderer's TTFT − engine's TTFT, same answer (ms) | | ${showSpread(overhead.sameAnswerMs, 1)} | | ${verdict(check("ttftOverheadMs"))} |`,
    );
  }
  if (single) {
    lines.push(
      `| Generation as the renderer receives it / as the engine produces it (same answer) | | ×${showSpread(single.deliveryGenerationRatio, 4)} | | |`,
      `| CPU time per answer, ours (engine + main) / raw | | | ×${showSpread(single.cpuRatio, 3)} | |`,
    );
  }
  if (report.control) {
    lines.push(
      `| Noise floor (A/A): raw in a second process / raw, prompt · generation | | | ×${showSpread(report.control.promptRatio, 3)} · ×${showSpread(report.control.generationRatio, 3)} | |`,
    );
  }
  if (report.ceiling && "llamaBench" in report.ceiling) {
    const ceiling = report.ceiling;
    if (ceiling.llamaBench) {
      lines.push(
        `| llama-bench (llama.cpp's own, same source and settings): prompt · generation (tokens/s) | ${showSpread(ceiling.llamaBench.promptTokensPerSecond)} · ${showSpread(ceiling.llamaBench.tokensPerSecond)} | | | |`,
        `| Against llama-bench: prompt · generation | ×${showSpread(ceiling.rawPromptRatio ?? undefined, 3)} · ×${showSpread(ceiling.rawGenerationRatio ?? undefined, 3)} | ×${showSpread(ceiling.oursPromptRatio ?? undefined, 3)} · ×${showSpread(ceiling.oursGenerationRatio ?? undefined, 3)} | | ${verdict(check("engineCeilingGenerationRatio"))} |`,
      );
    }
    if (ceiling.rawPerToken) {
      const { decodeMs, sampleMs, otherMs } = ceiling.rawPerToken;
      lines.push(
        `| Raw's generated token (ms): llama_decode · sampling over the vocabulary · JS and thread hops; decode alone vs llama-bench | ${showSpread(decodeMs, 1)} · ${showSpread(sampleMs, 2)} · ${showSpread(otherMs, 2)}; ×${showSpread(ceiling.rawDecodeOnlyRatio ?? undefined, 3)} | | | |`,
      );
    }
    if (ceiling.bandwidthFraction) {
      const fraction = ceiling.bandwidthFraction;
      lines.push(
        `| Share of the read bandwidth (${showSpread(ceiling.bandwidthGbPerSecond ?? undefined, 1)} GB/s) generation uses: llama-bench ${showSpread(fraction.llamaBench ?? undefined, 3)} | ${showSpread(fraction.raw ?? undefined, 3)} | ${showSpread(fraction.ours ?? undefined, 3)} | | |`,
      );
    }
  }
  if (multiTurn) {
    const figure = multiTurn as { raw10over1?: RoundedSpread; ours10over1?: RoundedSpread; turns?: number };
    lines.push(
      `| Multi-turn: TTFT turn ${figure.turns ?? 10} / turn 1 | ${showSpread(figure.raw10over1, 2)} | ${showSpread(figure.ours10over1, 2)} | | ${verdict(check("turn10OverTurn1"))} |`,
    );
  }
  if (report.apiPath) {
    const figure = report.apiPath as { generationRatio?: RoundedSpread; ttftDifferenceMs?: RoundedSpread };
    lines.push(
      `| API path (ollama client, streamed /api/chat) / in-app chat.send, same engine: generation · TTFT added (ms) | | ×${showSpread(figure.generationRatio, 3)} · ${showSpread(figure.ttftDifferenceMs, 1)} | | ${verdict(check("apiGenerationRatio"))} ${verdict(check("apiTtftOverheadMs"))} |`,
    );
  }
  if (memory) {
    const figure = memory as { rawRssMb?: number | null; engineRssMb?: number | null; mainRssMb?: number | null; engineBeyondModelAndKvMb?: number | null };
    lines.push(
      `| Peak RSS (MiB) | ${show(figure.rawRssMb, 0)} (bench process) | engine ${show(figure.engineRssMb, 0)}, main side ${show(figure.mainRssMb, 0)} | engine beyond model file + KV cache: ${show(figure.engineBeyondModelAndKvMb, 0)} | |`,
      ...memoryTableRows(memory),
    );
  }
  if (coldStart) {
    const figure = coldStart as Record<"coldRead" | "coldMmap" | "warmRead" | "warmMmap", { startMs?: RoundedSpread; loadMBps?: RoundedSpread } | undefined>;
    for (const [key, label] of [["coldRead", "cold, read"], ["coldMmap", "cold, mmap"], ["warmRead", "warm, read"], ["warmMmap", "warm, mmap"]] as const) {
      lines.push(`| Start to "ready", ${label} (ms; model load MB/s) | | ${showSpread(figure[key]?.startMs, 0)} (${showSpread(figure[key]?.loadMBps, 0)} MB/s) | | |`);
    }
  }
  if ("runs" in renderer) {
    const figure = renderer as { p95FrameMs?: RoundedSpread; p50FrameMs?: RoundedSpread; longestTaskMs?: RoundedSpread; cpuThrottle?: number };
    lines.push(
      `| Renderer, ${renderer.runs.length} run(s), CPU ×${figure.cpuThrottle ?? 4} throttled: frame p50 / p95 (ms) | | ${showSpread(figure.p50FrameMs, 1)} / ${showSpread(figure.p95FrameMs, 1)} | | ${verdict(check("rendererP95FrameMs"))} |`,
      `| Renderer: longest task (ms) | | ${showSpread(figure.longestTaskMs, 0)} | | ${verdict(check("rendererLongestTaskMs"))} |`,
    );
  } else {
    lines.push(`| Renderer under load | | not measured: ${renderer.skipped} | | |`);
  }
  lines.push(
    `| *Reference, not measured by us:* Raspberry Pi 5 8 GB, \`ollama run gemma2:2b\` (Q4_0, 1.63 GB) | ≈ 5.7 tokens/s generation, ≈ 19.8 s cold load | | | |`,
  );
  return lines.join("\n");
}

/** The short summary printed at the end of a run. */
export function summaryLines(report: Report): string[] {
  return report.targets.map((target) => {
    const state = target.met === null ? "not measured" : target.met ? "met" : "MISSED";
    return `  ${target.label.padEnd(24)} ${show(target.actual, 3).padStart(10)}  (target ${target.op} ${target.value}): ${state}`;
  });
}
