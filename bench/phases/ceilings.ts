/** The ceilings measured beside the pairs: llama.cpp's own llama-bench and the memory's read bandwidth. */
import { ensureReadBandwidthTool, measureReadBandwidth, weightBytesPerToken } from "../bandwidth.ts";
import { ceilingSection, type CeilingSample } from "../ceiling-section.ts";
import { ensureLlamaBench, runCeiling, type LlamaBenchBuild } from "../engine-ceiling.ts";
import type { BenchModel } from "../model.ts";
import { repoRoot } from "../options.ts";
import type { BenchRun } from "./bench-run.ts";

export type CeilingFigures = Omit<CeilingSample, "raw" | "ours">;

/** Builds (or finds) the tools; the returned function measures one sample (nothing when skipped or broken). */
export async function prepareCeilings(run: BenchRun, model: BenchModel): Promise<() => Promise<CeilingFigures>> {
  let llamaBench: LlamaBenchBuild | undefined;
  let readBandwidthTool: string | undefined;
  if (run.options["skip-ceiling"]) run.report.ceiling = { skipped: "--skip-ceiling" };
  else {
    const built = ensureLlamaBench(repoRoot, run.log);
    if ("error" in built) run.notes.push(built.error);
    else llamaBench = built;
    const tool = await ensureReadBandwidthTool(repoRoot);
    if (typeof tool === "string") readBandwidthTool = tool;
    else run.notes.push(tool.error);
  }
  return async () => {
    const sample: CeilingFigures = {};
    try {
      if (llamaBench) sample.llamaBench = await runCeiling(llamaBench, model.path, run.load, run.work.promptTokens, run.work.generatedTokens);
      if (readBandwidthTool) sample.bandwidthGbPerSecond = await measureReadBandwidth(readBandwidthTool, model.sizeBytes, run.load.threads);
    } catch (error) {
      // One failure ends the ceiling measurement; the pairs go on without it.
      run.notes.push(`Ceiling measurement stopped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      llamaBench = undefined;
      readBandwidthTool = undefined;
    }
    return sample;
  };
}

/** The ceiling section and its summary figures, when any sample was taken. */
export function reportCeilings(run: BenchRun, samples: CeilingSample[], model: BenchModel): void {
  if (!samples.some((sample) => sample.llamaBench !== undefined || sample.bandwidthGbPerSecond !== undefined)) return;
  const { summary } = run;
  const ceiling = ceilingSection(samples, weightBytesPerToken(model.type));
  run.report.ceiling = ceiling;
  summary.engineCeilingPromptRatio = ceiling.oursPromptRatio?.median ?? null;
  summary.engineCeilingGenerationRatio = ceiling.oursGenerationRatio?.median ?? null;
  if (ceiling.bandwidthFraction) {
    const { llamaBench: bench, raw: rawFraction, ours } = ceiling.bandwidthFraction;
    summary.bandwidthFraction = { llamaBench: bench?.median ?? null, raw: rawFraction?.median ?? null, ours: ours?.median ?? null };
  }
  run.log(
    `Ceiling: llama-bench ${JSON.stringify(ceiling.llamaBench)}; ours/llama-bench prompt ${ceiling.oursPromptRatio?.median}, generation ${ceiling.oursGenerationRatio?.median}; ` +
      `raw/llama-bench generation ${ceiling.rawGenerationRatio?.median} (raw's token: decode ${ceiling.rawPerToken?.decodeMs.median} ms, ` +
      `sampling ${ceiling.rawPerToken?.sampleMs.median} ms, rest ${ceiling.rawPerToken?.otherMs.median} ms; decode alone ×${ceiling.rawDecodeOnlyRatio?.median}); read bandwidth ${ceiling.bandwidthGbPerSecond?.median} GB/s; fractions ${JSON.stringify(summary.bandwidthFraction)}`,
  );
}
