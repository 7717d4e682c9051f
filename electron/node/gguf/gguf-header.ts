/**
 * A GGUF header reader that checks every count and length against the file's size and sane limits before it loops
 * or allocates, and reads within a byte and a time budget. The layout is the GGUF spec's (github.com/ggml-org/ggml
 * docs/gguf.md, read at d99724f2: versions 1–3, value types 0–12, `general.alignment` default 32); where llama.cpp
 * is stricter we follow the llama.cpp the engine runs (node-llama-cpp 3.22.1's llama bundle, commit de3ff815,
 * ggml/src/gguf.cpp): v1 and v0 refused, non-empty unique keys, no arrays of arrays, a power-of-two alignment,
 * tensor names under 64 bytes, at most 4 dimensions, known types whose block divides the row, and tensor data laid
 * out back to back in header order.
 * Array values are not kept (a 256k-token vocabulary would be megabytes): only their element type and length, except
 * for the arrays the caller names (`keepArrays`: the vocabulary, whose tokens llama.cpp checks): their contents are
 * copied out compactly, outside the JS heap (typed arrays), so they cost what their bytes in the file cost.
 */
import { ByteReader, type ByteSource, type ReadBudget } from "./byte-reader.ts";
import { ggmlTypeLayout } from "./ggml-types.ts";
import { fileEndsEarly, GgufProblem, impossibleCount, type GgufCounted, type GgufProblemDetails } from "./gguf-problem.ts";

export type GgufScalar = number | bigint | string | boolean;
export type GgufMetadataValue = { type: number; value: GgufScalar } | GgufArray;

/** A string array's contents: the strings' bytes back to back, as in the file (not decoded). */
export interface GgufStrings {
  bytes: Uint8Array;
  /** Where string `i` ends in `bytes`; it starts where string `i − 1` ends (string 0 at 0). */
  ends: Uint32Array;
}

export interface GgufArray {
  type: typeof arrayType;
  elementType: number;
  length: number;
  /** Only for an array named in `keepArrays`: the strings, or a fixed-size array's little-endian bytes. */
  contents?: GgufStrings | Uint8Array;
}

export interface GgufReadOptions {
  /** Keys of arrays whose contents are kept (`GgufArray.contents`). */
  keepArrays?: ReadonlySet<string>;
}

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  typeId: number;
  /** Relative to the start of the tensor data. */
  offset: number;
  bytes: number;
}

export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufMetadataValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Where the tensor data starts and ends in the file. */
  dataStart: number;
  dataEnd: number;
}

export const ggufLimits = {
  maxHeaderBytes: 64 * 1024 * 1024,
  maxMetadataEntries: 65_536,
  maxTensors: 65_536,
  /** A 256k vocabulary has 256,000 tokens; BPE merge lists reach a few hundred thousand. */
  maxArrayElements: 16_777_216,
  /** Chat templates are the longest strings, tens of KB. */
  maxStringBytes: 16 * 1024 * 1024,
  /** Spec: keys are at most 65535 bytes. */
  maxKeyBytes: 65_535,
  /** llama.cpp: `name.length() >= GGML_MAX_NAME` (64) is refused. */
  maxTensorNameBytes: 63,
  maxDimensions: 4,
} as const;

const arrayType = 9;
const stringType = 8;
/** Bytes of each fixed-size value type (`gguf_metadata_value_type`); strings and arrays are variable. */
const valueBytes: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
export const valueTypeNames: Readonly<Record<number, string>> = {
  0: "uint8", 1: "int8", 2: "uint16", 3: "int16", 4: "uint32", 5: "int32", 6: "float32", 7: "bool", 8: "string", 9: "array", 10: "uint64", 11: "int64", 12: "float64",
};
const ggufMagic = 0x46554747;
const minMetadataEntryBytes = 8 + 1 + 4 + 1;
const minTensorInfoBytes = 8 + 4 + 4 + 8;

/**
 * A count checked before anything loops over it, each item taking at least `minBytes`: beyond the sane limit it is
 * impossible; beyond what is left of the file the file ends early; beyond the budget the header is too large.
 */
function checkedCount(reader: ByteReader, count: GgufCounted, subject: string, value: bigint | number, minBytes: number, saneLimit: number): number {
  if (value > saneLimit) throw impossibleCount(count, subject, value, saneLimit);
  const needed = reader.position + Number(value) * minBytes;
  if (needed > reader.fileSize) throw fileEndsEarly(reader.section, reader.fileSize, needed);
  if (needed > reader.budgetBytes)
    throw new GgufProblem("header-too-large", `The GGUF header is longer than ${reader.budgetBytes} bytes, more than any real model's.`, { limitBytes: reader.budgetBytes });
  return Number(value);
}

async function readString(reader: ByteReader, subject: string, maxBytes: number = ggufLimits.maxStringBytes): Promise<string> {
  const length = checkedCount(reader, "string-bytes", subject, await reader.u64(), 1, maxBytes);
  return reader.text(length);
}

