/**
 * "Will it fit?" before downloading: pure functions over a memory model and the device's RAM figures.
 *
 * need = weights + context (KV cache + compute buffers) + the app's own overhead (Electron + renderer).
 * headroom = max(10 % of total RAM, 256 MiB), left for the OS, the desktop and the page cache.
 * - fits:     need + headroom ≤ available RAM
 * - tight:    need + headroom ≤ total RAM (it runs if other programs are closed; otherwise it swaps)
 * - wont-fit: anything bigger
 * When the available figure is unknown, 75 % of the total is assumed.
 */
import type { FitAssessment, Quantization } from "../../../common/contract/app/library.ts";
import { quantizationQuality } from "../../../../models/catalog.ts";
import type { MemoryModel } from "./memory-estimate.ts";

export interface DeviceRam {
  totalBytes: number;
  availableBytes: number | null;
}

export interface FitOptions {
  /** The context size the user wants (clamped to the model's training context). Default 4096. */
  contextSize?: number;
  /** Electron + renderer, and the engine process's own runtime. Default 500 MB. */
  appOverheadBytes?: number;
}

export const defaultContextSize = 4096;
/**
 * Electron's browser process and the renderer (~350 MB), plus what the engine process holds beyond the estimated
 * weights, KV cache and compute buffer: Node, V8, the llama.cpp addon and its working memory. `npm run bench`
 * measured that at 151 MB (engine peak RSS 2039 MiB minus the estimate; Gemma 2 2B laid out as the published Q4_0
 * file, 2048 tokens, batch 128; the report's memory.engineAccount.runtimeMb read 154 MiB). The 490 MB measured before
 * came from a model whose token embedding was Q4_0: llama.cpp then kept it twice (plain and repacked), which the
 * published files, with a Q6_K embedding, do not cause.
 */
export const defaultAppOverheadBytes = 500_000_000;
/** The context sizes tried when looking for one that fits, largest first. */
export const candidateContextSizes = [8192, 4096, 2048, 1024, 512] as const;
const minHeadroomBytes = 256 * 1024 * 1024;
const headroomFraction = 0.1;
const assumedAvailableFraction = 0.75;

export function headroomFor(totalBytes: number): number {
  return Math.max(minHeadroomBytes, Math.round(totalBytes * headroomFraction));
}

export function assessFit(model: MemoryModel, ram: DeviceRam, options: FitOptions = {}): FitAssessment {
  const appOverheadBytes = options.appOverheadBytes ?? defaultAppOverheadBytes;
  const contextSize = Math.min(options.contextSize ?? defaultContextSize, model.trainContextSize);
  const headroomBytes = headroomFor(ram.totalBytes);
  const available = ram.availableBytes ?? Math.round(ram.totalBytes * assumedAvailableFraction);
  const needFor = (size: number) => model.weightsBytes + model.contextBytes(size) + appOverheadBytes;
  const verdictFor = (need: number): FitAssessment["verdict"] =>
    need + headroomBytes <= available ? "fits" : need + headroomBytes <= ram.totalBytes ? "tight" : "wont-fit";

  const fittingContextSize =
    candidateContextSizes.find((size) => size <= model.trainContextSize && verdictFor(needFor(size)) === "fits") ?? null;
  const contextBytes = model.contextBytes(contextSize);
  const needBytes = needFor(contextSize);
  return {
    verdict: verdictFor(needBytes),
    contextSize,
    fittingContextSize,
    needBytes: Math.round(needBytes),
    weightsBytes: Math.round(model.weightsBytes),
    contextBytes: Math.round(contextBytes),
    appOverheadBytes,
    headroomBytes,
    totalRamBytes: ram.totalBytes,
    availableRamBytes: ram.availableBytes,
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
