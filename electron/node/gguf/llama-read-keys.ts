/**
 * The metadata keys llama.cpp reads when it loads a Gemma 2 file, with the type it reads each as. llama.cpp refuses a
 * present key of another type ("key ... has wrong type", src/llama-model-loader.cpp `GKV::get_kv`), so the reader
 * refuses it first, with the key named. Source: node-llama-cpp 3.22.1's llama bundle (commit de3ff815):
 * - src/llama-model.cpp `llama_model_base::load_hparams` and `load_swa_pattern`, src/models/gemma2.cpp
 *   `load_arch_hparams` (the `<arch>.*` keys; key names from src/llama-arch.cpp `LLM_KV_NAMES`);
 * - src/llama-vocab.cpp `llama_vocab::impl::load` (the `tokenizer.ggml.*` keys; the tokens themselves: llama-vocabulary.ts);
 * - src/llama-model-loader.cpp `get_key_or_arr`/`get_arr`: a per-layer key is a uint32 or an array of one
 *   bool/int32/uint32 per layer.
 * The keys the app itself needs (context length, embedding length, block count, …) are checked in gemma2-facts.ts.
 *
 * Beyond the types, the values llama.cpp stops the whole engine on (a GGML_ASSERT aborts the process; llama.cpp's
 * loader only catches C++ exceptions, src/llama.cpp `llama_model_load`) are refused here, each confirmed on plain
 * node-llama-cpp 3.22.1 (test/library/gguf-hyperparameters.test.ts has the list): `checkHyperparameters`.
 */
import type { ModelShape } from "../../common/contract/app/library.ts";
import { valueTypeNames, type GgufMetadataValue } from "./gguf-header.ts";
import { GgufProblem } from "./gguf-problem.ts";
import { checkVocabulary, vocabularyArrays } from "./llama-vocabulary.ts";

const bool = 7;
const u32 = 4;
const i32 = 5;
const f32 = 6;
const string = 8;

/** `<arch>.` keys read with one scalar type (all optional to llama.cpp). */
const archScalarTypes: Readonly<Record<string, number>> = {
  embedding_length_out: u32,
  "attention.causal": bool,
  pooling_type: u32,
  nextn_predict_layers: u32,
  expert_count: u32,
  expert_group_count: u32,
  expert_group_used_count: u32,
  "rope.scaling.finetuned": bool,
  "rope.scaling.original_context_length": u32,
  "rope.freq_base": f32,
  "rope.scaling.type": string,
  "rope.scaling.factor": f32,
  "rope.scale_linear": f32,
  "rope.scaling.attn_factor": f32,
  "rope.scaling.alpha": f32,
  "attention.value_length": u32,
  "rope.dimension_count": u32,
  "attention.key_length_swa": u32,
  "attention.value_length_swa": u32,
  "rope.dimension_count_swa": u32,
  "rope.freq_base_swa": f32,
  attn_logit_softcapping: f32,
  final_logit_softcapping: f32,
};

/** `<arch>.` keys that are a uint32 or an array with one element per layer (`get_key_or_arr`, `load_swa_pattern`). */
const archPerLayerKeys = ["expert_used_count", "attention.sliding_window_pattern"];

/**
 * The arrays whose contents the reader keeps (`readGgufHeader`'s `keepArrays`): the vocabulary's, and the per-layer
 * keys, whose values llama.cpp asserts on. A per-layer array has one element per layer (at most 512), so keeping it
 * costs nothing; a longer one is refused by its length.
 */
export const keptArrays: ReadonlySet<string> = new Set([...vocabularyArrays, ...archPerLayerKeys.map((name) => `gemma2.${name}`)]);
const perLayerElementTypes = new Set([bool, u32, i32]);

const tokenizerScalarTypes: Readonly<Record<string, number>> = {
  "general.name": string,
  "general.file_type": u32,
  "general.quantization_version": u32,
  "tokenizer.ggml.pre": string,
  "tokenizer.ggml.token_type_count": u32,
  "tokenizer.ggml.add_space_prefix": bool,
  "tokenizer.ggml.remove_extra_whitespaces": bool,
  "tokenizer.ggml.add_bos_token": bool,
  "tokenizer.ggml.add_eos_token": bool,
  "tokenizer.ggml.add_sep_token": bool,
  "tokenizer.ggml.normalizer.lowercase": bool,
  "tokenizer.ggml.normalizer.strip_accents": bool,
  ...Object.fromEntries(
    ["bos", "eos", "eot", "eom", "unknown", "seperator", "padding", "mask", "fim_pre", "fim_suf", "fim_mid", "fim_pad", "fim_rep", "fim_sep", "prefix", "suffix", "middle"].map((name) => [
      `tokenizer.ggml.${name}_token_id`,
      u32,
    ]),
  ),
};

