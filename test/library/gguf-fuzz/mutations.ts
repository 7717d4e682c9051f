/**
 * Mutated copies of a valid GGUF, for the fuzzer. The layout walk follows the GGUF spec (github.com/ggml-org/ggml
 * docs/gguf.md, v3: u64 counts and lengths, value types 0–12) on a file we generated ourselves, to find where each
 * count, length and type field is and where each section ends.
 */
import { seededRandom } from "../../support/seeded-random.ts";
import { editMetadata, type MetadataValue } from "./metadata-edit.ts";
import { ggmlTypeLayout } from "../../../electron/node/gguf/ggml-types.ts";

export type FieldKind = "tensor-count" | "entry-count" | "key-length" | "value-type" | "string-length" | "array-type" | "array-length" | "name-length" | "dimension-count" | "dimension" | "tensor-type" | "tensor-offset";
export interface Field {
  kind: FieldKind;
  offset: number;
  size: 4 | 8;
}
export interface Layout {
  fields: Field[];
  /** Offsets where a section or an item ends: after the fixed header, each metadata entry, each tensor info, the padding, each tensor's data. */
  boundaries: number[];
  /** Where the tensor data starts (the end of the header and its padding). */
  dataStart: number;
}

const fixedBytes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

export function walkLayout(data: Buffer): Layout {
  const fields: Field[] = [];
  const boundaries: number[] = [];
  let at = 8;
  const field = (kind: FieldKind, size: 4 | 8) => {
    fields.push({ kind, offset: at, size });
    const value = size === 4 ? data.readUInt32LE(at) : Number(data.readBigUInt64LE(at));
    at += size;
    return value;
  };
  const tensorCount = field("tensor-count", 8);
  const entryCount = field("entry-count", 8);
  boundaries.push(at);
  for (let entry = 0; entry < entryCount; entry++) {
    const keyLength = field("key-length", 8);
    at += keyLength;
    const type = field("value-type", 4);
    if (type === 8) {
      const length = field("string-length", 8);
      at += length;
    }
    else if (type === 9) {
      const elementType = field("array-type", 4);
      const length = field("array-length", 8);
      if (elementType === 8) for (let index = 0; index < length; index++) at += 8 + Number(data.readBigUInt64LE(at));
      else at += length * (fixedBytes[elementType] ?? 0);
    } else at += fixedBytes[type] ?? 0;
    boundaries.push(at);
  }
  const sizes: number[] = [];
  for (let tensor = 0; tensor < tensorCount; tensor++) {
    const nameLength = field("name-length", 8);
    at += nameLength;
    const dimensionCount = field("dimension-count", 4);
    let elements = 1;
    for (let d = 0; d < dimensionCount; d++) elements *= field("dimension", 8);
    const layout = ggmlTypeLayout(field("tensor-type", 4))!;
    sizes.push((elements / layout.blockElements) * layout.blockBytes);
    field("tensor-offset", 8);
    boundaries.push(at);
  }
  const dataStart = Math.ceil(at / 32) * 32;
  let dataAt = dataStart;
  boundaries.push(dataAt);
  for (const size of sizes) {
    dataAt += size;
    boundaries.push(dataAt);
    dataAt = Math.ceil(dataAt / 32) * 32;
  }
  return { fields, boundaries: [...new Set(boundaries)].filter((offset) => offset < data.length), dataStart };
}

