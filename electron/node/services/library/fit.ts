/**
 * "Will it fit?" before downloading: pure functions over a memory model and the device's RAM figures.
 *
 * need = weights + context (KV cache + compute buffers) + the app's own overhead (Electron + renderer). The weights are
 * the file's tensor data plus, on a CPU where llama.cpp repacks the tied token embedding for the output matrix, that
 * tensor once more (repacked-embedding.ts: the lookup keeps the plain copy).
 * headroom = max(10 % of total RAM, 256 MiB), left for the OS, the desktop and the page cache.
 * - fits:     need − already resident + headroom ≤ available RAM + freed on switch (`appBudget`, below)
 * - tight:    need + headroom ≤ total RAM (it runs if other programs are closed; otherwise it swaps)
 * - wont-fit: anything bigger
 * When the available figure is unknown, 75 % of the total is assumed and nothing counts as resident.
 */
import type { FitAssessment, Quantization } from "../../../common/contract/app/library.ts";
import { quantizationQuality } from "../../../../models/catalog.ts";
import type { MemoryModel } from "./memory-estimate.ts";
import { repackedEmbeddingBytes, type RepackKernels } from "./repacked-embedding.ts";

export interface DeviceRam {
  totalBytes: number;
  /** MemAvailable, read while the app runs: what the app holds now is already outside it. */
  availableBytes: number | null;
  /** What of the app runs now, so that its memory is already outside `availableBytes` (resident-memory.ts). None when absent. */
  resident?: ResidentApp | null;
}

/** The app's processes as they run while the Library is listed. */
export interface ResidentApp {
  /** The main process and, on the desktop, the renderer: the `appOverheadParts` that run (a headless app has no renderer here). */
  appProcessBytes: number;
  /** The engine process's resident set now (runtime, and the loaded model and its KV cache), or null when no engine runs. */
  engineBytes: number | null;
}

export interface FitOptions {
  /** The context size the user wants (clamped to the model's training context). Default 4096. */
  contextSize?: number;
  /** Electron + renderer, and the engine process's own runtime. Default `defaultAppOverheadBytes` (460 MB). */
  appOverheadBytes?: number;
  /** The CPU kernels llama.cpp's repack code can use on this device (device-info.ts, `repackKernels`); none when unknown. */
  repackKernels?: RepackKernels | null;
}

export const defaultContextSize = 4096;

const mib = 1024 * 1024;
/**
 * What the app holds beyond the estimated weights, KV cache and compute buffer (memory-estimate.ts), part by part.
 * Measured with `npm run bench -- --only memory` (bench/README.md, "Memory") on 2026-12-07: the Gemma 2 2B shape laid
 * out as the published Q4_0 file, 2048 tokens, batch 128, x86-64, the engine with its fixed mmap threshold
 * (inference/engine-env.ts).
 */
export const appOverheadParts = {
  /**
   * The engine process beyond llama.cpp's buffers: Node, V8, the addon, the allocator. Report: memory.engineAccount.runtimeMb,
   * 98 MiB after one pair (`--only memory`) and 118 after all of the full run's phases, a 10-turn chat included
   * (bench/memory-growth.ts): the larger. It no longer grows with a chat since the engine's context keeps no
   * sliding-window checkpoints (electron/engine/sliding-window.ts; before: 149 after one pair, 573 after a 10-turn chat).
   */
  engineRuntimeBytes: 118 * mib,
  /** The main-process side (AppBackend in Node). Report: memory.mainRssMb (111 and 118 MiB in two runs: the larger). */
  mainProcessBytes: 118 * mib,
  /** One Chromium renderer process showing the app (the browser host's page, a 200-message chat streaming). Report: memory.wholeApp.rendererMb (202 MiB). */
  rendererProcessBytes: 202 * mib,
} as const;