/**
 * Arrays and the element types llama.cpp accepts; `perToken` arrays need at least one element per vocabulary token
 * (src/llama-vocab.cpp `load`: "Index out of array bounds for scores" line 2480, "... for toktypes" line 2498).
 */
const arrayKeys: ReadonlyArray<{ key: string; elementTypes: readonly number[]; perToken?: true }> = [
  { key: "tokenizer.ggml.scores", elementTypes: [f32, i32], perToken: true },
  { key: "tokenizer.ggml.token_type", elementTypes: [i32], perToken: true },
  { key: "tokenizer.ggml.suppress_tokens", elementTypes: [i32] },
  { key: "gemma2.classifier.output_labels", elementTypes: [string] },
];

/** llama.cpp's `LLAMA_ROPE_SCALING_TYPES` (src/llama-model.cpp); any other value fails a GGML_ASSERT, which aborts the engine. */
const ropeScalingTypes = ["none", "linear", "yarn", "longrope"];

function typeName(type: number): string {
  return valueTypeNames[type] ?? `type ${type}`;
}

function wrongType(key: string, found: string, expected: string): GgufProblem {
  return new GgufProblem("bad-value-type", `${key} must be a ${expected}, not a ${found}.`, { key, found, expected });
}

function checkScalar(key: string, entry: GgufMetadataValue, expected: number): void {
  if (entry.type !== expected) throw wrongType(key, typeName(entry.type), typeName(expected));
}

function checkArray(key: string, entry: GgufMetadataValue, elementTypes: readonly number[], minLength: number): void {
  const expected = `${elementTypes.map(typeName).join(" or ")} array`;
  if (!("elementType" in entry)) throw wrongType(key, typeName(entry.type), expected);
  if (!elementTypes.includes(entry.elementType)) throw wrongType(key, `${typeName(entry.elementType)} array`, expected);
  if (entry.length < minLength)
    throw new GgufProblem("invalid-value", `${key} has ${entry.length} elements, fewer than the ${minLength} tokens.`, { key, value: entry.length });
}

function checkPerLayer(key: string, entry: GgufMetadataValue, layers: number): void {
  if (!("elementType" in entry)) return checkScalar(key, entry, u32);
  if (!perLayerElementTypes.has(entry.elementType)) throw wrongType(key, `${typeName(entry.elementType)} array`, "uint32 or an array of bool, int32 or uint32");
  if (entry.length !== layers)
    throw new GgufProblem("invalid-value", `${key} has ${entry.length} elements; the model has ${layers} layers.`, { key, value: entry.length });
}

function invalid(key: string, value: string | number, why: string): GgufProblem {
  return new GgufProblem("invalid-value", `${key} is ${typeof value === "string" ? `"${value.slice(0, 32)}"` : value}: ${why}`, { key, value: typeof value === "string" ? value.slice(0, 32) : value });
}

/** Values llama.cpp asserts on (an assert aborts the whole engine process) or refuses for a Gemma 2 file. */
function checkValues(metadata: Map<string, GgufMetadataValue>, layers: number): void {
  const valueOf = (key: string) => {
    const entry = metadata.get(key);
    return entry && "value" in entry ? entry.value : undefined;
  };
  const tokenizer = valueOf("tokenizer.ggml.model");
  if (tokenizer === undefined) throw new GgufProblem("missing-hyperparameter", "The tokenizer model tokenizer.ggml.model is missing.", { key: "tokenizer.ggml.model" });
  if (typeof tokenizer !== "string") throw wrongType("tokenizer.ggml.model", typeName(metadata.get("tokenizer.ggml.model")!.type), "string");
  if (tokenizer !== "llama") throw invalid("tokenizer.ggml.model", tokenizer, 'Gemma 2 uses the SentencePiece tokenizer ("llama").');
  const scaling = valueOf("gemma2.rope.scaling.type");
  if (typeof scaling === "string" && !ropeScalingTypes.includes(scaling)) throw invalid("gemma2.rope.scaling.type", scaling, `llama.cpp knows ${ropeScalingTypes.join(", ")}.`);
  const experts = valueOf("gemma2.expert_count");
  if (typeof experts === "number" && experts !== 0) throw invalid("gemma2.expert_count", experts, "Gemma 2 has no experts.");
  // llama-model-loader.cpp:595-632: with split.count above 1, llama.cpp opens the model's other parts, found by the
  // file's name (`llama_get_list_splits`), and parses them: files this reader never saw. The app loads one file.
  const parts = valueOf("split.count");
  if (parts !== undefined && parts !== 0 && parts !== 1 && parts !== 0n && parts !== 1n)
    throw invalid("split.count", typeof parts === "bigint" || typeof parts === "boolean" ? String(parts) : parts, "this file says it is one part of a split model; Edge Gemma loads a model from a single file (llama.cpp would open the other parts by their names, unchecked).");
  // llama-model.cpp:1262 asserts nextn_predict_layers <= block_count; below that, llama.cpp leaves the last layers'
  // tensors out of the Gemma 2 graph and refuses the file ("wrong number of tensors", llama-model-loader.cpp:1398).
  const nextn = valueOf("gemma2.nextn_predict_layers");
  if (typeof nextn === "number" && nextn !== 0)
    throw invalid("gemma2.nextn_predict_layers", nextn, `Gemma 2 has no next-token prediction layers${nextn > layers ? ` (and it is more than the ${layers} layers)` : ""}; llama.cpp cannot load it.`);
}