export interface Mutant {
  name: string;
  data: Buffer;
  /** A file llama.cpp may load and then abort on at the first message (a hyper-parameter): the fuzzer asks it one. */
  answer?: true;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function writeField(data: Buffer, field: Field, value: bigint): void {
  if (field.size === 4) data.writeUInt32LE(Number(value & 0xffffffffn), field.offset);
  else data.writeBigUInt64LE(value & 0xffffffffffffffffn, field.offset);
}

function readField(data: Buffer, field: Field): bigint {
  return field.size === 4 ? BigInt(data.readUInt32LE(field.offset)) : data.readBigUInt64LE(field.offset);
}

const countKinds: FieldKind[] = ["tensor-count", "entry-count", "key-length", "string-length", "array-length", "name-length", "dimension-count", "dimension", "tensor-offset"];
const typeKinds: FieldKind[] = ["value-type", "array-type", "tensor-type"];

/**
 * The numeric and boolean keys llama.cpp reads from a Gemma 2 file (electron/node/gguf/llama-read-keys.ts has where),
 * each of the type llama.cpp reads it as: the hyper-parameter mutants set one of them, present or not, to an edge value.
 */
const hyperparameterKeys: Readonly<Record<"uint32" | "float32" | "bool", readonly string[]>> = {
  uint32: [
    ...["context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count", "attention.head_count_kv", "attention.key_length", "attention.value_length"],
    ...["attention.key_length_swa", "attention.value_length_swa", "rope.dimension_count", "rope.dimension_count_swa", "attention.sliding_window", "attention.sliding_window_pattern"],
    ...["expert_count", "expert_used_count", "expert_group_count", "expert_group_used_count", "nextn_predict_layers", "pooling_type", "embedding_length_out", "rope.scaling.original_context_length"],
  ].map((name) => `gemma2.${name}`).concat(["bos", "eos", "eot", "eom", "unknown", "padding", "seperator", "mask"].map((name) => `tokenizer.ggml.${name}_token_id`), ["tokenizer.ggml.token_type_count"]),
  float32: ["attention.layer_norm_rms_epsilon", "attn_logit_softcapping", "final_logit_softcapping", "rope.freq_base", "rope.freq_base_swa", "rope.scaling.factor", "rope.scale_linear", "rope.scaling.attn_factor"].map((name) => `gemma2.${name}`),
  bool: ["gemma2.attention.causal", "gemma2.rope.scaling.finetuned", "tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token", "tokenizer.ggml.add_space_prefix", "tokenizer.ggml.remove_extra_whitespaces"],
};
const edgeValues = {
  uint32: [0, 1, 2, 3, 31, 63, 64, 65, 128, 255, 256, 512, 513, 4096, 65_535, 2 ** 31 - 1, 2 ** 32 - 1],
  float32: [0, -0, -1, 1e-30, 1e30, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  bool: [false, true],
} as const;

/** `count` copies of `base`, each with one hyper-parameter set to an edge value (what llama.cpp asserts on lives here). */
export function* hyperparameterMutants(base: Buffer, random: () => number, count: number): Generator<Mutant> {
  for (let index = 0; index < count; index++) {
    const type = pick(random, ["uint32", "uint32", "float32", "bool"] as const);
    const key = pick(random, hyperparameterKeys[type]);
    const value = pick<number | boolean>(random, edgeValues[type]);
    yield { name: `${key} = ${String(value)} (${type})`, data: editMetadata(base, new Map([[key, { type, value } as MetadataValue]])), answer: true };
  }
}

/** Truncation at every boundary, then `perKind` inflated counts/lengths, wrong types, byte flips and hyper-parameter values. */
export function* mutants(base: Buffer, seed: number, perKind: number): Generator<Mutant> {
  const random = seededRandom(seed);
  const layout = walkLayout(base);
  for (const boundary of layout.boundaries) yield { name: `truncated at ${boundary}`, data: base.subarray(0, boundary) };

  const counts = layout.fields.filter((field) => countKinds.includes(field.kind));
  for (let index = 0; index < perKind; index++) {
    const field = pick(random, counts);
    const original = readField(base, field);
    const value = pick(random, [2n ** 64n - 1n, 2n ** 63n, 2n ** 40n, 2n ** 32n + original, original * 1000n + 7n, original + 1n, 0n]);
    const data = Buffer.from(base);
    writeField(data, field, value);
    yield { name: `${field.kind} at ${field.offset}: ${original} → ${value}`, data };
  }

  const types = layout.fields.filter((field) => typeKinds.includes(field.kind));
  for (let index = 0; index < perKind; index++) {
    const field = pick(random, types);
    const original = readField(base, field);
    let value = BigInt(pick(random, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 43, 255, 2 ** 31]));
    if (value === original) value = 13n;
    const data = Buffer.from(base);
    writeField(data, field, value);
    yield { name: `${field.kind} at ${field.offset}: ${original} → ${value}`, data };
  }

  for (let index = 0; index < perKind; index++) {
    const data = Buffer.from(base);
    const flips: string[] = [];
    for (let flip = 0, count = 1 + Math.floor(random() * 4); flip < count; flip++) {
      // Half the flips land on a structural field, where they matter most.
      const offset = random() < 0.5 ? pick(random, layout.fields).offset + Math.floor(random() * 4) : Math.floor(random() * layout.dataStart);
      const bit = 1 << Math.floor(random() * 8);
      data[offset] = data[offset]! ^ bit;
      flips.push(`${offset}^${bit}`);
    }
    yield { name: `bits flipped ${flips.join(" ")}`, data };
  }

  yield* hyperparameterMutants(base, random, perKind);
}
