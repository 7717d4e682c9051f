/** The generated Gemma 2 GGUF the fake Hugging Face serves (random weights, real layout: llama.cpp loads it). */
import { readFile } from "node:fs/promises";
import { ensureTestModel } from "../../../tools/make-model/index.ts";

export interface TestModel {
  path: string;
  data: Buffer;
}

const cache = new Map<string, Promise<TestModel>>();

export function testModel(type: "q4_0" | "q8_0" = "q4_0"): Promise<TestModel> {
  let model = cache.get(type);
  if (!model) {
    model = ensureTestModel(type).then(async (path) => ({ path, data: await readFile(path) }));
    cache.set(type, model);
  }
  return model;
}
