/** What every part of the benchmark runs with: one place, so raw and ours cannot drift apart. */
import os from "node:os";
import type { Sampling } from "../electron/common/contract/index.ts";
import { defaultBatchSize } from "../electron/node/services/settings/setting-fields.ts";

/** Identical for the raw baseline and the engine's `load` (the app's own defaults, except a fixed context size). */
export interface LoadSettings {
  gpu: false;
  threads: number;
  contextSize: number;
  batchSize: number;
}

export function loadSettings(threads: number = os.availableParallelism()): LoadSettings {
  return { gpu: false, threads, contextSize: 2048, batchSize: defaultBatchSize };
}

/**
 * `--threads auto` (the default): all cores, as the app uses, unless the machine is already busy when the bench
 * starts (1-minute load average ≥ cores − 0.5). Then 1: llama.cpp's threads wait for each other at every step of
 * the graph, and on a machine whose cores are taken by other programs that waiting dominates (measured on the
 * shared 2-core build machine: 2.5× the CPU per token and 2–4× slower than 1 thread, with 10× run-to-run swings),
 * which would bury the ratios in noise. Both sides always use the same count; the report records which and why.
 */
export function chooseThreads(requested: string, cores: number, loadAverage1m: number): { threads: number; reason: string } {
  if (requested !== "auto") {
    const threads = Number(requested);
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be auto or a positive integer, not "${requested}"`);
    return { threads, reason: "--threads" };
  }
  if (loadAverage1m >= cores - 0.5) {
    return { threads: 1, reason: `auto: the machine was busy (load average ${loadAverage1m.toFixed(1)} on ${cores} cores), so 1 thread on both sides` };
  }
  return { threads: cores, reason: `auto: all ${cores} cores (load average ${loadAverage1m.toFixed(1)})` };
}

/**
 * The app's default sampling (temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, repeat penalty 1.1 over 64
 * tokens) made deterministic: temperature 0 is greedy decoding, so both sides compute the same tokens; the
 * repeat penalty still runs, as in the app. `maxTokens` forces the answer length.
 */
export function benchSampling(maxTokens: number): Required<Sampling> {
  return { temperature: 0, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1, repeatLastTokens: 64, seed: 42, maxTokens };
}

export interface Workload {
  /** Interleaved raw/ours pairs of the ~512-token prompt + 128-token answer. */
  pairs: number;
  /** Stop adding pairs beyond `pairs` once this much of the time budget is used (full run only). */
  maxPairs: number;
  promptTokens: number;
  generatedTokens: number;
  /** Interleaved pairs of a short prompt answered with one token: the precise TTFT overhead. */
  shortPairs: number;
  shortPromptTokens: number;
  /** 10-turn conversations, each turn interleaved raw/ours. */
  conversations: number;
  /** More conversations while the time budget allows (full run only). */
  maxConversations: number;
  turns: number;
  turnPromptTokens: number;
  turnAnswerTokens: number;
  coldStarts: number;
  /** Renderer under load. */
  rendererTokens: number;
  rendererPriorMessages: number;
  rendererTokenIntervalMs: number;
  rendererCpuThrottle: number;
  /** Renderer at any size: a chat of this many messages, every `longChatBigBlockEvery`-th with a big code block. */
  longChatMessages: number;
  longChatBigBlockEvery: number;
  longChatBigBlockBytes: number;
  /** Pieces streamed at the end of the long chat. */
  longChatTokens: number;
  /** Soft budget for the whole run, model generation excluded. */
  budgetMs: number;
}

/** `--smoke`: a tiny run that only checks every part works (figures meaningless). */
export function smokeWorkload(): Workload {
  return {
    ...workload(true),
    promptTokens: 32,
    generatedTokens: 8,
    shortPairs: 1,
    turns: 3,
    turnPromptTokens: 16,
    turnAnswerTokens: 4,
    coldStarts: 1,
    rendererTokens: 100,
    rendererPriorMessages: 20,
    longChatMessages: 200,
    longChatBigBlockEvery: 50,
    longChatTokens: 100,
  };
}

export function workload(quick: boolean): Workload {
  const common = {
    promptTokens: 512,
    generatedTokens: 128,
    shortPromptTokens: 24,
    turns: 10,
    turnPromptTokens: 96,
    turnAnswerTokens: 8,
    rendererTokens: 1000,
    rendererPriorMessages: 200,
    rendererTokenIntervalMs: 15,
    rendererCpuThrottle: 4,
    longChatMessages: 5000,
    longChatBigBlockEvery: 250,
    longChatBigBlockBytes: 100_000,
    longChatTokens: 400,
  };
  return quick
    ? { ...common, pairs: 1, maxPairs: 1, shortPairs: 3, conversations: 1, maxConversations: 1, coldStarts: 1, budgetMs: 5 * 60_000 }
    : { ...common, pairs: 3, maxPairs: 5, shortPairs: 9, conversations: 2, maxConversations: 3, coldStarts: 3, budgetMs: 20 * 60_000 };
}
