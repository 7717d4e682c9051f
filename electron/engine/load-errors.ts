import { InsufficientMemoryError } from "node-llama-cpp";
import { AppError } from "../common/contract/index.ts";
import { inspectGguf } from "../node/gguf/inspect.ts";
import { inspectionError } from "../node/gguf/inspect-errors.ts";

/**
 * Checks the file the way the library does (the bounded header reader, in a worker thread) before llama.cpp sees it,
 * so a malformed file fails fast with the same code and reason as on import, never as a hang or a TypeError from
 * node-llama-cpp's own header reader. Returns the file's size.
 */
export async function checkModelFile(modelPath: string, signal?: AbortSignal): Promise<number> {
  try {
    return (await inspectGguf({ kind: "file", path: modelPath }, signal ? { signal } : {})).sizeBytes;
  } catch (error) {
    const appError = inspectionError(error, modelPath, "MODEL_NOT_FOUND");
    throw appError.code === "BAD_REQUEST" ? new AppError("MODEL_NOT_FOUND", `"${modelPath}" is not a file`) : appError;
  }
}

const outOfMemoryPatterns = [/not enough (ram|vram|memory)/i, /out of memory/i, /failed to allocate/i, /bad_alloc/i, /cannot allocate/i];
const invalidModelPatterns = [/gguf/i, /tensor/i, /failed to load model/i, /unknown model architecture/i, /file bounds/i, /corrupt/i, /magic/i];

/** Maps what node-llama-cpp throws while loading to one of our stable codes. */
export function classifyLoadError(error: unknown, modelPath: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // node-llama-cpp 3.22.1 exports InsufficientMemoryError (dist/utils/InsufficientMemoryError.d.ts), thrown when its
  // own estimate says the model or context does not fit (dist/gguf/insights/utils/resolve*Option.js).
  if (error instanceof InsufficientMemoryError) return new AppError("OUT_OF_MEMORY", `Not enough memory to load this model: ${message}`);
  // llama.cpp's own failures reach us as plain Errors from the native addon: their text is all there is to go on.
  if (outOfMemoryPatterns.some((pattern) => pattern.test(message))) {
    return new AppError("OUT_OF_MEMORY", `Not enough memory to load this model: ${message}`);
  }
  if (invalidModelPatterns.some((pattern) => pattern.test(message))) {
    return new AppError("MODEL_INVALID", `The model file is damaged or unsupported (${modelPath}): ${message}`, { reason: "load-failed", path: modelPath });
  }
  return new AppError("MODEL_INVALID", `Could not load ${modelPath}: ${message}`, { reason: "load-failed", path: modelPath });
}
