import type { GenerationStats } from "../common/contract/index.ts";

/** Times one answer and turns the token meter's counts into the figures `ollama --verbose` prints. */
export class GenerationClock {
  private readonly startedAt = performance.now();
  private firstTokenAt: number | undefined;

  constructor(private readonly loadMs: number) {}

  markToken(): void {
    this.firstTokenAt ??= performance.now();
  }

  finish(promptTokens: number, generatedTokens: number): GenerationStats {
    const endedAt = performance.now();
    const firstTokenAt = this.firstTokenAt ?? endedAt;
    const promptMs = firstTokenAt - this.startedAt;
    const generationMs = endedAt - firstTokenAt;
    // The first token comes out of prompt evaluation; the rate counts the ones generated after it.
    const timedTokens = Math.max(generatedTokens - 1, 0);
    return {
      totalMs: endedAt - this.startedAt,
      loadMs: this.loadMs,
      promptTokens,
      promptMs,
      promptTokensPerSecond: promptMs > 0 ? (promptTokens * 1000) / promptMs : 0,
      generatedTokens,
      generationMs,
      tokensPerSecond: generationMs > 0 ? (timedTokens * 1000) / generationMs : 0,
      timeToFirstTokenMs: promptMs,
    };
  }
}
