/**
 * Is this file a usable GGUF, and what is in it? node-llama-cpp's `readGgufFileInfo` reads the header; we add the
 * checks it doesn't make: the magic bytes first (a clear message for a non-GGUF) and that the tensor data the header
 * describes is really there (a truncated download or copy is caught before llama.cpp trips over it).
 */
import { open, stat } from "node:fs/promises";
import { AppError } from "../../contract/errors.ts";
import type { GgufFileInfoLike, GgufTensorInfoLike, GgufToolkit } from "./gguf-toolkit.ts";

export interface GgufSummary {
  architecture: string | null;
  quantization: string | null;
  name: string | null;
  sizeBytes: number;
  trainContextSize: number | null;
}

/** `enum ggml_type` id → [elements per block, bytes per block] (ggml.c `type_traits`); ids are ggml's stable ABI. */
const typeLayout: Readonly<Record<number, readonly [number, number]>> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
};

function tensorEnd(tensor: GgufTensorInfoLike): number {
  const offset = Number(tensor.offset);
  const layout = typeLayout[tensor.ggmlType];
  if (!layout) return offset;
  const elements = tensor.dimensions.reduce<number>((product, dim) => product * Number(dim), 1);
  return offset + Math.ceil(elements / layout[0]) * layout[1];
}

function invalid(path: string, problem: string): AppError {
  return new AppError("MODEL_INVALID", `${path.split(/[\\/]/).pop() ?? path} ${problem}`, { path });
}

export function quantizationName(info: GgufFileInfoLike, gguf: Pick<GgufToolkit, "GgufFileType">): string | null {
  const fileType = info.metadata.general?.file_type;
  const name = fileType === undefined ? undefined : gguf.GgufFileType[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, "") : null;
}

/** Reads and checks a local GGUF; a missing file is NOT_FOUND, anything unusable MODEL_INVALID with the reason. */
export async function readGgufSummary(path: string, gguf: GgufToolkit): Promise<GgufSummary> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new AppError("NOT_FOUND", `There is no file at ${path}.`, { path });
  if (!info.isFile()) throw new AppError("BAD_REQUEST", `${path} is not a file.`, { path });

  const magic = Buffer.alloc(4);
  const handle = await open(path, "r");
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (magic.toString("latin1") !== "GGUF") throw invalid(path, "is not a GGUF model file (it does not start with the GGUF signature).");

  let header: GgufFileInfoLike;
  try {
    header = await gguf.readGgufFileInfo(path, { sourceType: "filesystem", logWarnings: false, spliceSplitFiles: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(path, `has a damaged or truncated GGUF header (${reason}).`);
  }
  const dataStart = header.infoEndOffset ?? 0;
  // node-llama-cpp's file reader reads past the end as zeros, so a header cut short can still "parse".
  if (dataStart > info.size) throw invalid(path, "has a damaged or truncated GGUF header (the file ends inside it).");
  const dataEnd = dataStart + (header.tensorInfo ?? []).reduce((end, tensor) => Math.max(end, tensorEnd(tensor)), 0);
  if (dataEnd > info.size)
    throw invalid(path, `is truncated: the header describes ${dataEnd} bytes but the file has ${info.size}. Copy or download it again.`);

  return {
    architecture: header.metadata.general?.architecture ?? null,
    quantization: quantizationName(header, gguf),
    name: header.metadata.general?.name ?? null,
    sizeBytes: info.size,
    trainContextSize: header.architectureMetadata.context_length ?? null,
  };
}
