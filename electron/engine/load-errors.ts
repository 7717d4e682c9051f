import { open, stat } from "node:fs/promises";
import { AppError } from "../contract/index.ts";

const ggufMagic = Buffer.from("GGUF", "ascii");

/** Fails fast, with a specific code, on the files llama.cpp would reject after a slow start. */
export async function checkModelFile(modelPath: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) throw new AppError("MODEL_NOT_FOUND", `"${modelPath}" is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("MODEL_NOT_FOUND", `Model file not found: ${modelPath}`);
  }
  const file = await open(modelPath, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    if (bytesRead < 4 || !head.equals(ggufMagic)) {
      throw new AppError("MODEL_INVALID", `"${modelPath}" is not a GGUF model file (it does not start with "GGUF")`);
    }
  } finally {
    await file.close();
  }
  return size;
}

const outOfMemoryPatterns = [/not enough (ram|vram|memory)/i, /out of memory/i, /failed to allocate/i, /bad_alloc/i, /cannot allocate/i];
const invalidModelPatterns = [/gguf/i, /tensor/i, /failed to load model/i, /unknown model architecture/i, /file bounds/i, /corrupt/i, /magic/i];

/** Maps what node-llama-cpp throws while loading to one of our stable codes. */
export function classifyLoadError(error: unknown, modelPath: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (outOfMemoryPatterns.some((pattern) => pattern.test(message))) {
    return new AppError("OUT_OF_MEMORY", `Not enough memory to load this model: ${message}`);
  }
  if (invalidModelPatterns.some((pattern) => pattern.test(message))) {
    return new AppError("MODEL_INVALID", `The model file is damaged or unsupported (${modelPath}): ${message}`);
  }
  return new AppError("MODEL_INVALID", `Could not load ${modelPath}: ${message}`);
}