/**
 * Electron + renderer, and the engine process's own runtime: the sum of `appOverheadParts` (438 MiB, 460 MB) — the
 * issue's whole app (#18 item 4: engine + main + a Chromium renderer process standing in for Electron's). Not measured:
 * what Electron's main process holds beyond a Node one (Chromium's browser side) and its GPU and network processes. The bench's
 * whole-app figure (engine + main side + renderer, beyond model + KV cache: 534 MiB) also holds the compute buffer and
 * logits (128 MiB), which memory-estimate.ts counts in the context. On x86-64 the published Gemma files hold their tied
 * Q6_K embedding once (llama.cpp repacks Q6_K only for ARM: ggml/src/ggml-cpu/repack.cpp,
 * ggml_repack_get_optimal_repack_type); on a CPU with ARM dot-product instructions (the Pi 5's Cortex-A76) llama.cpp
 * repacks it for the output matrix and keeps the plain copy for the token lookup — 461 MiB more for Gemma 2 2B —,
 * which `assessFit` adds to the weights (repacked-embedding.ts), not to this overhead.
 */
export const defaultAppOverheadBytes = Object.values(appOverheadParts).reduce((sum, bytes) => sum + bytes, 0);
/** The context sizes tried when looking for one that fits, largest first. */
export const candidateContextSizes = [8192, 4096, 2048, 1024, 512] as const;
const minHeadroomBytes = 256 * 1024 * 1024;
const headroomFraction = 0.1;
const assumedAvailableFraction = 0.75;

export function headroomFor(totalBytes: number): number {
  return Math.max(minHeadroomBytes, Math.round(totalBytes * headroomFraction));
}

/** The app's memory that is already outside MemAvailable, split by what a switch of model does with it. */
export interface AppBudget {
  /** Counted in `need` and held now: the running app processes, and the engine's runtime part while it runs. */
  alreadyResidentBytes: number;
  /** Held now and given back before the next model loads: the engine's resident set beyond its runtime (the model, its KV cache). */
  freedOnSwitchBytes: number;
  /** MemAvailable (or the assumed fraction of the total). */
  availableBytes: number;
}

/**
 * The one definition of "what the app may use now" (used by `assessFit`, so by the Library listing and the
 * out-of-memory advice alike). `need` counts the whole app (engine runtime + main + renderer), but MemAvailable is
 * read while the app runs: the main process, the renderer (desktop only: headless serves the page to a browser on
 * another machine) and the engine process already sit outside it, so counting them in `need` again would count them
 * twice. Switching models does not add a second model: the supervisor keeps one engine process and the engine's
 * Load unloads the current model and disposes its context and model before loading the next (electron/engine/engine.ts:
 * `load` calls `unload` first, which disposes both), so the engine's resident set beyond its runtime is freed first. Hence
 *   fits ⇔ need − alreadyResident + headroom ≤ available + freedOnSwitch.
 * The engine's resident set counts once: up to `appOverheadParts.engineRuntimeBytes` as already resident, the rest as
 * freed on switch. Without a MemAvailable figure the assumed fraction of the total stands for it and nothing counts
 * as resident (the fraction was never a live reading). `alreadyResident` never exceeds the overhead `need` counts.
 * The main process and renderer count as their measured parts (`appOverheadParts`), as `need` does. Headless, `need`
 * still holds the renderer's part (a browser on the Pi itself may show the page): a margin, never a double count.
 */
export function appBudget(ram: DeviceRam, appOverheadBytes: number): AppBudget {
  if (ram.availableBytes === null || !ram.resident) {
    return { alreadyResidentBytes: 0, freedOnSwitchBytes: 0, availableBytes: ram.availableBytes ?? Math.round(ram.totalBytes * assumedAvailableFraction) };
  }
  const engine = Math.max(0, ram.resident.engineBytes ?? 0);
  const engineRuntime = Math.min(engine, appOverheadParts.engineRuntimeBytes);
  return {
    alreadyResidentBytes: Math.min(appOverheadBytes, Math.max(0, ram.resident.appProcessBytes) + engineRuntime),
    freedOnSwitchBytes: engine - engineRuntime,
    availableBytes: ram.availableBytes,
  };
}

