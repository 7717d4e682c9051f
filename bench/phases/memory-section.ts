/**
 * Memory (issue #18 item 4), read while both sides are still loaded: the engine's peak split by llama.cpp's own
 * buffers; then the whole app (engine + main side + a Chromium renderer process) against model + KV cache.
 */
import { rmSync } from "node:fs";
import { GEMMA2_SHAPES } from "../../tools/make-model/gemma2-shapes.ts";
import { appMemoryAccount, engineMemoryAccount, processMemory, sampleRendererProcesses, type ProcessMemory } from "../memory.ts";
import { ensureBenchModel, type BenchModel } from "../model.ts";
import { repoRoot } from "../options.ts";
import { buildRenderer, measureRenderer, rendererUnavailableReason } from "../renderer.ts";
import { round, toMiB } from "../stats.ts";
import type { BenchRun } from "./bench-run.ts";
import { describeModel } from "./model-section.ts";
import { openSides, type Sides } from "./sides.ts";

type MemoryFigures = Record<keyof ProcessMemory, number | null>;

/** Both sides' memory after one phase of the run, MiB: where it grows (bench/README.md, "Memory"). */
export interface PhaseMemory {
  phase: string;
  engine: MemoryFigures | undefined;
  main: MemoryFigures | undefined;
  /** The bench process, which holds the raw side. */
  raw: MemoryFigures | undefined;
}

const phaseReadings = new WeakMap<BenchRun, PhaseMemory[]>();

const roundedMemory = (memory: Partial<ProcessMemory> | undefined): MemoryFigures | undefined =>
  memory && {
    peakRssMb: round(memory.peakRssMb ?? Number.NaN, 0),
    rssMb: round(memory.rssMb ?? Number.NaN, 0),
    anonMb: round(memory.anonMb ?? Number.NaN, 0),
    fileMb: round(memory.fileMb ?? Number.NaN, 0),
  };

/** Reads both sides' /proc/<pid>/status after `phase` (the report's `memory.byPhase`). */
export async function recordPhaseMemory(run: BenchRun, sides: Sides, phase: string): Promise<void> {
  const pipeline = await sides.pipeline.memory();
  const reading: PhaseMemory = { phase, engine: roundedMemory(pipeline.engine), main: roundedMemory(pipeline.main), raw: roundedMemory(await processMemory("self")) };
  const readings = phaseReadings.get(run) ?? [];
  readings.push(reading);
  phaseReadings.set(run, readings);
  run.log(`  memory after ${phase}: engine peak ${reading.engine?.peakRssMb} MiB (now ${reading.engine?.rssMb}, anonymous ${reading.engine?.anonMb}); raw side peak ${reading.raw?.peakRssMb} MiB`);
}

/** The memory section, after the last phase that runs the engine (the engine's VmHWM is then the run's peak). */
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
  // raw.ts reads these from llama.cpp's log while loading; a line that arrives after it lowers the log level is lost.
  const missingBuffers = ["CPU model", "CPU KV", "CPU compute", "CPU output"].filter((name) => !(name in buffers));
  if (missingBuffers.length > 0) run.notes.push(`Memory account: llama.cpp's log did not give ${missingBuffers.join(", ")}; the runtime figure includes ${missingBuffers.length === 1 ? "it" : "them"}.`);
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
    byPhase: phaseReadings.get(run) ?? [],
    byPhaseNote:
      "/proc/<pid>/status of the engine process, the main side and the bench process (the raw side) after each phase, MiB. The engine no longer grows over the multi-turn phase: node-llama-cpp's sliding-window checkpoints are off for contexts that fit in Gemma 2's window (electron/engine/sliding-window.ts); the raw side makes the same choice (bench/raw.ts).",
  };
  summary.engineRssMb = round(engineRss, 1);
  summary.engineBeyondModelAndKvMb = round(engineRss - modelMb - kvMb, 1);
  summary.mainRssMb = round(pipelineMemory.main.sampledPeakRssMb, 1);
  run.log(
    `Memory: engine peak ${engineRss.toFixed(0)} MiB (file-backed ${pipelineMemory.engine?.fileMb?.toFixed(0)}, anonymous ${pipelineMemory.engine?.anonMb?.toFixed(0)}), main side ${pipelineMemory.main.sampledPeakRssMb.toFixed(0)} MiB`,
  );
}

