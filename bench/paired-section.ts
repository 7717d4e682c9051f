/** One raw/ours pair of answers, and the report section a list of pairs becomes. */
import type { AnswerResult } from "./measure.ts";
import type { PipelineAnswer } from "./pipeline-host.ts";
import type { RawAnswer } from "./raw.ts";
import type { PairedSection, SideFigures } from "./report.ts";
import { rounded } from "./stats.ts";
import { pairedDifferences, pairedRatios, round, spread } from "./stats.ts";

export interface Pair {
  order: string;
  raw: RawAnswer;
  ours: PipelineAnswer;
  identical: boolean;
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

export function pairedSection(pairs: Pair[]): PairedSection {
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
