/**
 * How much RAM a model needs, as a "memory model": the weights plus a function from context size to KV cache +
 * compute buffers. Two sources, one formula:
 * - `memoryModelFromHeader`: the real GGUF header (remote or local), read by the bounded reader in a worker: the
 *   tensor data's size and the hyper-parameters the file declares;
 * - `memoryModelFromCatalog`: offline, from the catalog's file size and model shape.
 *
 * The KV cache follows llama.cpp (and node-llama-cpp's `_estimateContextCacheMemorySplitInBytes`): per layer
 * `kvHeads × headSize × 2 (K and V) × 2 bytes (F16)` per cell; cells = context padded to 256, except on Gemma 2's
 * sliding-window layers (every even layer), which keep only `window + batch + 1` cells (padded) once the context is
 * longer than the window. Gemma 2 2B: 26 layers × 4 heads × 256 × 4 bytes = 104 KiB per token with every layer full.
 * The compute buffer is the two terms that dominate for Gemma 2 on the CPU (flash attention is off for it):
 * the F32 logits of one batch (the app's default batch size) over the 256k vocabulary, and the F32 attention scores
 * of that batch.
 * test/library/memory-estimate.test.ts checks both against node-llama-cpp's own estimator.
 * Beyond the window, node-llama-cpp's copies of the window's cells are counted too (`slidingWindowCheckpointBytes`).
 * Each model also names its tied token embedding (type, rows, row length), from which fit.ts adds the second copy
 * llama.cpp makes on CPUs that repack it for the output matrix (repacked-embedding.ts).
 */
import type { ModelShape } from "../../../common/contract/app/library.ts";
import { defaultBatchSize as appBatchSize } from "../settings/setting-fields.ts";
import { defaultTiedEmbeddingType, type EmbeddingTensor } from "./repacked-embedding.ts";
import { slidingWindowCopiesHeld } from "../../../common/sliding-window-checkpoints.ts";

export interface MemoryModel {
  source: "gguf-header" | "catalog";
  weightsBytes: number;
  trainContextSize: number;
  /** KV cache + compute buffers of one sequence with this context size. */
  contextBytes(contextSize: number): number;
  /** Gemma 2's tied `token_embd` (lookup and output matrix), when its type is known; null when it is not. */
  embedding?: EmbeddingTensor | null;
}

/**
 * The tied embedding from the file's quantization: the header reader does not return `token_embd`'s own type, so
 * this is llama-quantize's default for it (repacked-embedding.ts, `defaultTiedEmbeddingType`).
 */
export function tiedEmbedding(shape: Pick<ModelShape, "vocabularySize" | "embeddingLength">, quantization: string | null | undefined): EmbeddingTensor | null {
  const typeName = defaultTiedEmbeddingType(quantization, shape.embeddingLength);
  return typeName ? { typeName, rows: shape.vocabularySize, rowLength: shape.embeddingLength } : null;
}

export type KvShape = Pick<ModelShape, "layers" | "kvHeads" | "headSize" | "slidingWindow" | "trainContextSize">;

const kvCellPadding = 256;
const f16Bytes = 2;
const f32Bytes = 4;

export function padUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/** llama.cpp's gemma2 layout: sliding-window attention on even layers, full attention on odd ones. */
export function isSlidingWindowLayer(layerIndex: number): boolean {
  return layerIndex % 2 === 0;
}

export function defaultBatchSize(contextSize: number): number {
  return Math.min(contextSize, appBatchSize);
}

/** KV cells a sliding-window layer keeps for this context (all of them when the window is not shorter). */
export function slidingWindowCells(shape: KvShape, contextSize: number, batchSize = defaultBatchSize(contextSize)): number {
  const fullCells = padUp(contextSize, kvCellPadding);
  const window = shape.slidingWindow;
  const reduced = window > 0 && window < contextSize && window < shape.trainContextSize;
  return reduced ? Math.min(fullCells, padUp(window + batchSize + 1, kvCellPadding)) : fullCells;
}

export function kvCacheBytes(shape: KvShape, contextSize: number, batchSize = defaultBatchSize(contextSize)): number {
  const fullCells = padUp(contextSize, kvCellPadding);
  const windowCells = slidingWindowCells(shape, contextSize, batchSize);
  let total = 0;
  for (let layer = 0; layer < shape.layers; layer++)
    total += kvBytesPerCell(shape) * (isSlidingWindowLayer(layer) ? windowCells : fullCells);
  return total;
}

function kvBytesPerCell(shape: KvShape): number {
  return shape.kvHeads * shape.headSize * 2 * f16Bytes;
}

/**
 * node-llama-cpp's copies of the sliding-window layers' cells, held when the window is shorter than the context
 * (the engine asks for the full-size cache otherwise, and then none are taken): at most `slidingWindowCopiesHeld`,
 * each up to the window's cells (common/sliding-window-checkpoints.ts).
 */
export function slidingWindowCheckpointBytes(shape: KvShape, contextSize: number, batchSize = defaultBatchSize(contextSize)): number {
  const windowCells = slidingWindowCells(shape, contextSize, batchSize);
  if (windowCells >= padUp(contextSize, kvCellPadding)) return 0;
  let slidingLayers = 0;
  for (let layer = 0; layer < shape.layers; layer++) if (isSlidingWindowLayer(layer)) slidingLayers++;
  return slidingWindowCopiesHeld * slidingLayers * windowCells * kvBytesPerCell(shape);
}

export function computeBufferBytes(
  shape: Pick<ModelShape, "vocabularySize" | "headCount">,
  contextSize: number,
  batchSize = defaultBatchSize(contextSize),
): number {
  const logits = f32Bytes * batchSize * shape.vocabularySize;
  const attentionScores = f32Bytes * batchSize * shape.headCount * padUp(contextSize, kvCellPadding);
  return logits + attentionScores;
}

/** Offline estimate: the weights are the file (llama.cpp maps or repacks all of it on the CPU). */
export function memoryModelFromCatalog(variant: { sizeBytes: number; shape: ModelShape; quantization?: string }): MemoryModel {
  const { shape } = variant;
  return {
    source: "catalog",
    weightsBytes: variant.sizeBytes,
    trainContextSize: shape.trainContextSize,
    contextBytes: (contextSize) => kvCacheBytes(shape, contextSize) + slidingWindowCheckpointBytes(shape, contextSize) + computeBufferBytes(shape, contextSize),
    embedding: tiedEmbedding(shape, variant.quantization),
  };
}

/** From a header read by the bounded reader: the weights are the tensor data llama.cpp maps. */
export function memoryModelFromHeader(header: { weightsBytes: number; shape: Omit<ModelShape, "architecture">; quantization?: string | null }): MemoryModel {
  const { shape } = header;
  return {
    source: "gguf-header",
    weightsBytes: header.weightsBytes,
    trainContextSize: shape.trainContextSize,
    contextBytes: (contextSize) => kvCacheBytes(shape, contextSize) + slidingWindowCheckpointBytes(shape, contextSize) + computeBufferBytes(shape, contextSize),
    embedding: tiedEmbedding(shape, header.quantization),
  };
}
