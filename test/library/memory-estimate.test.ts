// @vitest-environment node
import { GgufInsights, type GgufFileInfo } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import type { ModelShape } from "../../electron/common/contract/app/library.ts";
import { computeBufferBytes, defaultBatchSize, kvCacheBytes, memoryModelFromCatalog, slidingWindowCheckpointBytes } from "../../electron/node/services/library/memory-estimate.ts";
import { loadBundledCatalog } from "../../models/catalog.ts";

/** A header-only GgufFileInfo with the catalog's shape, so node-llama-cpp's own estimator can be asked about it. */
function headerFromShape(shape: ModelShape): GgufFileInfo {
  return {
    version: 3,
    tensorCount: 0,
    totalTensorCount: 0,
    metadataSize: 0,
    splicedParts: 1,
    tensorInfo: [],
    fullTensorInfo: [],
    sourceData: [],
    metadata: { general: { architecture: "gemma2" }, tokenizer: { ggml: {} } },
    architectureMetadata: {
      context_length: shape.trainContextSize,
      embedding_length: shape.embeddingLength,
      block_count: shape.layers,
      feed_forward_length: shape.feedForwardLength,
      vocab_size: shape.vocabularySize,
      attention: {
        head_count: shape.headCount,
        head_count_kv: shape.kvHeads,
        key_length: shape.headSize,
        value_length: shape.headSize,
        sliding_window: shape.slidingWindow,
      },
    },
  } as unknown as GgufFileInfo;
}

const catalog = loadBundledCatalog();
const models = ["gemma-2-2b-it-Q4_0", "gemma-2-9b-it-Q4_0"].map((id) => catalog.variants.find((variant) => variant.id === id)!);
const contextSizes = [512, 1024, 2048, 4096, 8192];

describe("the offline RAM estimate from the catalog's shape", () => {
  it("gives Gemma 2 2B's 104 KiB per token of F16 KV cache with every layer full", () => {
    const shape = models[0]!.shape;
    expect(kvCacheBytes({ ...shape, slidingWindow: 0 }, 8192)).toBe(8192 * 104 * 1024);
    // With the sliding window, half the layers keep only 4096 + 129 tokens (batch 128; padded to 4352).
    expect(kvCacheBytes(shape, 8192)).toBe(13 * 8192 * 4096 + 13 * 4352 * 4096);
    expect(kvCacheBytes(shape, 4096)).toBe(4096 * 104 * 1024);
  });

  it.each(models.map((variant) => [variant.id, variant] as const))(
    "%s: KV cache and total context memory agree with node-llama-cpp's GgufInsights",
    async (_id, variant) => {
      const insights = await GgufInsights.from(headerFromShape(variant.shape));
      for (const contextSize of contextSizes) {
        const batchSize = defaultBatchSize(contextSize);
        // Deprecated, and kept on purpose: its successor (estimateContextResourceRequirementsV2) has no
        // includeGraphOverhead, and for a header without tensors it falls back to this very estimator
        // (node-llama-cpp 3.22.1, dist/gguf/insights/GgufInsights.js), so this is still the only graph-free figure.
        const theirsWithoutGraph = insights.estimateContextResourceRequirements({
          contextSize,
          modelGpuLayers: 0,
          batchSize,
          flashAttention: false,
          includeGraphOverhead: false,
        }).cpuRam;
        // Without graph overhead node-llama-cpp counts KV + node bookkeeping + the F32 logits of one batch.
        const theirKv = theirsWithoutGraph - 4 * batchSize * variant.shape.vocabularySize;
        expect(Math.abs(kvCacheBytes(variant.shape, contextSize) - theirKv)).toBeLessThan(2 * 1024 * 1024);

        const theirs = (await insights.estimateContextResourceRequirementsV2({ contextSize, modelGpuLayers: 0, batchSize, flashAttention: false })).cpuRam;
        // node-llama-cpp's estimate leaves out its own checkpoint copies, which ours adds beyond the window.
        const ours = memoryModelFromCatalog(variant).contextBytes(contextSize) - slidingWindowCheckpointBytes(variant.shape, contextSize);
        expect(ours / theirs).toBeGreaterThan(0.95);
        expect(ours / theirs).toBeLessThan(1.05);
      }
    },
  );

  it("adds node-llama-cpp's copies of the sliding-window cells only when the context is longer than the window", () => {
    const shape = models[0]!.shape;
    expect(slidingWindowCheckpointBytes(shape, 4096)).toBe(0);
    expect(slidingWindowCheckpointBytes(shape, 2048)).toBe(0);
    // Three copies (two after answers, one at the latest answer's start) of 13 layers × 4,352 cells × 4 KiB.
    expect(slidingWindowCheckpointBytes(shape, 8192)).toBe(3 * 13 * 4352 * 4096);
    const catalog = memoryModelFromCatalog(models[0]!);
    expect(catalog.contextBytes(8192)).toBe(kvCacheBytes(shape, 8192) + slidingWindowCheckpointBytes(shape, 8192) + computeBufferBytes(shape, 8192));
  });

  it("counts the compute buffer of one batch (the app's 128 tokens): logits over 256k tokens dominate", () => {
    const shape = models[0]!.shape;
    expect(computeBufferBytes(shape, 4096)).toBe(4 * 128 * 256_000 + 4 * 128 * 8 * 4096);
    expect(computeBufferBytes(shape, 4096, 512)).toBe(4 * 512 * 256_000 + 4 * 512 * 8 * 4096);
    expect(computeBufferBytes(shape, 64)).toBe(4 * 64 * 256_000 + 4 * 64 * 8 * 256);
  });
});
