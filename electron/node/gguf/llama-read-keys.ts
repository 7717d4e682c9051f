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
 */
import { valueTypeNames, type GgufMetadataValue } from "./gguf-header.ts";
import { GgufProblem } from "./gguf-problem.ts";
import { checkVocabulary } from "./llama-vocabulary.ts";

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
  const nextn = valueOf("gemma2.nextn_predict_layers");
  if (typeof nextn === "number" && nextn > layers) throw invalid("gemma2.nextn_predict_layers", nextn, `more than the ${layers} layers.`);
}

export function checkKeysLlamaReads(metadata: Map<string, GgufMetadataValue>, layers: number, vocabularySize: number): void {
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
  checkVocabulary(metadata);
}