/**
 * Watches Chromium's renderer processes while the renderer section runs (the browser host's page, standing in for
 * Electron's renderer), then adds the whole app to the report: engine peak + main side peak + the largest renderer
 * process's peak, against model file + KV cache (target: ≤ 900 MiB beyond).
 */
export function watchWholeAppMemory(run: BenchRun): { finish(): Promise<void> } {
  const renderers = sampleRendererProcesses();
  return {
    async finish() {
      const peaks = await renderers.stop();
      const memory = run.report.memory as { engineRssMb?: number | null; mainRssMb?: number | null; modelFileMb?: number | null; kvCacheMb?: number | null } | null;
      const renderer = peaks[0];
      if (!memory) return;
      if (!renderer) {
        run.report.memory = { ...memory, wholeApp: { skipped: "no Chromium renderer process ran (renderer section skipped or failed)" } };
        return;
      }
      const account = appMemoryAccount({
        engineMb: memory.engineRssMb ?? Number.NaN,
        mainMb: memory.mainRssMb ?? Number.NaN,
        rendererMb: renderer.peakRssMb,
        modelFileMb: memory.modelFileMb ?? Number.NaN,
        kvCacheMb: memory.kvCacheMb ?? Number.NaN,
      });
      run.report.memory = {
        ...memory,
        wholeApp: Object.fromEntries(Object.entries(account).map(([name, mb]) => [name, round(mb, 1)])),
        wholeAppRenderers: peaks.map((peak) => ({ pid: peak.pid, peakRssMb: round(peak.peakRssMb, 1) })),
        wholeAppNote:
          "engine peak (VmHWM) + main side's sampled peak + the largest Chromium renderer process's VmHWM (headless Chromium on the browser host running the built renderer, sampled every 250 ms while the renderer section ran: the stand-in for Electron's renderer; Electron's browser process is not counted). The target is ≤ model file + KV cache + 900 MiB.",
      };
      run.summary.appBeyondModelAndKvMb = round(account.beyondModelAndKvMb, 1);
      run.log(`Whole app: engine ${account.engineMb.toFixed(0)} + main ${account.mainMb.toFixed(0)} + renderer ${account.rendererMb.toFixed(0)} = ${account.totalMb.toFixed(0)} MiB, ${account.beyondModelAndKvMb.toFixed(0)} beyond model + KV cache`);
    },
  };
}

/**
 * `--only memory`: both sides loaded, one interleaved pair of the ~512-token prompt (so the compute buffer is used
 * at its largest batch), the memory section, then one streaming renderer run for the whole app.
 */
export async function measureMemoryOnly(run: BenchRun): Promise<void> {
  const { work, log } = run;
  const model = await ensureBenchModel("q4_0", log);
  run.report.model = describeModel(model);
  const sides = await openSides(run, model);
  await recordPhaseMemory(run, sides, "load");
  const pair = await sides.runPair(0, sides.nextPrompt(work.promptTokens), Math.min(work.generatedTokens, 32));
  log(`  one pair: prompt ${pair.raw.promptTokens} tokens, raw ${pair.raw.tokensPerSecond.toFixed(2)} / ours ${pair.ours.tokensPerSecond.toFixed(2)} tokens/s`);
  await recordPhaseMemory(run, sides, "one ~512-token pair");
  await measureMemory(run, sides, model);
  await sides.pipeline.dispose();
  await sides.raw.dispose();
  const build = buildRenderer(repoRoot, log);
  if ("error" in build || rendererUnavailableReason(build.dir)) {
    const reason = "error" in build ? build.error : (rendererUnavailableReason(build.dir) ?? "");
    run.report.memory = { ...run.report.memory, wholeApp: { skipped: reason } };
    if ("dir" in build) rmSync(build.dir, { recursive: true, force: true });
    return;
  }
  const watch = watchWholeAppMemory(run);
  try {
    await measureRenderer(
      { rendererDir: build.dir, tokens: work.rendererTokens, priorMessages: work.rendererPriorMessages, intervalMs: work.rendererTokenIntervalMs, cpuThrottle: work.rendererCpuThrottle },
      log,
    );
  } finally {
    await watch.finish();
    rmSync(build.dir, { recursive: true, force: true });
  }
}