async function readScalar(reader: ByteReader, type: number, key: string): Promise<GgufScalar> {
  switch (type) {
    case 0: return reader.u8();
    case 1: return reader.i8();
    case 2: return reader.u16();
    case 3: return reader.i16();
    case 4: return reader.u32();
    case 5: return reader.i32();
    case 6: return reader.f32();
    case 7: {
      const byte = await reader.u8();
      // Spec: "Anything else is invalid, and should be treated as ... the model being invalid".
      if (byte > 1) throw new GgufProblem("invalid-value", `The value of ${key} is not a valid boolean (${byte}).`, { key, value: byte });
      return byte === 1;
    }
    case stringType: return readString(reader, key);
    case 10: return reader.u64();
    case 11: return reader.i64();
    case 12: return reader.f64();
    default: throw new GgufProblem("bad-value-type", `The value of ${key} has an unknown type (${type}).`, { key, found: type });
  }
}

/** A u64 length as a number when it is below 2^32 (every sane one), else as a bigint (checkedCount refuses it). */
function lengthValue(bytes: Uint8Array): number | bigint {
  const low = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16)) + bytes[3]! * 0x1000000;
  const high = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16)) + bytes[7]! * 0x1000000;
  return high === 0 ? low : (BigInt(high) << 32n) | BigInt(low);
}

/**
 * Walks a string array, each length checked against the limits, the file and the budget; `keep` receives each
 * string's bytes (a view, valid until the next read). Strings already in the chunk read are taken without waiting.
 */
async function walkStrings(reader: ByteReader, key: string, length: number, keep?: (bytes: Uint8Array) => void): Promise<void> {
  for (let index = 0; index < length; index++) {
    const head = reader.buffered(8) ?? (await reader.raw(8));
    const value = lengthValue(head);
    // The usual case checked inline; anything else goes through checkedCount, which says what is wrong.
    const fits = typeof value === "number" && value <= ggufLimits.maxStringBytes && reader.position + value <= Math.min(reader.fileSize, reader.budgetBytes);
    const size = fits ? value : checkedCount(reader, "string-bytes", `${key}[${index}]`, value, 1, ggufLimits.maxStringBytes);
    if (keep) keep(reader.buffered(size) ?? (await reader.raw(size)));
    else if (!reader.buffered(size)) await reader.skip(size);
  }
}

/** The strings of an array, copied into one growing buffer. */
async function keepStrings(reader: ByteReader, key: string, length: number): Promise<GgufStrings> {
  const ends = new Uint32Array(length);
  // The count was checked: 8 bytes of length per string fit in the budget. Growing never passes the budget either.
  let bytes = new Uint8Array(length * 8);
  let used = 0;
  let index = 0;
  await walkStrings(reader, key, length, (text) => {
    if (used + text.length > bytes.length) {
      const grown = new Uint8Array(Math.max(Math.min(bytes.length * 2, reader.budgetBytes), used + text.length));
      grown.set(bytes.subarray(0, used));
      bytes = grown;
    }
    if (text.length <= 16) for (let at = 0; at < text.length; at++) bytes[used + at] = text[at]!;
    else bytes.set(text, used);
    used += text.length;
    ends[index++] = used;
  });
  return { bytes: bytes.subarray(0, used), ends };
}

async function readArray(reader: ByteReader, key: string, keep: boolean): Promise<GgufArray> {
  const elementType = await reader.u32();
  if (elementType === arrayType || (elementType !== stringType && valueBytes[elementType] === undefined))
    throw new GgufProblem("bad-value-type", `The array ${key} has elements of an unsupported type (${elementType}).`, { key, found: elementType });
  const elementBytes = elementType === stringType ? 8 : (valueBytes[elementType] ?? 1);
  const length = checkedCount(reader, "array-elements", key, await reader.u64(), elementBytes, ggufLimits.maxArrayElements);
  if (keep) {
    const contents = elementType === stringType ? await keepStrings(reader, key, length) : (await reader.raw(length * elementBytes)).slice();
    return { type: arrayType, elementType, length, contents };
  }
  if (elementType === stringType) await walkStrings(reader, key, length);
  else await reader.skip(length * elementBytes);
  return { type: arrayType, elementType, length };
}

async function readVersion(reader: ByteReader): Promise<number> {
  reader.section = "signature";
  if ((await reader.u32()) !== ggufMagic) throw new GgufProblem("not-gguf", "This is not a GGUF model file: it does not start with the GGUF signature.", {});
  reader.section = "header";
  const version = await reader.u32();
  if (version === 2 || version === 3) return version;
  // gguf.cpp: a version whose low 16 bits are 0 is a big-endian file read on a little-endian machine.
  const bigEndian = version !== 0 && (version & 0xffff) === 0;
  const why = bigEndian ? "it is a big-endian file" : version === 1 ? "version 1 is no longer supported by llama.cpp" : `only versions 2 and 3 exist`;
  throw new GgufProblem("unsupported-version", `This GGUF file has version ${bigEndian ? version.toString(16) : version}: ${why}.`, { version, bigEndian });
}

