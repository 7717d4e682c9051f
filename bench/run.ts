/**
 * `npm run bench` (full, ~15–20 min) and `npm run bench -- --quick` (~5 min): raw node-llama-cpp vs our pipeline on
 * a random-weight model with the exact Gemma 2 2B shape, interleaved so that every figure is a ratio measured in the
 * same run; plus memory, cold start and the renderer under load. Writes bench/results/latest.json and prints tables.
 * See bench/README.md.
 */
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { GEMMA2_SHAPES } from "../tools/make-model/gemma2-shapes.ts";
import { ensureReadBandwidthTool, measureReadBandwidth, weightBytesPerToken } from "./bandwidth.ts";
import { ceilingSection, type CeilingSample } from "./ceiling-section.ts";
import { forkBenchChild } from "./child.ts";
import { measureColdStarts } from "./cold-start.ts";
import { ensureLlamaBench, runCeiling, type LlamaBenchBuild } from "./engine-ceiling.ts";
import { describeMachine, loadAverage } from "./machine.ts";
import type { AnswerResult } from "./measure.ts";
import { engineMemoryAccount, processMemory } from "./memory.ts";
import { ensureBenchModel } from "./model.ts";
import { Pipeline, type PipelineMemory } from "./pipeline.ts";
import type { PipelineAnswer, PipelineTransport } from "./pipeline-host.ts";
import { promptOfTokens } from "./prompts.ts";
import { RawBaseline } from "./raw.ts";
import { measureLongChat, type LongChatRun } from "./renderer-long-chat.ts";
import { buildRenderer, measureRenderer, rendererBuiltAt, rendererUnavailableReason, type RendererRun } from "./renderer.ts";
import {
  checkTargets,
  markdownTable,
  rounded,
  summaryLines,
  type PairedSection,
  type Report,
  type SideFigures,
  type Summary,
} from "./report.ts";
import { benchSampling, chooseThreads, loadSettings, smokeWorkload, workload } from "./settings.ts";
import { pairedDifferences, pairedRatios, pairOrder, round, spread, toMiB } from "./stats.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const log = (line: string) => console.log(line);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      smoke: { type: "boolean", default: false },
      pairs: { type: "string" },
      threads: { type: "string", default: "auto" },
      batch: { type: "string" },
      context: { type: "string" },
      engine: { type: "string", default: "source" },
      transport: { type: "string", default: "memory" },
      "skip-renderer": { type: "boolean", default: false },
      "renderer-only": { type: "boolean", default: false },
      "renderer-dir": { type: "string" },
      "renderer-profile": { type: "string" },
      out: { type: "string", default: path.join(repoRoot, "bench", "results", "latest.json") },
      verbose: { type: "boolean", default: false },
      control: { type: "boolean", default: false },
      "skip-ceiling": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    log(`Usage: npm run bench -- [--quick | --smoke] [--pairs N] [--threads auto|N] [--batch N] [--context N] [--engine source|built] [--transport memory|websocket]
         [--control] [--skip-ceiling] [--skip-renderer | --renderer-only] [--renderer-dir DIR] [--renderer-profile FILE.cpuprofile] [--out FILE] [--verbose]`);
    process.exit(0);
  }
  if (values.engine !== "source" && values.engine !== "built") throw new Error("--engine must be source or built");
  if (values.transport !== "memory" && values.transport !== "websocket") throw new Error("--transport must be memory or websocket");
  return { ...values, engine: values.engine as "source" | "built", transport: values.transport as PipelineTransport };
}

/** Source via tsx (default: always the code in the tree, as the browser host and the tests run it) or the tsc build. */
function engineEntry(kind: "source" | "built"): { kind: string; path: string; execArgv: string[] } {
  if (kind === "built") {
    const built = path.join(repoRoot, "dist-electron", "electron", "engine", "entry.js");
    if (!existsSync(built)) throw new Error(`--engine built: ${built} does not exist (npm run build:electron)`);
    return { kind: "built (dist-electron, plain node)", path: built, execArgv: [] };
  }
  return { kind: "source (electron/engine/entry.ts via --import tsx)", path: path.join(repoRoot, "electron", "engine", "entry.ts"), execArgv: ["--import", "tsx"] };
}