/** `LLAMA_MAX_LAYERS`, src/llama-hparams.h:11. */
const maxLayers = 512;

/** The value a float is shown as: NaN and the infinities as text (the error's details carry finite numbers only). */
function shownNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function invalidNumber(key: string, value: number, why: string): GgufProblem {
  return new GgufProblem("invalid-value", `${key} is ${value}: ${why}`, { key, value: shownNumber(value) });
}

/** A per-layer key's values: the scalar, or the kept array's elements (bool, int32 or uint32: checkPerLayer). */
function perLayerValues(entry: GgufMetadataValue): number[] {
  if ("value" in entry) return [Number(entry.value)];
  const bytes = entry.contents;
  if (!(bytes instanceof Uint8Array)) throw new Error("A per-layer array was read without its contents (readGgufHeader's keepArrays: keptArrays).");
  const width = entry.elementType === bool ? 1 : 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: entry.length }, (_, index) => (width === 1 ? view.getUint8(index) : view.getInt32(index * 4, true)));
}

/**
 * Hyper-parameter values on which llama.cpp stops the whole engine (each abort seen on plain node-llama-cpp 3.22.1
 * with a generated Gemma 2 file; source lines from its llama bundle, commit de3ff815), or fails the load without
 * saying which key is wrong. Runs after the types are checked.
 */
