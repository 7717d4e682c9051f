// @vitest-environment node
/**
 * Hyper-parameters llama.cpp stops the whole engine on (or never finishes an answer with, or fails the load on
 * without naming the key): the reader refuses each with MODEL_INVALID naming the key, before node-llama-cpp opens the
 * file (the cases and what plain node-llama-cpp does with each: gguf-fuzz/hostile-hyperparameters.ts; the engine
 * staying up: gguf-hyperparameters.engine.test.ts). Values llama.cpp handles are accepted.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGgufSummary } from "../../electron/node/services/library/gguf-inspect.ts";
import { testModel } from "../support/hf/test-model.ts";
import { acceptedCases, hostileCases } from "./gguf-fuzz/hostile-hyperparameters.ts";
import { editMetadata } from "./gguf-fuzz/metadata-edit.ts";

describe("hyper-parameters llama.cpp would abort on are refused by the reader, with the key named", () => {
  let work: string;
  let base: Buffer;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "edge-gemma-hyperparameters-"));
    base = (await testModel("q4_0")).data;
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  async function read(name: string, edits: ReadonlyArray<readonly [string, unknown]>) {
    const file = path.join(work, `${name.replace(/[^a-z0-9]+/gi, "-")}.gguf`);
    await writeFile(file, editMetadata(base, new Map(edits as never)));
    return readGgufSummary(file);
  }

  it.each(hostileCases.map((hostile) => [hostile.name, hostile] as const))("%s", async (_name, hostile) => {
    const error = await read(hostile.name, hostile.edits).then(
      () => undefined,
      (refused: unknown) => refused,
    );
    expect(error, hostile.name).toMatchObject({ code: "MODEL_INVALID", details: { reason: "invalid-value", key: hostile.key } });
    expect((error as Error).message, hostile.name).toContain(`${hostile.key} is `);
  });

  it("names the value and why: a rope wider than the head, an epsilon that is NaN, a layer count past llama.cpp's limit", async () => {
    await expect(read("rope-128", [["gemma2.rope.dimension_count", { type: "uint32", value: 128 }]])).rejects.toMatchObject({
      message: expect.stringContaining("gemma2.rope.dimension_count is 128: the rotary embedding turns an even number of each head's 64 dimensions") as unknown,
      details: { value: 128 },
    });
    await expect(read("eps-nan", [["gemma2.attention.layer_norm_rms_epsilon", { type: "float32", value: NaN }]])).rejects.toMatchObject({
      message: expect.stringContaining("gemma2.attention.layer_norm_rms_epsilon is NaN") as unknown,
      details: { value: "NaN" },
    });
    await expect(read("layers-1000000", [["gemma2.block_count", { type: "uint32", value: 1_000_000 }]])).rejects.toMatchObject({
      message: expect.stringContaining("gemma2.block_count is 1000000: llama.cpp handles at most 512 layers") as unknown,
    });
  });

  it.each(acceptedCases.map((accepted) => [accepted.name, accepted] as const))("accepts %s", async (_name, accepted) => {
    await expect(read(accepted.name, accepted.edits)).resolves.toMatchObject({ architecture: "gemma2" });
  });
});
