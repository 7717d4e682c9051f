/** The report's description of the benchmark model. */
import { GEMMA2_SHAPES } from "../../tools/make-model/gemma2-shapes.ts";
import type { BenchModel } from "../model.ts";
import { round, toMiB } from "../stats.ts";

export function describeModel(model: BenchModel): Record<string, unknown> {
  const shape = GEMMA2_SHAPES["gemma2-2b"];
  return {
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
}
