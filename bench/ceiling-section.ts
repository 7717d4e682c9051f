/** The report's `ceiling` section: ours and raw against llama-bench and against the memory's read bandwidth. Pure. */
import { bandwidthFraction } from "./bandwidth.ts";
import type { CeilingRun } from "./engine-ceiling.ts";
import type { RawAnswer } from "./raw.ts";
import type { AnswerResult } from "./measure.ts";
import { rounded, type RoundedSpread } from "./stats.ts";
import { pairedRatios, rate, spread } from "./stats.ts";

/** One pair's figures next to the llama-bench run and the bandwidth passes taken beside it. */
export interface CeilingSample {
  raw: RawAnswer;
  ours: AnswerResult;
  llamaBench?: CeilingRun;
  /** GB/s of the read loop's passes run next to this pair. */
  bandwidthGbPerSecond?: number[];
}

export interface CeilingSection {
  llamaBench: { promptTokensPerSecond: RoundedSpread; tokensPerSecond: RoundedSpread } | null;
  /** Per pair, ours / llama-bench. */
  oursPromptRatio: RoundedSpread | null;
  oursGenerationRatio: RoundedSpread | null;
  /** Per pair, raw node-llama-cpp / llama-bench: how much lies below our code. */
  rawPromptRatio: RoundedSpread | null;
  rawGenerationRatio: RoundedSpread | null;
  /**
   * Raw node-llama-cpp's generated token split by where its time goes (bench/raw-native-times.ts): the decode call
   * (llama_decode, all llama-bench does per token), the sampling call (candidates over the whole vocabulary and the
   * sampler chain: none in llama-bench) and the rest (JavaScript and thread hops), ms per token.
   */
  rawPerToken: { decodeMs: RoundedSpread; sampleMs: RoundedSpread; otherMs: RoundedSpread } | null;
  /** Per pair, raw's decode calls alone as a rate / llama-bench: below 1 only if llama_decode itself runs slower. */
  rawDecodeOnlyRatio: RoundedSpread | null;
  bandwidthGbPerSecond: RoundedSpread | null;
  weightBytesPerToken: number;
  bandwidthFraction: { llamaBench: RoundedSpread | null; raw: RoundedSpread | null; ours: RoundedSpread | null } | null;
  note: string;
}

export function ceilingSection(samples: readonly CeilingSample[], weightBytes: number): CeilingSection {
  const withBench = samples.filter((sample): sample is CeilingSample & { llamaBench: CeilingRun } => sample.llamaBench !== undefined);
  const ratio = (pick: (s: CeilingSample & { llamaBench: CeilingRun }) => [bench: number, side: number]) =>
    withBench.length === 0 ? null : rounded(spread(pairedRatios(withBench.map((s) => pick(s)[0]), withBench.map((s) => pick(s)[1]))), 4);
  const split = samples.map((sample) => rawTokenSplit(sample.raw)).filter((value) => value !== undefined);
  const withBandwidth = samples.filter((sample) => (sample.bandwidthGbPerSecond?.length ?? 0) > 0);
  // The median pass beside each pair: one slow pass (another program's burst) does not set the limit.
  const bandwidthOf = (sample: CeilingSample) => spread(sample.bandwidthGbPerSecond ?? []).median;
  const fraction = (rate: (sample: CeilingSample) => number | undefined) => {
    const values = withBandwidth.map((sample) => bandwidthFraction(weightBytes, rate(sample) ?? Number.NaN, bandwidthOf(sample)));
    return values.length === 0 ? null : rounded(spread(values), 3);
  };
  return {
    llamaBench:
      withBench.length === 0
        ? null
        : {
            promptTokensPerSecond: rounded(spread(withBench.map((s) => s.llamaBench.promptTokensPerSecond)), 2),
            tokensPerSecond: rounded(spread(withBench.map((s) => s.llamaBench.tokensPerSecond)), 3),
          },
    oursPromptRatio: ratio((s) => [s.llamaBench.promptTokensPerSecond, s.ours.promptTokensPerSecond]),
    oursGenerationRatio: ratio((s) => [s.llamaBench.tokensPerSecond, s.ours.tokensPerSecond]),
    rawPromptRatio: ratio((s) => [s.llamaBench.promptTokensPerSecond, s.raw.promptTokensPerSecond]),
    rawGenerationRatio: ratio((s) => [s.llamaBench.tokensPerSecond, s.raw.tokensPerSecond]),
    rawPerToken:
      split.length === 0
        ? null
        : {
            decodeMs: rounded(spread(split.map((s) => s.decodeMs)), 2),
            sampleMs: rounded(spread(split.map((s) => s.sampleMs)), 2),
            otherMs: rounded(spread(split.map((s) => s.otherMs)), 2),
          },
    rawDecodeOnlyRatio: ratio((s) => [s.llamaBench.tokensPerSecond, rate(1, rawTokenSplit(s.raw)?.decodeMs ?? Number.NaN)]),
    bandwidthGbPerSecond: withBandwidth.length === 0 ? null : rounded(spread(withBandwidth.map(bandwidthOf)), 2),
    weightBytesPerToken: weightBytes,
    bandwidthFraction:
      withBandwidth.length === 0
        ? null
        : {
            llamaBench: fraction((sample) => sample.llamaBench?.tokensPerSecond),
            raw: fraction((sample) => sample.raw.tokensPerSecond),
            ours: fraction((sample) => sample.ours.tokensPerSecond),
          },
    note:
      "llama-bench: llama.cpp's own benchmark built from the source of node-llama-cpp's prebuilt binaries (scripts/build-llama-bench.mjs), " +
      "same model file, threads and batch, no mmap, flash attention off; pp<prompt> at depth 0 and tg<answer> at depth <prompt>, " +
      "run next to each pair (before it on odd pairs, after it on even ones). Ratios are per pair. bandwidthFraction = weight bytes per " +
      "token × generation tokens/s ÷ the read bandwidth measured beside the same pair (bench/native/read-bandwidth.c over a buffer " +
      "of the model's size, same threads); the KV cache read per token (a few % at this depth) is not counted. " +
      "rawPerToken splits raw's generated token into node-llama-cpp's decode call (llama_decode: what llama-bench times), its sampling " +
      "call (the whole vocabulary's logits copied into candidates and run through the sampler chain: llama-bench samples nothing, so " +
      "this is a floor under any node-llama-cpp ratio) and the rest (JavaScript, thread hops); see bench/README.md, Where the time goes.",
  };
}

/** ms per generated token in raw's decode calls, sampling calls and everything else, or nothing without calls. */
function rawTokenSplit(raw: RawAnswer): { decodeMs: number; sampleMs: number; otherMs: number } | undefined {
  const { native } = raw;
  const tokens = raw.generatedTokens - 1;
  if (native.decodes === 0 || native.samples === 0 || tokens <= 0) return undefined;
  const decodeMs = native.decodeMs / native.decodes;
  const sampleMs = native.sampleMs / native.samples;
  return { decodeMs, sampleMs, otherMs: raw.generationMs / tokens - decodeMs - sampleMs };
}