function sideFigures(results: AnswerResult[]): SideFigures {
  return {
    ttftMs: rounded(spread(results.map((r) => r.ttftMs)), 1),
    promptTokens: rounded(spread(results.map((r) => r.promptTokens)), 0),
    promptTokensPerSecond: rounded(spread(results.map((r) => r.promptTokensPerSecond)), 2),
    generatedTokens: rounded(spread(results.map((r) => r.generatedTokens)), 0),
    tokensPerSecond: rounded(spread(results.map((r) => r.tokensPerSecond)), 3),
  };
}

interface Pair {
  order: string;
  raw: AnswerResult & { textSha1: string };
  ours: PipelineAnswer;
  identical: boolean;
}

function pairedSection(pairs: Pair[]): PairedSection {
  const raw = pairs.map((pair) => pair.raw);
  const ours = pairs.map((pair) => pair.ours);
  return {
    raw: sideFigures(raw),
    ours: sideFigures(ours),
    promptRatio: rounded(spread(pairedRatios(raw.map((r) => r.promptTokensPerSecond), ours.map((r) => r.promptTokensPerSecond))), 4),
    generationRatio: rounded(spread(pairedRatios(raw.map((r) => r.tokensPerSecond), ours.map((r) => r.tokensPerSecond))), 4),
    ttftDifferenceMs: rounded(spread(pairedDifferences(raw.map((r) => r.ttftMs), ours.map((r) => r.ttftMs))), 1),
    pipelineTtftOverheadMs: rounded(spread(ours.map((r) => r.ttftMs - (r.engine?.timeToFirstTokenMs ?? Number.NaN))), 1),
    cpuRatio: rounded(spread(pairedRatios(raw.map((r) => r.cpuMs), ours.map((r) => r.cpuMs))), 4),
    deliveryGenerationRatio: rounded(spread(ours.map((r) => r.tokensPerSecond / (r.engine?.tokensPerSecond ?? Number.NaN))), 4),
    identicalAnswers: pairs.filter((pair) => pair.identical).length,
    pairs: pairs.map((pair) => ({ order: pair.order, identical: pair.identical, raw: compact(pair.raw), ours: compact(pair.ours) })),
  };
}

