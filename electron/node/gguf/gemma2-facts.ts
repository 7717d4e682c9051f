/**
 * What the app needs from a GGUF header, checked the way llama.cpp will check it when the engine loads the file
 * (node-llama-cpp 3.22.1's llama bundle, commit de3ff815): src/llama-model.cpp `load_hparams` requires
 * `<arch>.context_length`, `.embedding_length` and `.block_count` as uint32 (llama-model-loader.cpp refuses a key of
 * another type: "key ... has wrong type"); src/models/gemma2.cpp requires `.attention.layer_norm_rms_epsilon`
 * (float32), defaults `.attention.sliding_window` to 4096, and creates these tensors with these shapes.
 * `.feed_forward_length` and `.attention.head_count` are optional to llama.cpp but a Gemma 2 file always has them and
 * nothing works without them, so they are required here too. `tokenizer.ggml.tokens` is the vocabulary.
 */
import { fileTypeName } from "./ggml-types.ts";
import { valueTypeNames, type GgufHeader, type GgufMetadataValue } from "./gguf-header.ts";
import type { ModelShape } from "../../common/contract/app/library.ts";
import { GgufProblem } from "./gguf-problem.ts";
import { checkKeysLlamaReads } from "./llama-read-keys.ts";

/** The hyperparameters the Library estimates RAM from: the contract's model shape. */
export type Gemma2Shape = ModelShape;

export interface GgufModelFacts {
  architecture: "gemma2";
  name: string | null;
  /** From general.file_type, e.g. "Q4_0". */
  quantization: string | null;
  sizeBytes: number;
  /** Bytes of tensor data: what llama.cpp maps into memory as weights. */
  weightsBytes: number;
  shape: Gemma2Shape;
}

const u32 = 4;
const f32 = 6;

function typeName(type: number): string {
  return valueTypeNames[type] ?? `type ${type}`;
}

function missing(key: string): GgufProblem {
  return new GgufProblem("missing-hyperparameter", `The Gemma 2 hyper-parameter ${key} is missing.`, { key });
}

function scalar(metadata: Map<string, GgufMetadataValue>, key: string, type: number, required: true): number;
function scalar(metadata: Map<string, GgufMetadataValue>, key: string, type: number, required: false): number | undefined;
function scalar(metadata: Map<string, GgufMetadataValue>, key: string, type: number, required: boolean): number | undefined {
  const entry = metadata.get(key);
  if (!entry) {
    if (required) throw missing(key);
    return undefined;
  }
  if (entry.type !== type || !("value" in entry))
    throw new GgufProblem("bad-value-type", `${key} must be a ${typeName(type)}, not a ${typeName(entry.type)}.`, { key, found: typeName(entry.type), expected: typeName(type) });
  const value = Number(entry.value);
  if (type === u32 && required && value === 0) throw new GgufProblem("invalid-value", `${key} is 0.`, { key, value });
  return value;
}

function architectureOf(metadata: Map<string, GgufMetadataValue>): string {
  const entry = metadata.get("general.architecture");
  if (!entry) throw missing("general.architecture");
  if (!("value" in entry) || typeof entry.value !== "string")
    throw new GgufProblem("bad-value-type", `general.architecture must be a string, not a ${typeName(entry.type)}.`, { key: "general.architecture", found: typeName(entry.type), expected: "string" });
  return entry.value;
}

function vocabularySize(metadata: Map<string, GgufMetadataValue>): number {
  const key = "tokenizer.ggml.tokens";
  const entry = metadata.get(key);
  if (!entry) throw missing(key);
  if (!("elementType" in entry) || entry.elementType !== 8)
    throw new GgufProblem("bad-value-type", `${key} must be an array of strings.`, { key, found: typeName(entry.type), expected: "string array" });
  if (entry.length === 0) throw new GgufProblem("invalid-value", `${key} is empty.`, { key, value: 0 });
  return entry.length;
}

function readShape(metadata: Map<string, GgufMetadataValue>): Gemma2Shape {
  const key = (name: string) => `gemma2.${name}`;
  const trainContextSize = scalar(metadata, key("context_length"), u32, true);
  const embeddingLength = scalar(metadata, key("embedding_length"), u32, true);
  const layers = scalar(metadata, key("block_count"), u32, true);
  scalar(metadata, key("attention.layer_norm_rms_epsilon"), f32, true);
  const feedForwardLength = scalar(metadata, key("feed_forward_length"), u32, true);
  const headCount = scalar(metadata, key("attention.head_count"), u32, true);
  const kvHeads = scalar(metadata, key("attention.head_count_kv"), u32, false) ?? headCount;
  const headSize = scalar(metadata, key("attention.key_length"), u32, false) ?? Math.floor(embeddingLength / headCount);
  const slidingWindow = scalar(metadata, key("attention.sliding_window"), u32, false) ?? 4096;
  if (kvHeads === 0 || headSize === 0 || headCount % kvHeads !== 0)
    throw new GgufProblem("invalid-value", `${key("attention.head_count_kv")} (${kvHeads}) does not divide the ${headCount} attention heads.`, { key: key("attention.head_count_kv"), value: kvHeads });
  return { architecture: "gemma2", parameters: 0, layers, headCount, kvHeads, headSize, embeddingLength, feedForwardLength, vocabularySize: vocabularySize(metadata), slidingWindow, trainContextSize };
}

