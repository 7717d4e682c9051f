/** Memory, read while both sides are still loaded: the engine's peak split by llama.cpp's own buffers. */
import { GEMMA2_SHAPES } from "../../tools/make-model/gemma2-shapes.ts";
import { engineMemoryAccount, processMemory } from "../memory.ts";
import type { BenchModel } from "../model.ts";
import { round, toMiB } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";
import type { Sides } from "./sides.ts";

export async function measureMemory(run: BenchRun, sides: Sides, model: BenchModel): Promise<void> {
  const { load, summary } = run;
  const shape = GEMMA2_SHAPES["gemma2-2b"];
  const pipelineMemory = await sides.pipeline.memory();
  const rawMemory = await processMemory("self");
  const kvBytes = 2 * shape.blockCount * shape.headCountKv * shape.headSize * 2 * load.contextSize;
  const modelMb = toMiB(model.sizeBytes);
  const kvMb = toMiB(kvBytes);
  const engineRss = pipelineMemory.engine?.peakRssMb ?? Number.NaN;
  const buffers = sides.raw.info.llamaBuffers;
  const anonBuffers = Object.entries(buffers)
    .filter(([name]) => !name.includes("Mapped"))
    .reduce((sum, [, size]) => sum + size, 0);
  run.report.memory = {
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
  run.log(
    `Memory: engine peak ${engineRss.toFixed(0)} MiB (file-backed ${pipelineMemory.engine?.fileMb?.toFixed(0)}, anonymous ${pipelineMemory.engine?.anonMb?.toFixed(0)}), main side ${pipelineMemory.main.sampledPeakRssMb.toFixed(0)} MiB`,
  );
}
