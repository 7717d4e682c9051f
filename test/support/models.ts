import os from "node:os";
import path from "node:path";
import { ensureTestModel } from "../../tools/make-model/test-models.ts";
import type { ModelFileType } from "../../tools/make-model/gemma2-model.ts";

/** A tiny random-weight Gemma 2 GGUF of the given tensor type (generated once, cached by generator version). */
export function tinyModel(type: ModelFileType = "q4_0"): Promise<string> {
  return ensureTestModel(type);
}

/** Scratch space for files a test damages on purpose. */
export const testModelsDir = path.join(os.tmpdir(), "edge-gemma-test-models");

/**
 * One thread per engine: on a shared two-core machine llama.cpp's threads otherwise spin against each
 * other and the other test processes, turning 50 ms generations into 40 s ones.
 */
export const testLoadOptions = { threads: 1, contextSize: 512 } as const;
