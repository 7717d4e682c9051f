/**
 * Is this local file a usable Gemma 2 GGUF, and what is in it? The single entry point for every untrusted model file
 * (import, the library scan, a finished download, models found in other apps' stores): the header is read by the
 * bounded reader in a worker thread (electron/node/gguf/inspect.ts), never in this process.
 */
import { stat } from "node:fs/promises";
import { AppError } from "../../../common/contract/errors.ts";
import type { Gemma2Shape } from "../../gguf/gemma2-facts.ts";
import { inspectGguf } from "../../gguf/inspect.ts";
import { inspectionError } from "../../gguf/inspect-errors.ts";

export interface GgufSummary {
  architecture: string;
  quantization: string | null;
  name: string | null;
  sizeBytes: number;
  trainContextSize: number;
  /** Bytes of tensor data (what llama.cpp maps as weights). */
  weightsBytes: number;
  shape: Gemma2Shape;
}

export interface ReadSummaryOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Reads and checks a local GGUF: a missing file is NOT_FOUND, anything unusable MODEL_INVALID with `details.reason`. */
export async function readGgufSummary(path: string, options: ReadSummaryOptions = {}): Promise<GgufSummary> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new AppError("NOT_FOUND", `There is no file at ${path}.`, { path });
  if (!info.isFile()) throw new AppError("BAD_REQUEST", `${path} is not a file.`, { path });
  try {
    const facts = await inspectGguf({ kind: "file", path }, options);
    return {
      architecture: facts.architecture,
      quantization: facts.quantization,
      name: facts.name,
      sizeBytes: facts.sizeBytes,
      trainContextSize: facts.shape.trainContextSize,
      weightsBytes: facts.weightsBytes,
      shape: facts.shape,
    };
  } catch (error) {
    throw inspectionError(error, path, "NOT_FOUND");
  }
}
