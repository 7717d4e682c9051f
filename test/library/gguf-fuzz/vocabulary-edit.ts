/**
 * A copy of a valid GGUF with its vocabulary changed: token texts and token types rewritten, strings of any length.
 * The GGUF layout is the spec's (github.com/ggml-org/ggml docs/gguf.md, v3: u64 string lengths and array lengths,
 * `general.alignment` padding before the tensor data); tensor offsets are relative to the data start, so the header
 * is rebuilt, padded again and the data appended unchanged.
 */
import { walkLayout } from "./mutations.ts";

export interface VocabularyEdit {
  /** Token index → its new text (a Buffer: raw bytes, which need not be UTF-8). */
  tokens?: ReadonlyMap<number, string | Buffer>;
  /** Token index → its new `tokenizer.ggml.token_type` value. */
  tokenTypes?: ReadonlyMap<number, number>;
}

const alignment = 32;

function keyAt(data: Buffer, offset: number): string {
  const length = Number(data.readBigUInt64LE(offset));
  return data.toString("utf8", offset + 8, offset + 8 + length);
}

/** Where each metadata entry's value starts (after key and type) and ends, by key. */
function entries(data: Buffer): Map<string, { valueStart: number; end: number }> {
  const layout = walkLayout(data);
  const keyFields = layout.fields.filter((field) => field.kind === "key-length");
  const found = new Map<string, { valueStart: number; end: number }>();
  for (const field of keyFields) {
    const key = keyAt(data, field.offset);
    const valueStart = field.offset + 8 + Buffer.byteLength(key) + 4;
    const end = layout.boundaries.find((boundary) => boundary > valueStart)!;
    found.set(key, { valueStart, end });
  }
  return found;
}

function readStrings(data: Buffer, valueStart: number): Buffer[] {
  const count = Number(data.readBigUInt64LE(valueStart + 4));
  const strings: Buffer[] = [];
  let at = valueStart + 12;
  for (let index = 0; index < count; index++) {
    const length = Number(data.readBigUInt64LE(at));
    strings.push(data.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return strings;
}

function stringArray(strings: readonly Buffer[]): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(8, 0);
  head.writeBigUInt64LE(BigInt(strings.length), 4);
  return Buffer.concat([
    head,
    ...strings.flatMap((text) => {
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(text.length));
      return [length, text];
    }),
  ]);
}

/** The tokens of a GGUF's `tokenizer.ggml.tokens`. */
export function vocabularyOf(data: Buffer): string[] {
  return readStrings(data, entries(data).get("tokenizer.ggml.tokens")!.valueStart).map((text) => text.toString("utf8"));
}

/** The file with the edit applied; everything else, the tensor data included, byte for byte the same. */
export function editVocabulary(data: Buffer, edit: VocabularyEdit): Buffer {
  const layout = walkLayout(data);
  const byKey = entries(data);
  const tokens = byKey.get("tokenizer.ggml.tokens")!;
  const types = byKey.get("tokenizer.ggml.token_type")!;
  const parts: Array<{ start: number; end: number; replacement: Buffer }> = [];
  if (edit.tokens) {
    const strings = readStrings(data, tokens.valueStart);
    for (const [index, text] of edit.tokens) strings[index] = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    parts.push({ start: tokens.valueStart, end: tokens.end, replacement: stringArray(strings) });
  }
  if (edit.tokenTypes) {
    const array = Buffer.from(data.subarray(types.valueStart, types.end));
    for (const [index, type] of edit.tokenTypes) array.writeInt32LE(type, 12 + index * 4);
    parts.push({ start: types.valueStart, end: types.end, replacement: array });
  }
  parts.sort((a, b) => a.start - b.start);
  const tensorInfoEnd = layout.fields.filter((field) => field.kind === "tensor-offset").at(-1)!.offset + 8;
  const header: Buffer[] = [];
  let at = 0;
  for (const part of parts) {
    header.push(data.subarray(at, part.start), part.replacement);
    at = part.end;
  }
  header.push(data.subarray(at, tensorInfoEnd));
  const headerBytes = header.reduce((total, part) => total + part.length, 0);
  const padding = Buffer.alloc(Math.ceil(headerBytes / alignment) * alignment - headerBytes);
  return Buffer.concat([...header, padding, data.subarray(layout.dataStart)]);
}
