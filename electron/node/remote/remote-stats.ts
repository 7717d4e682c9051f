/**
 * The stats line of a remote answer, in the same figures as a local one (`ollama run --verbose`'s): what the server
 * measured where it says (Ollama's final chunk; llama-server's `timings`; OpenAI's `usage` counts), our own clock for
 * the rest — the total and the time to the first token are always ours, as the user waited them, network included.
 */
import type { GenerationStats } from "../../common/contract/chat-types.ts";
import type { OllamaMetrics } from "./ollama-shapes.ts";
import type { LlamaServerTimings, OpenAiChunk } from "./openai-shapes.ts";

export class AnswerClock {
  private readonly startedAt: number;
  private firstDeltaAt: number | undefined;
  deltas = 0;

  constructor(private readonly now: () => number = performance.now.bind(performance)) {
    this.startedAt = now();
  }

  delta(): void {
    this.firstDeltaAt ??= this.now();
    this.deltas++;
  }

  /** Our own figures at the end of an answer. */
  read(): { totalMs: number; timeToFirstTokenMs: number; streamingMs: number } {
    const endedAt = this.now();
    const firstDeltaAt = this.firstDeltaAt ?? endedAt;
    return { totalMs: endedAt - this.startedAt, timeToFirstTokenMs: firstDeltaAt - this.startedAt, streamingMs: endedAt - firstDeltaAt };
  }
}

const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : 0);
const msOfNanoseconds = (ns: number | undefined) => (ns ?? 0) / 1e6;

export function statsFromOllama(metrics: OllamaMetrics | undefined, clock: AnswerClock): GenerationStats {
  const own = clock.read();
  const promptTokens = metrics?.prompt_eval_count ?? 0;
  const promptMs = metrics?.prompt_eval_duration === undefined ? own.timeToFirstTokenMs : msOfNanoseconds(metrics.prompt_eval_duration);
  const generatedTokens = metrics?.eval_count ?? clock.deltas;
  const generationMs = metrics?.eval_duration === undefined ? own.streamingMs : msOfNanoseconds(metrics.eval_duration);
  return {
    totalMs: own.totalMs,
    loadMs: msOfNanoseconds(metrics?.load_duration),
    promptTokens,
    promptMs,
    promptTokensPerSecond: perSecond(promptTokens, promptMs),
    generatedTokens,
    generationMs,
    tokensPerSecond: perSecond(generatedTokens, generationMs),
    timeToFirstTokenMs: own.timeToFirstTokenMs,
  };
}

export function statsFromOpenAi(usage: OpenAiChunk["usage"], timings: LlamaServerTimings | undefined, clock: AnswerClock): GenerationStats {
  const own = clock.read();
  const promptTokens = usage?.prompt_tokens ?? (timings ? timings.prompt_n + (timings.cache_n ?? 0) : 0);
  const generatedTokens = usage?.completion_tokens ?? timings?.predicted_n ?? clock.deltas;
  // Without llama-server's timings, the wait for the first token stands for the prompt's time (its upper bound).
  const promptMs = timings?.prompt_ms ?? own.timeToFirstTokenMs;
  const generationMs = timings?.predicted_ms ?? own.streamingMs;
  return {
    totalMs: own.totalMs,
    loadMs: 0,
    promptTokens,
    promptMs,
    promptTokensPerSecond: timings ? perSecond(timings.prompt_n, timings.prompt_ms) : perSecond(promptTokens, promptMs),
    generatedTokens,
    generationMs,
    tokensPerSecond: timings ? perSecond(timings.predicted_n, timings.predicted_ms) : perSecond(generatedTokens, generationMs),
    timeToFirstTokenMs: own.timeToFirstTokenMs,
  };
}
