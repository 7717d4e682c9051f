/**
 * Mutated copies of a valid GGUF, for the fuzzer. The layout walk follows the GGUF spec (github.com/ggml-org/ggml
 * docs/gguf.md, v3: u64 counts and lengths, value types 0–12) on a file we generated ourselves, to find where each
 * count, length and type field is and where each section ends.
 */
import { seededRandom } from "../../support/seeded-random.ts";
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

/** Truncation at every boundary, then `perKind` inflated counts/lengths, wrong types and byte flips. */
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
}