async function readMetadata(reader: ByteReader, entries: number, keepArrays: ReadonlySet<string>): Promise<Map<string, GgufMetadataValue>> {
  const metadata = new Map<string, GgufMetadataValue>();
  for (let index = 0; index < entries; index++) {
    const key = await readString(reader, `#${index}`, ggufLimits.maxKeyBytes);
    if (key === "") throw new GgufProblem("invalid-value", `Metadata key ${index} is empty.`, { key: `#${index}`, value: "" });
    if (metadata.has(key)) throw new GgufProblem("invalid-value", `The metadata key ${key} appears twice.`, { key, value: "duplicate" });
    const type = await reader.u32();
    metadata.set(key, type === arrayType ? await readArray(reader, key, keepArrays.has(key)) : { type, value: await readScalar(reader, type, key) });
  }
  return metadata;
}

function readAlignment(metadata: Map<string, GgufMetadataValue>): number {
  const entry = metadata.get("general.alignment");
  if (!entry) return 32;
  if (entry.type !== 4 || !("value" in entry))
    throw new GgufProblem("bad-value-type", `general.alignment must be a uint32, not ${valueTypeNames[entry.type] ?? entry.type}.`, { key: "general.alignment", found: entry.type });
  const alignment = Number(entry.value);
  if (alignment === 0 || (alignment & (alignment - 1)) !== 0)
    throw new GgufProblem("invalid-value", `general.alignment is ${alignment}, not a power of two.`, { key: "general.alignment", value: alignment });
  return alignment;
}

function badTensor(tensor: string, problem: NonNullable<GgufProblemDetails["problem"]>, message: string): GgufProblem {
  return new GgufProblem("invalid-tensor", `Tensor ${tensor}: ${message}`, { tensor, problem });
}

async function readTensorInfo(reader: ByteReader, index: number, seen: Set<string>): Promise<Omit<GgufTensorInfo, "offset"> & { offset: bigint }> {
  const name = await readString(reader, `#${index}`, ggufLimits.maxKeyBytes);
  if (Buffer.byteLength(name) > ggufLimits.maxTensorNameBytes) throw badTensor(`#${index}`, "name-too-long", `its name is longer than ${ggufLimits.maxTensorNameBytes} bytes.`);
  if (seen.has(name)) throw badTensor(name, "duplicate", "it appears twice.");
  seen.add(name);
  const dimensionCount = await reader.u32();
  if (dimensionCount > ggufLimits.maxDimensions) throw impossibleCount("dimensions", name, dimensionCount, ggufLimits.maxDimensions);
  const dims: bigint[] = [];
  for (let d = 0; d < dimensionCount; d++) dims.push(await reader.i64());
  if (dims.some((dim) => dim < 0n)) throw badTensor(name, "dimensions", "it has a negative dimension.");
  const typeId = await reader.u32();
  const layout = ggmlTypeLayout(typeId);
  if (!layout) throw badTensor(name, "type", `its data type (${typeId}) is unknown or no longer supported.`);
  const elements = dims.reduce((product, dim) => product * dim, 1n);
  if ((dims[0] ?? 1n) % BigInt(layout.blockElements) !== 0n) throw badTensor(name, "shape", `its rows are not a whole number of ${layout.name} blocks.`);
  const bytes = (elements / BigInt(layout.blockElements)) * BigInt(layout.blockBytes);
  if (bytes > BigInt(reader.fileSize)) throw badTensor(name, "size", `it claims ${bytes} bytes of data, more than the whole file.`);
  return { name, dims: dims.map(Number), typeId, bytes: Number(bytes), offset: await reader.u64() };
}

function padTo(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

export async function readGgufHeader(source: ByteSource, budget: ReadBudget, options: GgufReadOptions = {}): Promise<GgufHeader> {
  const reader = new ByteReader(source, budget);
  const version = await readVersion(reader);
  const tensorCountValue = await reader.u64();
  const entryCountValue = await reader.u64();
  reader.section = "metadata";
  const entryCount = checkedCount(reader, "metadata-entries", "", entryCountValue, minMetadataEntryBytes, ggufLimits.maxMetadataEntries);
  const metadata = await readMetadata(reader, entryCount, options.keepArrays ?? new Set());
  const alignment = readAlignment(metadata);

  reader.section = "tensor-list";
  const tensorCount = checkedCount(reader, "tensors", "", tensorCountValue, minTensorInfoBytes, ggufLimits.maxTensors);
  const seen = new Set<string>();
  const tensors: GgufTensorInfo[] = [];
  let expectedOffset = 0;
  for (let index = 0; index < tensorCount; index++) {
    const tensor = await readTensorInfo(reader, index, seen);
    if (tensor.offset !== BigInt(expectedOffset))
      throw badTensor(tensor.name, "offset", `its data is said to start at ${tensor.offset}, where the previous tensor's data ends at ${expectedOffset}.`);
    tensors.push({ ...tensor, offset: expectedOffset });
    expectedOffset += padTo(tensor.bytes, alignment);
  }

  const dataStart = tensorCount > 0 ? padTo(reader.position, alignment) : reader.position;
  const last = tensors.at(-1);
  const dataEnd = dataStart + (last ? last.offset + last.bytes : 0);
  if (dataEnd > source.size) throw fileEndsEarly("tensor-data", source.size, dataEnd);
  return { version, metadata, tensors, alignment, dataStart, dataEnd };
}
