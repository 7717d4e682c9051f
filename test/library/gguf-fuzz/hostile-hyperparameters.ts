/**
 * Gemma 2 files whose hyper-parameters make llama.cpp (node-llama-cpp 3.22.1's bundle, commit de3ff815) stop the whole
 * engine process, never finish a message, or fail the load without naming the key: each one the generated test model
 * with a few metadata entries changed. `plain` is what plain node-llama-cpp does with it (llama-probe.ts: seen on this
 * machine, and asserted again by gguf-hyperparameters.engine.test.ts for the aborts); `key` is what the reader names.
 * The source line of each is in electron/node/gguf/llama-read-keys.ts and llama-vocabulary.ts.
 */
import type { MetadataValue } from "./metadata-edit.ts";

export interface HostileCase {
  name: string;
  edits: ReadonlyArray<readonly [string, MetadataValue | null]>;
  /** The key the refusal names. */
  key: string;
  /** What plain node-llama-cpp does: aborts (SIGABRT) at a stage, never ends the first answer, or fails the load. */
  plain: { aborts: "load" | "context" | "answer"; at: string } | { hangs: "answer" } | { fails: "load" };
}

const u32 = (value: number): MetadataValue => ({ type: "uint32", value });
const f32 = (value: number): MetadataValue => ({ type: "float32", value });
const perLayer = (elementType: "bool" | "uint32", values: Array<number | boolean>): MetadataValue => ({ type: "array", elementType, values });

export const hostileCases: readonly HostileCase[] = [
  { name: "513 layers", edits: [["gemma2.block_count", u32(513)]], key: "gemma2.block_count", plain: { aborts: "load", at: "llama-model.cpp:1260" } },
  { name: "an expert used, no experts", edits: [["gemma2.expert_used_count", u32(1)]], key: "gemma2.expert_used_count", plain: { aborts: "load", at: "llama-model.cpp:1294" } },
  { name: "an expert used in the last layer", edits: [["gemma2.expert_used_count", perLayer("uint32", [0, 0, 0, 1])]], key: "gemma2.expert_used_count", plain: { aborts: "load", at: "llama-model.cpp:1294" } },
  { name: "an expert group", edits: [["gemma2.expert_group_count", u32(1)]], key: "gemma2.expert_group_count", plain: { aborts: "load", at: "llama-model.cpp:1305" } },
  { name: "value heads of size 0", edits: [["gemma2.attention.value_length", u32(0)]], key: "gemma2.attention.value_length", plain: { aborts: "load", at: "llama-model-loader.cpp" } },
  { name: "sliding-window key heads of size 0", edits: [["gemma2.attention.key_length_swa", u32(0)]], key: "gemma2.attention.key_length_swa", plain: { aborts: "load", at: "llama-model-loader.cpp" } },
  { name: "sliding-window value heads of size 0", edits: [["gemma2.attention.value_length_swa", u32(0)]], key: "gemma2.attention.value_length_swa", plain: { aborts: "load", at: "llama-model-loader.cpp" } },
  { name: "rope over more than a head", edits: [["gemma2.rope.dimension_count", u32(128)]], key: "gemma2.rope.dimension_count", plain: { aborts: "answer", at: "ops.cpp:6126" } },
  { name: "rope over an odd number of dimensions", edits: [["gemma2.rope.dimension_count", u32(63)]], key: "gemma2.rope.dimension_count", plain: { aborts: "answer", at: "ops.cpp:6127" } },
  { name: "sliding-window rope over more than a head", edits: [["gemma2.rope.dimension_count_swa", u32(128)]], key: "gemma2.rope.dimension_count_swa", plain: { aborts: "answer", at: "ops.cpp:6126" } },
  { name: "RMS norm epsilon NaN", edits: [["gemma2.attention.layer_norm_rms_epsilon", f32(NaN)]], key: "gemma2.attention.layer_norm_rms_epsilon", plain: { aborts: "answer", at: "ops.cpp:3949" } },
  { name: "RMS norm epsilon negative", edits: [["gemma2.attention.layer_norm_rms_epsilon", f32(-1)]], key: "gemma2.attention.layer_norm_rms_epsilon", plain: { aborts: "answer", at: "ops.cpp:3949" } },
  { name: "sliding-window pattern 1", edits: [["gemma2.attention.sliding_window_pattern", u32(1)]], key: "gemma2.attention.sliding_window_pattern", plain: { aborts: "context", at: "llama-model.cpp:2685" } },
  { name: "no sliding-window layer", edits: [["gemma2.attention.sliding_window_pattern", perLayer("bool", [false, false, false, false])]], key: "gemma2.attention.sliding_window_pattern", plain: { aborts: "context", at: "llama-model.cpp:2685" } },
  { name: "rope over no dimension", edits: [["gemma2.rope.dimension_count", u32(0)]], key: "gemma2.rope.dimension_count", plain: { hangs: "answer" } },
  { name: "sliding-window rope over no dimension", edits: [["gemma2.rope.dimension_count_swa", u32(0)]], key: "gemma2.rope.dimension_count_swa", plain: { hangs: "answer" } },
  { name: "sliding-window key heads of another size", edits: [["gemma2.attention.key_length_swa", u32(32)]], key: "gemma2.attention.key_length_swa", plain: { fails: "load" } },
  { name: "value heads of another size", edits: [["gemma2.attention.value_length", u32(32)]], key: "gemma2.attention.value_length", plain: { fails: "load" } },
  // The GGUF fuzzer's find (seed 20261207, file 356): fewer layers than the file has tensors for.
  { name: "fewer layers than the tensors", edits: [["gemma2.block_count", u32(2)]], key: "gemma2.block_count", plain: { fails: "load" } },
  { name: "a next-token prediction layer", edits: [["gemma2.nextn_predict_layers", u32(1)]], key: "gemma2.nextn_predict_layers", plain: { fails: "load" } },
  // llama-model-loader.cpp:596 reads split.count as a uint16 and then opens the other parts by name: here there are none.
  { name: "one part of a split model", edits: [["split.count", { type: "uint16", value: 2 }], ["split.no", { type: "uint16", value: 0 }]], key: "split.count", plain: { fails: "load" } },
  { name: "named like Phi-3", edits: [["general.name", { type: "string", value: "Gemma 2 phi3 merge" }]], key: "general.name", plain: { fails: "load" } },
];

/** Changes llama.cpp loads and answers with: the reader accepts them. */
export const acceptedCases: ReadonlyArray<{ name: string; edits: ReadonlyArray<readonly [string, MetadataValue | null]> }> = [
  { name: "rope over part of each head", edits: [["gemma2.rope.dimension_count", u32(62)]] },
  { name: "the head size said again", edits: [["gemma2.attention.key_length_swa", u32(64)], ["gemma2.rope.dimension_count", u32(64)]] },
  { name: "an expert group used, no experts", edits: [["gemma2.expert_group_used_count", u32(1)]] },
  { name: "sliding window 0", edits: [["gemma2.attention.sliding_window", u32(0)]] },
  { name: "sliding-window pattern 0 (every layer)", edits: [["gemma2.attention.sliding_window_pattern", u32(0)]] },
  { name: "one sliding-window layer", edits: [["gemma2.attention.sliding_window_pattern", perLayer("uint32", [0, 0, 1, 0])]] },
];