function checkHyperparameters(metadata: Map<string, GgufMetadataValue>, shape: Pick<ModelShape, "layers" | "headSize">): void {
  const { layers, headSize } = shape;
  // llama-model.cpp:1260: GGML_ASSERT(n_layer_all > 0 && n_layer_all <= LLAMA_MAX_LAYERS), while loading.
  if (layers > maxLayers) throw invalidNumber("gemma2.block_count", layers, `llama.cpp handles at most ${maxLayers} layers and stops the whole engine on more.`);

  // Gemma 2 has no experts (expert_count must be 0, above), so llama-model.cpp asserts every expert count is 0 while
  // loading: GGML_ASSERT(n_expert_used_max <= n_expert) (:1294, per layer, `get_key_or_arr`) and
  // GGML_ASSERT(n_expert_groups == 0) (:1305). (expert_group_used_count is only asserted on with experts.)
  const used = metadata.get("gemma2.expert_used_count");
  const usedValue = used ? perLayerValues(used).find((value) => value !== 0) : undefined;
  if (usedValue !== undefined) throw invalidNumber("gemma2.expert_used_count", usedValue, "Gemma 2 has no experts to use; llama.cpp stops the whole engine on any count but 0.");
  const groups = metadata.get("gemma2.expert_group_count");
  if (groups && "value" in groups && groups.value !== 0) throw invalidNumber("gemma2.expert_group_count", Number(groups.value), "Gemma 2 has no expert groups; llama.cpp stops the whole engine on any count but 0.");

  // Gemma 2 uses one head size for queries, keys and values, in every layer: src/models/gemma2.cpp creates the
  // attention tensors and the graph with n_embd_head_k, and llama.cpp's converter writes key_length and value_length
  // both as the model's head_dim (conversion/gemma.py:94-95, Gemma2Model) and no SWA head sizes. Another value here makes a tensor of another shape: a 0 aborts
  // while loading (GGML_ASSERT(t_meta.ne[dim] >= 1), llama-model-loader.cpp:1316; the prebuilt binary reports line
  // 1328), another size fails the load.
  for (const name of ["attention.value_length", "attention.key_length_swa", "attention.value_length_swa"]) {
    const entry = metadata.get(`gemma2.${name}`);
    if (entry && "value" in entry && entry.value !== headSize)
      throw invalidNumber(`gemma2.${name}`, Number(entry.value), `Gemma 2 uses one head size, ${headSize} (gemma2.attention.key_length), for queries, keys and values in every layer; llama.cpp cannot load the model or stops the whole engine with another.`);
  }
  // The rotary embedding turns n_rot dimensions of each head (llama-model.cpp load_hparams: rope.dimension_count,
  // default the head size; rope.dimension_count_swa, default n_rot). ggml-cpu/ops.cpp:6126-6127 assert
  // n_dims <= ne0 and n_dims % 2 == 0 at the first message; with 0 the first message never ends.
  const ropeFull = metadata.get("gemma2.rope.dimension_count");
  const ropeSwa = metadata.get("gemma2.rope.dimension_count_swa");
  const fullDims = ropeFull && "value" in ropeFull ? Number(ropeFull.value) : headSize;
  for (const [key, dims] of [
    [ropeFull ? "gemma2.rope.dimension_count" : "gemma2.attention.key_length", fullDims],
    ["gemma2.rope.dimension_count_swa", ropeSwa && "value" in ropeSwa ? Number(ropeSwa.value) : fullDims],
  ] as const) {
    if (dims === 0 || dims % 2 !== 0 || dims > headSize)
      throw invalidNumber(
        key === "gemma2.rope.dimension_count_swa" && !ropeSwa ? "gemma2.rope.dimension_count" : key,
        dims,
        `the rotary embedding turns an even number of each head's ${headSize} dimensions, at least 2; llama.cpp stops the whole engine at the first message on another (or never ends it, on 0).`,
      );
  }

  // ggml-cpu/ops.cpp:3949: the RMS norm asserts eps >= 0.0f (NaN fails it too) at the first message.
  const eps = Number((metadata.get("gemma2.attention.layer_norm_rms_epsilon") as { value: number }).value);
  if (!(eps >= 0) || !Number.isFinite(eps))
    throw invalidNumber("gemma2.attention.layer_norm_rms_epsilon", eps, "the RMS norm's epsilon must be a finite number >= 0 (Gemma 2's is 1e-6); llama.cpp stops the whole engine at the first message on a negative or NaN one.");

  // Gemma 2 alternates sliding-window and global layers (src/models/gemma2.cpp: swa_type STANDARD, load_swa_pattern
  // with 2). With no sliding-window layer at all llama.cpp stops the whole engine when it makes the context's memory:
  // GGML_ASSERT(hparams.is_swa_any()) (llama-model.cpp:2685). A pattern n makes layer il a sliding-window one when
  // n == 0 || il % n < n - 1 (llama-hparams.cpp:15): only n = 1 makes none. An array names each layer (non-zero: SWA).
  const pattern = metadata.get("gemma2.attention.sliding_window_pattern");
  if (pattern) {
    const values = perLayerValues(pattern);
    const none = "value" in pattern ? values[0] === 1 : values.every((value) => value === 0);
    if (none) {
      const shown = "value" in pattern ? String(values[0]) : `[${values.join(", ")}]`;
      throw new GgufProblem(
        "invalid-value",
        `gemma2.attention.sliding_window_pattern is ${shown.slice(0, 80)}: it makes no layer a sliding-window one; Gemma 2 alternates sliding-window and global layers, and llama.cpp stops the whole engine without one.`,
        { key: "gemma2.attention.sliding_window_pattern", value: shown.slice(0, 80) },
      );
    }
  }
}

export function checkKeysLlamaReads(metadata: Map<string, GgufMetadataValue>, shape: Pick<ModelShape, "layers" | "headSize" | "vocabularySize">): void {
  const { layers, vocabularySize } = shape;
  for (const [name, expected] of Object.entries(archScalarTypes)) {
    const entry = metadata.get(`gemma2.${name}`);
    if (entry) checkScalar(`gemma2.${name}`, entry, expected);
  }
  for (const name of archPerLayerKeys) {
    const entry = metadata.get(`gemma2.${name}`);
    if (entry) checkPerLayer(`gemma2.${name}`, entry, layers);
  }
  for (const [key, expected] of Object.entries(tokenizerScalarTypes)) {
    const entry = metadata.get(key);
    if (entry) checkScalar(key, entry, expected);
  }
  for (const { key, elementTypes, perToken } of arrayKeys) {
    const entry = metadata.get(key);
    if (entry) checkArray(key, entry, elementTypes, perToken ? vocabularySize : 0);
  }
  checkValues(metadata, layers);
  checkHyperparameters(metadata, shape);
  checkVocabulary(metadata);
}
