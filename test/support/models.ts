import { mkdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { writeGemma2Model, type ModelTensorType } from "../../tools/make-model/gemma2-model.ts";

const modelsDir = path.join(os.tmpdir(), "edge-gemma-test-models", `pid-${process.pid}`);

/** A tiny random-weight Gemma 2 GGUF of the given tensor type, generated once per test process. */
export async function tinyModel(type: ModelTensorType = "q4_0"): Promise<string> {
  const out = path.join(modelsDir, `tiny-${type}.gguf`);
  const existing = await stat(out).catch(() => undefined);
  if (existing?.isFile()) return out;
  await mkdir(modelsDir, { recursive: true });
  return (await writeGemma2Model({ shape: "tiny", type, out })).path;
}

export const testModelsDir = modelsDir;