/** An answer's figures for the JSON report, rounded, without the text hash. */
function compact(result: AnswerResult & { textSha1?: string }): Record<string, unknown> {
  const { engine, textSha1: _hash, ...rest } = result;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) out[key] = typeof value === "number" ? round(value, 2) : value;
  if (engine) {
    out["engineTtftMs"] = round(engine.timeToFirstTokenMs, 1);
    out["engineTokensPerSecond"] = round(engine.tokensPerSecond, 3);
  }
  return out;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const mode = options.quick || options.smoke ? "quick" : "full";
  const work = options.smoke ? smokeWorkload() : workload(options.quick);
  if (options.pairs) work.pairs = work.maxPairs = Math.max(1, Number(options.pairs));
  const machineBefore = describeMachine();
  const threads = chooseThreads(options.threads, machineBefore.availableParallelism, machineBefore.loadBefore[0] ?? 0);
  const load = loadSettings(threads.threads);
  if (options.batch) load.batchSize = Number(options.batch);
  if (options.context) load.contextSize = Number(options.context);
  const startedAt = new Date();
  const clock0 = performance.now();
  const elapsed = () => performance.now() - clock0;
  const machine = machineBefore;
  const notes: string[] = [];
  if (threads.threads !== machine.availableParallelism && !options["renderer-only"]) notes.push(`llama.cpp threads: ${threads.threads} on both sides (${threads.reason}).`);
  const summary: Summary = {
    generationRatio: null,
    promptRatio: null,
    ttftOverheadMs: null,
    turn10OverTurn1: null,
    engineRssMb: null,
    mainRssMb: null,
    coldStartMs: null,
    rendererP95FrameMs: null,
    rendererLongestTaskMs: null,
    engineCeilingPromptRatio: null,
    engineCeilingGenerationRatio: null,
    bandwidthFraction: null,
    rendererOpenLongChatLongestTaskMs: null,
    rendererScrollP95FrameMs: null,
    rendererStreamLongChatP95FrameMs: null,
  };
  log(`Edge Gemma bench (${mode}) on ${machine.cpuModel}, ${machine.availableParallelism} cores, load average ${machine.loadBefore.join(" ")}`);
  log(`llama.cpp threads: ${threads.threads} (${threads.reason})`);

  const engine = engineEntry(options.engine);
  const report: Report = {
    schema: 1,
    mode,
    startedAt: startedAt.toISOString(),
    finishedAt: "",
    durationMs: 0,
    machine,
    settings: {
      load,
      threadsReason: threads.reason,
      sampling: benchSampling(work.generatedTokens),
      workload: work,
      engineEntry: engine.kind,
      transport: options.transport === "memory" ? "in-memory port (structured clone, like Electron's MessagePort)" : "browser host WebSocket (JSON)",
    },
    model: {},
    single: null,
    shortPrompt: null,
    ttftOverhead: null,
    control: null,
    ceiling: null,
    multiTurn: null,
    memory: null,
    coldStart: null,
    renderer: { skipped: "not run" },
    summary,
    targets: [],
    notes,
  };

  if (!options["renderer-only"]) {
    // 1. The model.
    const model = await ensureBenchModel("q4_0", log);
    const shape = GEMMA2_SHAPES["gemma2-2b"];
    report.model = {
      description: `random weights, exact Gemma 2 2B shape, laid out as llama-quantize lays out Q4_0 (Q6_K tied embedding, F32 norms, Q4_0 matrices, as Ollama's gemma2:2b), ${toMiB(model.sizeBytes).toFixed(0)} MiB`,
      path: model.path,
      type: model.type,
      sizeMb: round(toMiB(model.sizeBytes), 1),
      generatorVersion: model.generatorVersion,
      generatedThisRun: model.generated,
      ...(model.generatedMs !== undefined && { generatedMs: round(model.generatedMs, 0) }),
      shape: {
        vocabulary: shape.vocabularySize,
        layers: shape.blockCount,
        width: shape.embeddingLength,
        heads: shape.headCount,
        kvHeads: shape.headCountKv,
        headSize: shape.headSize,
        feedForward: shape.feedForwardLength,
      },
    };
    // The ceilings beside the pairs: llama.cpp's own llama-bench and the memory's read bandwidth.
    let llamaBench: LlamaBenchBuild | undefined;
    let readBandwidthTool: string | undefined;
    if (options["skip-ceiling"]) report.ceiling = { skipped: "--skip-ceiling" };
    else {
      const built = ensureLlamaBench(repoRoot, log);
      if ("error" in built) notes.push(built.error);
      else llamaBench = built;
      const tool = await ensureReadBandwidthTool(repoRoot);
      if (typeof tool === "string") readBandwidthTool = tool;
      else notes.push(tool.error);
    }
    const runCeilings = async (): Promise<Omit<CeilingSample, "raw" | "ours">> => {
      const sample: Omit<CeilingSample, "raw" | "ours"> = {};
      try {
        if (llamaBench) sample.llamaBench = await runCeiling(llamaBench, model.path, load, work.promptTokens, work.generatedTokens);
        if (readBandwidthTool) sample.bandwidthGbPerSecond = await measureReadBandwidth(readBandwidthTool, model.sizeBytes, load.threads);
      } catch (error) {
        // One failure ends the ceiling measurement; the pairs go on without it.
        notes.push(`Ceiling measurement stopped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        llamaBench = undefined;
        readBandwidthTool = undefined;
      }
      return sample;
    };
    const ceilingSamples: CeilingSample[] = [];
    const benchStartedAt = elapsed();

    // 2–3. Both sides loaded side by side; only one of them computes at any time.
    log(`Loading ours (AppBackend + engine process, ${engine.kind}) and raw (node-llama-cpp in this process)…`);
    const pipeline = await Pipeline.open(
      model.path,
      { engineEntry: engine.path, engineExecArgv: engine.execArgv, load, transport: options.transport, rendererDir: os.tmpdir() },
      options.verbose,
    );
    const raw = await RawBaseline.open(model.path, load);
    const control = options.control ? forkBenchChild(path.join(repoRoot, "bench", "raw-host.ts"), [], options.verbose) : undefined;
    if (control) await control.request("load", { modelPath: model.path, load });
    log(`  ours loaded in ${(pipeline.info.loadMs / 1000).toFixed(1)} s (engine), raw in ${(raw.info.loadMs / 1000).toFixed(1)} s; chat wrapper ${raw.info.chatWrapper}, ${raw.info.threads} threads`);
    (report.settings as Record<string, unknown>)["raw"] = raw.info;
    (report.settings as Record<string, unknown>)["ours"] = pipeline.info;
    const countTokens = (text: string) => raw.countTokens(text);
    let seed = 1;

    const runPair = async (pairIndex: number, text: string, maxTokens: number, conversation?: string): Promise<Pair> => {
      const order = pairOrder(pairIndex);
      let rawResult: (AnswerResult & { textSha1: string }) | undefined;
      let oursResult: PipelineAnswer | undefined;
      for (const side of order) {
        if (side === "a") {
          if (!conversation) raw.newConversation();
          rawResult = await raw.answer(text, benchSampling(maxTokens));
        } else {
          oursResult = await pipeline.answer(conversation ?? (await pipeline.newConversation()), text, maxTokens);
        }
      }
      if (!rawResult || !oursResult) throw new Error("a pair did not run both sides");
      return { order: order.join(""), raw: rawResult, ours: oursResult, identical: rawResult.textSha1 === oursResult.textSha1 };
    };

    // Warm-up: the first answer after a load pays for cold caches and first-use allocations; not measured.
    log("Warming up both sides…");
    await runPair(0, promptOfTokens(seed++, 32, countTokens), 4);

    // Short prompt, one token: the TTFT overhead with little llama.cpp time around it to drown it in noise.
    const shortPairs: Pair[] = [];
    for (let index = 0; index < work.shortPairs; index++) {
      shortPairs.push(await runPair(index, promptOfTokens(seed++, work.shortPromptTokens, countTokens), 1));
    }
    report.shortPrompt = pairedSection(shortPairs);
    log(`Short prompt TTFT (${work.shortPairs} pairs): ours − raw ${JSON.stringify(report.shortPrompt.ttftDifferenceMs)} ms`);

    // ~512-token prompt + 128 generated tokens, interleaved pairs (A B, B A, …).
    const pairs: Pair[] = [];
    const controls: { raw: AnswerResult; control: AnswerResult }[] = [];
    const singleStartedAt = elapsed();
    for (let index = 0; index < work.maxPairs; index++) {
      if (index >= work.pairs) {
        const perPair = (elapsed() - singleStartedAt) / index;
        if (elapsed() - benchStartedAt + perPair > work.budgetMs * 0.45) break;
      }
      const text = promptOfTokens(seed++, work.promptTokens, countTokens);
      let controlResult: AnswerResult | undefined;
      if (control && index % 2 === 1) controlResult = await control.request<AnswerResult>("answer", { text, maxTokens: work.generatedTokens });
      const ceilingBefore = index % 2 === 1 ? await runCeilings() : undefined;
      const pair = await runPair(index, text, work.generatedTokens);
      const ceilings = ceilingBefore ?? (await runCeilings());
      ceilingSamples.push({ raw: pair.raw, ours: pair.ours, ...ceilings });
      if (control && index % 2 === 0) controlResult = await control.request<AnswerResult>("answer", { text, maxTokens: work.generatedTokens });
      if (controlResult) controls.push({ raw: pair.raw, control: controlResult });
      pairs.push(pair);
      log(
        `  pair ${index + 1} (${pair.order === "ab" ? "raw first" : "ours first"}): prompt ${pair.raw.promptTokensPerSecond.toFixed(1)} / ${pair.ours.promptTokensPerSecond.toFixed(1)} tok/s, ` +
          `generation ${pair.raw.tokensPerSecond.toFixed(2)} / ${pair.ours.tokensPerSecond.toFixed(2)} tok/s, TTFT ${pair.raw.ttftMs.toFixed(0)} / ${pair.ours.ttftMs.toFixed(0)} ms (raw / ours)`,
      );
    }
    const single = pairedSection(pairs);
    report.single = single;
    if (controls.length > 0) {
      report.control = {
        note: "A/A: the raw baseline again in a plain child process, run next to each pair. How far two identical sides drift apart on this machine: read the ours/raw ratios against this spread.",
        promptRatio: rounded(spread(pairedRatios(controls.map((c) => c.raw.promptTokensPerSecond), controls.map((c) => c.control.promptTokensPerSecond))), 4),
        generationRatio: rounded(spread(pairedRatios(controls.map((c) => c.raw.tokensPerSecond), controls.map((c) => c.control.tokensPerSecond))), 4),
        cpuRatio: rounded(spread(pairedRatios(controls.map((c) => c.raw.cpuMs), controls.map((c) => c.control.cpuMs))), 4),
      };
      await control?.request("dispose").catch(() => undefined);
      control?.kill();
    }
    if (ceilingSamples.some((sample) => sample.llamaBench !== undefined || sample.bandwidthGbPerSecond !== undefined)) {
      const ceiling = ceilingSection(ceilingSamples, weightBytesPerToken(model.type));
      report.ceiling = ceiling;
      summary.engineCeilingPromptRatio = ceiling.oursPromptRatio?.median ?? null;
      summary.engineCeilingGenerationRatio = ceiling.oursGenerationRatio?.median ?? null;
      if (ceiling.bandwidthFraction) {
        const { llamaBench: bench, raw: rawFraction, ours } = ceiling.bandwidthFraction;
        summary.bandwidthFraction = { llamaBench: bench?.median ?? null, raw: rawFraction?.median ?? null, ours: ours?.median ?? null };
      }
      log(
        `Ceiling: llama-bench ${JSON.stringify(ceiling.llamaBench)}; ours/llama-bench prompt ${ceiling.oursPromptRatio?.median}, generation ${ceiling.oursGenerationRatio?.median}; ` +
          `raw/llama-bench generation ${ceiling.rawGenerationRatio?.median}; read bandwidth ${ceiling.bandwidthGbPerSecond?.median} GB/s; fractions ${JSON.stringify(summary.bandwidthFraction)}`,
      );
    }
    summary.promptRatio = single.promptRatio.median;
    summary.generationRatio = single.generationRatio.median;
    // Same answer, two clocks: the stand-in renderer's TTFT minus the engine's own (taken around promptWithMeta).
    const sameAnswerOverheads = [...shortPairs, ...pairs].map((pair) => pair.ours.ttftMs - (pair.ours.engine?.timeToFirstTokenMs ?? Number.NaN));
    summary.ttftOverheadMs = round(spread(sameAnswerOverheads).median, 1);
    report.ttftOverhead = {
      sameAnswerMs: rounded(spread(sameAnswerOverheads), 1),
      pairedDifferenceShortMs: report.shortPrompt.ttftDifferenceMs,
      pairedDifferenceLongMs: single.ttftDifferenceMs,
      note:
        "summary.ttftOverheadMs is the median over all our answers of (TTFT seen by the stand-in renderer − TTFT the engine measured around promptWithMeta for the same answer): everything our pipeline adds (transport, validation, ChatService and its save to disk, supervisor, engine IPC) without the machine's noise between two different answers. The interleaved ours − raw differences are the cross-check; on a busy machine their spread is seconds.",
    };
    const early = pairs.filter((pair) => pair.raw.generatedTokens < work.generatedTokens || pair.ours.generatedTokens < work.generatedTokens);
    if (early.length > 0) notes.push(`${early.length} pair(s) stopped before ${work.generatedTokens} tokens (end-of-turn from the random weights); rates are per generated token anyway.`);
    if (single.identicalAnswers < pairs.length) notes.push(`Only ${single.identicalAnswers} of ${pairs.length} pairs produced identical answers on both sides (expected all with greedy decoding).`);

    // 4. Multi-turn: 10 equal-length user messages per conversation; each turn interleaved raw/ours.
    const conversations: { raw: number[]; ours: number[]; rawPromptTokens: number[]; oursPromptTokens: number[]; oursPreparationMs: number[] }[] = [];
    const multiStartedAt = elapsed();
    for (let index = 0; index < work.maxConversations; index++) {
      if (index >= work.conversations) {
        const perConversation = (elapsed() - multiStartedAt) / index;
        if (elapsed() - benchStartedAt + perConversation > work.budgetMs * 0.75) break;
      }
      raw.newConversation();
      const conversationId = await pipeline.newConversation();
      const figures = { raw: [] as number[], ours: [] as number[], rawPromptTokens: [] as number[], oursPromptTokens: [] as number[], oursPreparationMs: [] as number[] };
      for (let turn = 0; turn < work.turns; turn++) {
        const pair = await runPair(turn + index, promptOfTokens(seed++, work.turnPromptTokens, countTokens), work.turnAnswerTokens, conversationId);
        figures.raw.push(pair.raw.ttftMs);
        figures.ours.push(pair.ours.ttftMs);
        figures.rawPromptTokens.push(pair.raw.promptTokens);
        figures.oursPromptTokens.push(pair.ours.promptTokens);
        figures.oursPreparationMs.push(pair.ours.preparation.ms);
      }
      conversations.push(figures);
      log(`  conversation ${index + 1}: TTFT per turn ours ${figures.ours.map((v) => v.toFixed(0)).join(" ")} ms; raw ${figures.raw.map((v) => v.toFixed(0)).join(" ")} ms`);
    }
    const lastTurn = work.turns - 1;
    const ours10over1 = conversations.map((c) => (c.ours[lastTurn] ?? Number.NaN) / (c.ours[0] ?? Number.NaN));
    const raw10over1 = conversations.map((c) => (c.raw[lastTurn] ?? Number.NaN) / (c.raw[0] ?? Number.NaN));
    const perToken = (ttft: number[], tokens: number[], turn: number) => (ttft[turn] ?? Number.NaN) / (tokens[turn] ?? Number.NaN);
    const oursPerToken = conversations.map((c) => perToken(c.ours, c.oursPromptTokens, lastTurn) / perToken(c.ours, c.oursPromptTokens, 0));
    const rawPerToken = conversations.map((c) => perToken(c.raw, c.rawPromptTokens, lastTurn) / perToken(c.raw, c.rawPromptTokens, 0));
    report.multiTurn = {
      turns: work.turns,
      /** The same ratio per evaluated prompt token: turn 1 has no earlier answer to close, so it evaluates fewer tokens. */
      oursPerToken10over1: rounded(spread(oursPerToken), 3),
      rawPerToken10over1: rounded(spread(rawPerToken), 3),
      userMessageTokens: work.turnPromptTokens,
      answerTokens: work.turnAnswerTokens,
      ours10over1: rounded(spread(ours10over1), 3),
      raw10over1: rounded(spread(raw10over1), 3),
      /** Ours' turn-10/turn-1 divided by raw's, per conversation: what our pipeline adds to the growth. */
      oursOverRaw10over1: rounded(spread(pairedRatios(raw10over1, ours10over1)), 3),
      conversations: conversations.map((c) => ({
        oursTtftMs: c.ours.map((v) => round(v, 0)),
        rawTtftMs: c.raw.map((v) => round(v, 0)),
        oursPromptTokens: c.oursPromptTokens,
        rawPromptTokens: c.rawPromptTokens,
        oursPreparationMs: c.oursPreparationMs.map((v) => round(v, 0)),
      })),
      preparationNote:
        "After each answer our engine evaluates the end of that answer and the opening of the next user turn (node-llama-cpp re-tokenizes the answer's text; random weights sample token sequences the tokenizer would not produce, so most of the answer is evaluated again). The bench waits for that (oursPreparationMs, never inside a measured figure), as a reader needs longer to read an answer and type ~70 words. Raw node-llama-cpp does all of it inside the next turn's TTFT, hence its larger prompt token counts from turn 2 on.",
    };
    summary.turn10OverTurn1 = round(spread(ours10over1).median, 3);

    // 5. Memory, read while everything is still loaded.
    const pipelineMemory: PipelineMemory = await pipeline.memory();
    const rawMemory = await processMemory("self");
    const kvBytes = 2 * shape.blockCount * shape.headCountKv * shape.headSize * 2 * load.contextSize;
    const modelMb = toMiB(model.sizeBytes);
    const kvMb = toMiB(kvBytes);
    const engineRss = pipelineMemory.engine?.peakRssMb ?? Number.NaN;
    const buffers = raw.info.llamaBuffers;
    const anonBuffers = Object.entries(buffers)
      .filter(([name]) => !name.includes("Mapped"))
      .reduce((sum, [, size]) => sum + size, 0);
    report.memory = {
      llamaBuffersMb: buffers,
      llamaBuffersNote:
        "llama.cpp's buffers as it logged them loading the raw side (same settings as the engine). Both load without mmap (as the app does): `CPU model` holds the weights read from the file that are not repacked, CPU_REPACK the weight matrices rearranged for the CPU's dot-product kernels (with mmap the file's pages would stay resident as well: a second copy); the compute buffer scales with batch size × vocabulary.",
      engineAnonBeyondLlamaBuffersMb: round((pipelineMemory.engine?.anonMb ?? Number.NaN) - anonBuffers, 1),
      modelFileMb: round(modelMb, 1),
      kvCacheMb: round(kvMb, 1),
      kvCacheNote: `F16 K and V, ${shape.blockCount} layers × ${shape.headCountKv} KV heads × ${shape.headSize} × ${load.contextSize} tokens (sliding window ${shape.slidingWindow} ≥ context: no saving)`,
      engineRssMb: round(engineRss, 1),
      engine: pipelineMemory.engine,
      engineBeyondModelAndKvMb: round(engineRss - modelMb - kvMb, 1),
      engineAccount: Object.fromEntries(Object.entries(engineMemoryAccount(buffers, engineRss, modelMb)).map(([name, mb]) => [name, round(mb, 1)])),
      engineAccountNote:
        "The engine's peak RSS split by llama.cpp's own buffers (logged while the raw side loaded with the same settings): weights (plain + repacked), KV cache, compute buffer, output (logits); runtimeMb is the rest of the process (Node, V8, the addon, allocator slack). The Library's fit estimate counts runtimeMb in its app overhead.",
      mainRssMb: round(pipelineMemory.main.sampledPeakRssMb, 1),
      main: pipelineMemory.main,
      mainNote: "The Node process hosting AppBackend + the stand-in renderer client (not Electron's browser process, which adds Chromium's own ~100+ MiB).",
      rawRssMb: round(rawMemory?.peakRssMb ?? Number.NaN, 1),
      raw: rawMemory,
    };
    summary.engineRssMb = round(engineRss, 1);
    summary.mainRssMb = round(pipelineMemory.main.sampledPeakRssMb, 1);
    log(`Memory: engine peak ${engineRss.toFixed(0)} MiB (file-backed ${pipelineMemory.engine?.fileMb?.toFixed(0)}, anonymous ${pipelineMemory.engine?.anonMb?.toFixed(0)}), main side ${pipelineMemory.main.sampledPeakRssMb.toFixed(0)} MiB`);

    await pipeline.dispose();
    await raw.dispose();

    // 6. Cold start: a fresh process each time (page cache warm: the model file was just read).
    const coldRuns = await measureColdStarts(work.coldStarts, model.path, engine, load, log, options.verbose);
    report.coldStart = {
      coldStartMs: rounded(spread(coldRuns.map((r) => r.coldStartMs)), 0),
      processToScriptMs: rounded(spread(coldRuns.map((r) => r.scriptStartedMs)), 0),
      scriptToListeningMs: rounded(spread(coldRuns.map((r) => r.listeningMs - r.scriptStartedMs)), 0),
      listeningToReadyMs: rounded(spread(coldRuns.map((r) => r.readyMs - r.listeningMs)), 0),
      engineLoadMs: rounded(spread(coldRuns.map((r) => r.engineLoadMs)), 0),
      note: "fork() of a fresh host process (as `npm run serve`) whose settings name the model → AppBackend.start() loads it, browser host listening → the engine status is ready. The model file is in the page cache (warm disk): a Pi reading it from an SD card or NVMe for the first time adds that read.",
      runs: coldRuns.map((r) => ({ coldStartMs: round(r.coldStartMs, 0), engineLoadMs: round(r.engineLoadMs, 0) })),
    };
    summary.coldStartMs = round(spread(coldRuns.map((r) => r.coldStartMs)).median, 0);
  }

  // 7. Renderer under load.
  if (!options["skip-renderer"]) {
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
      report.renderer = { skipped: unavailable };
      notes.push(`Renderer not measured: ${unavailable}.`);
    } else {
      const rendererOptions = {
        rendererDir,
        tokens: work.rendererTokens,
        priorMessages: work.rendererPriorMessages,
        intervalMs: work.rendererTokenIntervalMs,
        cpuThrottle: work.rendererCpuThrottle,
      };
      const runs: RendererRun[] = [];
      const rendererRuns = mode === "quick" ? 1 : 3;
      try {
        for (let index = 0; index < rendererRuns; index++) {
          const run = await measureRenderer(rendererOptions, log);
          runs.push(run);
          log(`  renderer run ${index + 1}: frame p50 ${run.frameP50Ms} ms, p95 ${run.frameP95Ms} ms, longest task ${run.longestTaskMs} ms (${run.longTasks} long tasks)`);
        }
        const reference = mode === "quick" ? undefined : await measureRenderer({ ...rendererOptions, cpuThrottle: 1 }, log);
        if (reference) log(`  renderer unthrottled reference: frame p95 ${reference.frameP95Ms} ms, longest task ${reference.longestTaskMs} ms`);
        const profiled = options["renderer-profile"]
          ? await measureRenderer({ ...rendererOptions, profile: true, profileFile: options["renderer-profile"] }, log)
          : undefined;
        report.renderer = {
          backend: "the real AppBackend (ChatService, supervisor, contract over the browser host's WebSocket) with a scripted engine: this measures the renderer, not llama.cpp",
          build: builtDir ? "production build of the renderer source at the start of this section (vite build)" : rendererDir,
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
        report.renderer["longChat"] = longChat;
        summary.rendererOpenLongChatLongestTaskMs = longChat.open.longestTaskMs;
        summary.rendererScrollP95FrameMs = longChat.scroll.frameP95Ms;
        summary.rendererStreamLongChatP95FrameMs = longChat.stream.frameP95Ms;
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] ?? error.message : String(error);
        report.renderer = { skipped: `failed: ${reason}` };
        notes.push(`Renderer measurement failed: ${reason}`);
      }
    }
    if (builtDir) rmSync(builtDir, { recursive: true, force: true });
  }

  // 8–9. The report.
  machine.loadAfter = loadAverage();
  report.finishedAt = new Date().toISOString();
  report.durationMs = Math.round(elapsed());
  report.targets = checkTargets(summary);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);

  log("");
  log(markdownTable(report));
  log("");
  log("summary: " + JSON.stringify(summary));
  for (const line of summaryLines(report)) log(line);
  for (const note of notes) log(`note: ${note}`);
  log(`Load average ${machine.loadBefore.join(" ")} before, ${machine.loadAfter.join(" ")} after; ${(report.durationMs / 60_000).toFixed(1)} min. Report: ${path.relative(process.cwd(), options.out)}`);
}

await main();
