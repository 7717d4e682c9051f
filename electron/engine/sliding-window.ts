/**
 * Whether the engine asks node-llama-cpp for a full-size sliding-window cache (issue #18 item 4).
 *
 * Gemma 2 attends over a sliding window of 4,096 tokens in every other layer (llama.cpp src/models/gemma2.cpp
 * lines 4–6: LLAMA_SWA_TYPE_STANDARD, n_swa 4096, pattern 2). For such a model node-llama-cpp 3.22.1 treats a context
 * sequence as one that needs checkpoints unless the context was created with `swaFullCache`
 * (dist/evaluator/LlamaContext/LlamaContext.js 1533–1539, `needsCheckpoints`), and then copies the sequence's
 * sliding-window KV cells out of llama.cpp after evaluations: LlamaChat takes one after each answer
 * (dist/evaluator/LlamaChat/LlamaChat.js 250–251) and named ones at a chat's start (1459–1460), up to 32 unnamed ones
 * per sequence with no memory limit (LlamaContext.js 78–82, `defaultCheckpointOptions`: max 32, maxMemory null).
 * Each copy is `llama_state_seq_get_data_ext(…, LLAMA_STATE_SEQ_FLAGS_PARTIAL_ONLY)` (llama/addon/AddonContext.cpp
 * 1521–1531), the SWA half of the KV cache for that sequence (llama.cpp src/llama-kv-cache-iswa.cpp 259–265): on
 * Gemma 2 2B 13 layers × K and V × 4 heads × 256 × 2 bytes = 52 KiB per token held, so a 1,000-token conversation
 * costs ~51 MiB per checkpoint, and a 10-turn chat holds one per turn.
 *
 * The copies exist to restore the window when cells it evicted are needed again: they are read only when a removal
 * starts at or below the sequence's oldest cached position or llama.cpp's removal fails (LlamaContext.js 1102–1107,
 * 1146–1160), and neither depends on them otherwise. While the context is no longer than the window nothing is evicted:
 * a cell is masked only when its distance to the newest position reaches n_swa (src/llama-hparams.h 479–483), which
 * cannot happen within a context of at most n_swa tokens, and `llama_kv_cache::seq_rm` then always succeeds
 * (src/llama-kv-cache.cpp 382–448). And the cache costs the same: llama.cpp sizes the SWA cache
 * min(context, n_swa + n_ubatch) (src/llama-kv-cache-iswa.cpp 73), which is the context when it fits in the window,
 * and a full-size one is exactly the context (76–81). So for such contexts we ask for the full-size cache, and
 * node-llama-cpp takes no checkpoints. Longer contexts keep the smaller cache and the checkpoints.
 */
export function fullSlidingWindowCache(swaSize: number | undefined, contextSize: number | { max: number }): boolean {
  if (swaSize === undefined) return false;
  const largest = typeof contextSize === "number" ? contextSize : contextSize.max;
  return largest <= swaSize;
}
