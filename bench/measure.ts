/** One answer's figures, computed the same way for the raw baseline and for our pipeline. */
import type { GenerationStats } from "../electron/common/contract/index.ts";
import { rate } from "./stats.ts";

/** Timestamps (performance.now(), ms) and token counts of one answer, as seen by whoever consumes the tokens. */
export interface AnswerTiming {
  /** Just before the prompt is handed over (raw: `promptWithMeta`; ours: the `chat.send` request). */
  startedAt: number;
  /** When the first piece of answer text arrived (raw: `onResponseChunk`; ours: the first delta of the `chat.send` call's progress). */
  firstTokenAt: number | undefined;
  lastTokenAt: number | undefined;
  /** When the call returned (ours: when `chat.send` resolved). */
  endedAt: number;
  /** Evaluated prompt tokens by the context sequence's token meter (what the engine reports too). */
  promptTokens: number;
  /** Generated tokens by the token meter. */
  generatedTokens: number;
  /** Answer pieces received (raw: chunks; ours: the call's delta progress). */
  pieces: number;
  stopReason: string;
  /**
   * CPU time (user + system) spent on this answer by every process doing the work (raw: the bench process; ours:
   * the engine process + the main-side process). Less sensitive than wall time to other programs taking the cores.
   */
  cpuMs?: number;
}

export interface AnswerResult {
  /** Start → first piece of text. */
  ttftMs: number;
  promptTokens: number;
  /** Prompt tokens / TTFT: what a user waits through before the answer starts. */
  promptTokensPerSecond: number;
  generatedTokens: number;
  /** First → last piece. */
  generationMs: number;
  /** Tokens after the first / (last − first): the first token comes out of prompt evaluation. */
  tokensPerSecond: number;
  totalMs: number;
  pieces: number;
  stopReason: string;
  cpuMs: number;
  /** Ours only: the figures the engine itself reported for the same answer. */
  engine?: GenerationStats;
}

export function answerResult(timing: AnswerTiming, engine?: GenerationStats): AnswerResult {
  const first = timing.firstTokenAt ?? timing.endedAt;
  const last = timing.lastTokenAt ?? first;
  const ttftMs = first - timing.startedAt;
  const generationMs = last - first;
  return {
    ttftMs,
    promptTokens: timing.promptTokens,
    promptTokensPerSecond: rate(timing.promptTokens, ttftMs),
    generatedTokens: timing.generatedTokens,
    generationMs,
    tokensPerSecond: rate(Math.max(timing.generatedTokens - 1, 0), generationMs),
    totalMs: timing.endedAt - timing.startedAt,
    pieces: timing.pieces,
    stopReason: timing.stopReason,
    cpuMs: timing.cpuMs ?? Number.NaN,
    ...(engine ? { engine } : {}),
  };
}