/** Name → shape of every tensor llama.cpp's gemma2 loader requires (ggml order: dims[0] is the row). */
function expectedTensors(shape: Gemma2Shape): Map<string, number[]> {
  const { embeddingLength: embd, vocabularySize: vocab, headCount, kvHeads, headSize, feedForwardLength: ff } = shape;
  const expected = new Map<string, number[]>([
    ["token_embd.weight", [embd, vocab]],
    ["output_norm.weight", [embd]],
  ]);
  for (let layer = 0; layer < shape.layers; layer++) {
    const blk = (name: string, dims: number[]) => expected.set(`blk.${layer}.${name}.weight`, dims);
    blk("attn_norm", [embd]);
    blk("attn_q", [embd, headSize * headCount]);
    blk("attn_k", [embd, headSize * kvHeads]);
    blk("attn_v", [embd, headSize * kvHeads]);
    blk("attn_output", [headSize * headCount, embd]);
    blk("post_attention_norm", [embd]);
    blk("ffn_norm", [embd]);
    blk("ffn_gate", [embd, ff]);
    blk("ffn_up", [embd, ff]);
    blk("ffn_down", [ff, embd]);
    blk("post_ffw_norm", [embd]);
  }
  return expected;
}

function sameShape(actual: readonly number[], expected: readonly number[]): boolean {
  const trimmed = [...actual];
  while (trimmed.length > expected.length && trimmed.at(-1) === 1) trimmed.pop();
  return trimmed.length === expected.length && trimmed.every((dim, index) => dim === expected[index]);
}

function checkTensors(header: GgufHeader, shape: Gemma2Shape): void {
  const byName = new Map(header.tensors.map((tensor) => [tensor.name, tensor]));
  // llama.cpp creates the tensors of layers 0 … block_count − 1 only, and refuses a file with tensors it did not
  // create: "wrong number of tensors" (llama-model-loader.cpp:1396-1398), a load failure that names no key.
  for (const { name } of header.tensors) {
    const layer = /^blk\.(\d+)\./.exec(name)?.[1];
    if (layer !== undefined && Number(layer) >= shape.layers)
      throw new GgufProblem("invalid-value", `gemma2.block_count is ${shape.layers}, but the file has tensors of layer ${layer} (${name}): llama.cpp cannot load a file with tensors it does not use.`, {
        key: "gemma2.block_count",
        value: shape.layers,
      });
  }
  for (const [name, dims] of expectedTensors(shape)) {
    const tensor = byName.get(name);
    if (!tensor) throw new GgufProblem("invalid-tensor", `The Gemma 2 tensor ${name} is missing.`, { tensor: name, problem: "missing" });
    if (!sameShape(tensor.dims, dims))
      throw new GgufProblem("invalid-tensor", `Tensor ${name} has shape [${tensor.dims.join(", ")}], Gemma 2 needs [${dims.join(", ")}] here.`, { tensor: name, problem: "shape" });
  }
}

export function gemma2Facts(header: GgufHeader, fileSize: number): GgufModelFacts {
  const { metadata } = header;
  const architecture = architectureOf(metadata);
  if (architecture !== "gemma2")
    throw new GgufProblem("unsupported-architecture", `This is a "${architecture.slice(0, 64)}" model, not Gemma 2: Edge Gemma runs Gemma 2 models only.`, { architecture: architecture.slice(0, 64) });
  const shape = readShape(metadata);
  checkKeysLlamaReads(metadata, shape);
  checkTensors(header, shape);
  shape.parameters = header.tensors.reduce((total, tensor) => total + tensor.dims.reduce((product, dim) => product * dim, 1), 0);
  const name = metadata.get("general.name");
  const fileType = metadata.get("general.file_type");
  return {
    architecture,
    name: name && "value" in name && typeof name.value === "string" ? name.value.slice(0, 200) : null,
    quantization: fileType && "value" in fileType && typeof fileType.value === "number" ? fileTypeName(fileType.value) : null,
    sizeBytes: fileSize,
    weightsBytes: header.dataEnd - header.dataStart,
    shape,
  };
}
