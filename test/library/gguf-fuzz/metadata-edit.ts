/**
 * A copy of a valid GGUF with metadata entries set, added or removed; the tensor infos and data byte for byte the same.
 * The layout is the GGUF spec's (github.com/ggml-org/ggml docs/gguf.md, v3: u64 string and array lengths, value types
 * 0–12, the header padded to `general.alignment`, 32 in our generated files, before the tensor data).
 */
import { walkLayout } from "./mutations.ts";

/** A value in its GGUF encoding: a scalar of a value type, or an array of one element type. */
export type MetadataValue =
  | { type: "uint32" | "int32" | "float32" | "bool" | "uint8" | "uint16" | "uint64"; value: number | boolean | bigint }
  | { type: "string"; value: string | Buffer }
  | { type: "array"; elementType: "uint32" | "int32" | "float32" | "bool" | "string"; values: ReadonlyArray<number | boolean | string> };

const typeIds = { uint8: 0, uint16: 2, uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10 } as const;
const alignment = 32;

function u64(value: number | bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(value));
  return bytes;
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

function text(value: string | Buffer): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  return Buffer.concat([u64(bytes.length), bytes]);
}

function scalar(type: keyof typeof typeIds, value: number | boolean | bigint | string | Buffer): Buffer {
  const bytes = Buffer.alloc(8);
  switch (type) {
    case "uint8": return Buffer.of(Number(value));
    case "bool": return Buffer.of(value ? 1 : 0);
    case "uint16": bytes.writeUInt16LE(Number(value)); return bytes.subarray(0, 2);
    case "uint32": bytes.writeUInt32LE(Number(value)); return bytes.subarray(0, 4);
    case "int32": bytes.writeInt32LE(Number(value)); return bytes.subarray(0, 4);
    case "float32": bytes.writeFloatLE(Number(value)); return bytes.subarray(0, 4);
    case "uint64": return u64(value as number | bigint);
    case "string": return text(value as string | Buffer);
    case "array": throw new Error("not a scalar");
  }
}

function encodeValue(value: MetadataValue): Buffer {
  if (value.type === "array")
    return Buffer.concat([u32(typeIds.array), u32(typeIds[value.elementType]), u64(value.values.length), ...value.values.map((element) => scalar(value.elementType, element))]);
  return Buffer.concat([u32(typeIds[value.type]), scalar(value.type, value.value)]);
}

function keyAt(data: Buffer, offset: number): string {
  const length = Number(data.readBigUInt64LE(offset));
  return data.toString("utf8", offset + 8, offset + 8 + length);
}

/**
 * The file with each key in `edit` set to its value (replaced where it is, appended after the last entry when new) or,
 * for `null`, removed.
 */
export function editMetadata(data: Buffer, edit: ReadonlyMap<string, MetadataValue | null>): Buffer {
  const layout = walkLayout(data);
  const keyFields = layout.fields.filter((field) => field.kind === "key-length");
  const entriesEnd = layout.boundaries[keyFields.length]!;
  const entries: Buffer[] = [];
  const seen = new Set<string>();
  keyFields.forEach((field, index) => {
    const key = keyAt(data, field.offset);
    seen.add(key);
    const end = index + 1 < keyFields.length ? keyFields[index + 1]!.offset : entriesEnd;
    const replacement = edit.get(key);
    if (replacement === undefined) entries.push(data.subarray(field.offset, end));
    else if (replacement !== null) entries.push(text(key), encodeValue(replacement));
  });
  for (const [key, value] of edit) if (!seen.has(key) && value !== null) entries.push(text(key), encodeValue(value));
  const count = keyFields.length - [...edit].filter(([key, value]) => value === null && seen.has(key)).length + [...edit].filter(([key, value]) => value !== null && !seen.has(key)).length;
  const tensorInfoEnd = layout.fields.filter((field) => field.kind === "tensor-offset").at(-1)!.offset + 8;
  const head = Buffer.from(data.subarray(0, 24));
  head.writeBigUInt64LE(BigInt(count), 16);
  const header = Buffer.concat([head, ...entries, data.subarray(entriesEnd, tensorInfoEnd)]);
  const padding = Buffer.alloc(Math.ceil(header.length / alignment) * alignment - header.length);
  return Buffer.concat([header, padding, data.subarray(layout.dataStart)]);
}