export function assessFit(model: MemoryModel, ram: DeviceRam, options: FitOptions = {}): FitAssessment {
  const appOverheadBytes = options.appOverheadBytes ?? defaultAppOverheadBytes;
  const contextSize = Math.min(options.contextSize ?? defaultContextSize, model.trainContextSize);
  const headroomBytes = headroomFor(ram.totalBytes);
  const budget = appBudget(ram, appOverheadBytes);
  // What the app may use: MemAvailable plus what it holds now (see `appBudget`); `need + headroom` is compared with it.
  // Never more than the total (figures read at different moments could add up beyond it): what fits is always "tight" too.
  const appAvailable = Math.min(ram.totalBytes, budget.availableBytes + budget.alreadyResidentBytes + budget.freedOnSwitchBytes);
  const weightsBytes = model.weightsBytes + repackedEmbeddingBytes(model.embedding, options.repackKernels);
  const needFor = (size: number) => weightsBytes + model.contextBytes(size) + appOverheadBytes;
  // "tight" asks whether it could ever fit here, so it keeps the whole app against the total.
  const verdictFor = (need: number): FitAssessment["verdict"] =>
    need + headroomBytes <= appAvailable ? "fits" : need + headroomBytes <= ram.totalBytes ? "tight" : "wont-fit";

  const fittingContextSize =
    candidateContextSizes.find((size) => size <= model.trainContextSize && verdictFor(needFor(size)) === "fits") ?? null;
  const contextBytes = model.contextBytes(contextSize);
  const needBytes = needFor(contextSize);
  return {
    verdict: verdictFor(needBytes),
    contextSize,
    fittingContextSize,
    needBytes: Math.round(needBytes),
    weightsBytes: Math.round(weightsBytes),
    contextBytes: Math.round(contextBytes),
    appOverheadBytes,
    headroomBytes,
    totalRamBytes: ram.totalBytes,
    // The figure "fits" is measured against (the badge shows need of it): MemAvailable plus what the app holds now.
    availableRamBytes: ram.availableBytes === null ? null : Math.round(appAvailable),
    estimateSource: model.source,
  };
}

export interface RecommendationCandidate {
  id: string;
  parameters: number;
  quantization: Quantization;
  fit: FitAssessment;
}

export interface RecommendOptions {
  /** On ARM (the Pi) prefer Q4_0: llama.cpp repacks it for the dot-product kernels, so prompts are read much faster. */
  preferQ4_0: boolean;
  /** A variant only counts as fitting when at least this much context fits with headroom. Default 2048. */
  minContextSize?: number;
}

/**
 * The best model that fits with headroom: the largest model (parameters matter more than quantization), and within
 * it Q4_0 on ARM, otherwise the highest-quality quantization. Null when nothing fits with headroom.
 */
export function recommendVariant(candidates: readonly RecommendationCandidate[], options: RecommendOptions): string | null {
  return rankVariants(candidates, options)[0]?.id ?? null;
}

/** The variants that fit with headroom, best first (the order `recommendVariant` picks from). */
export function rankVariants<C extends RecommendationCandidate>(candidates: readonly C[], options: RecommendOptions): C[] {
  const minContextSize = options.minContextSize ?? 2048;
  const eligible = candidates.filter((candidate) => (candidate.fit.fittingContextSize ?? 0) >= minContextSize);
  const rank = (candidate: RecommendationCandidate) =>
    options.preferQ4_0 && candidate.quantization === "Q4_0" ? Number.POSITIVE_INFINITY : quantizationQuality[candidate.quantization];
  return [...eligible].sort((a, b) => b.parameters - a.parameters || rank(b) - rank(a));
}

export function prefersQ4_0(arch: string): boolean {
  return arch === "arm64" || arch === "arm";
}
