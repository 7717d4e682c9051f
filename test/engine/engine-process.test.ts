// @vitest-environment node
import { copyFile, open, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRpcClient, engineContract, isAppError, type EngineContract, type GenerationDelta, type RpcClient } from "../../electron/common/contract/index.ts";
import type { EngineProcess } from "../../electron/node/services/inference/engine-process.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { testLoadOptions, testModelsDir, tinyModel } from "../support/models.ts";

let engine: EngineProcess;
let client: RpcClient<EngineContract>;
const deltas: GenerationDelta[] = [];
const collect = (delta: GenerationDelta) => void deltas.push(delta);
const streamed = () => deltas.map((delta) => delta.text).join("");

beforeAll(() => {
  engine = spawnTestEngine()();
  client = createRpcClient(engine.transport, engineContract, { validateIncoming: true });
});
afterAll(() => engine.kill());

async function expectError(promise: Promise<unknown>, code: string, messagePart: RegExp) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(isAppError(error), `expected an AppError ${code}, got ${String(error)}`).toBe(true);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toMatch(messagePart);
}

describe("the engine process with the real node-llama-cpp", () => {
  it.each(["f16", "q8_0", "q4_0"] as const)("loads a %s Gemma 2 model and streams an answer as deltas", async (type) => {
    const progress: number[] = [];
    const stopListening = client.on("loadProgress", ({ progress: value }) => progress.push(value));
    const model = await client.call("load", { modelPath: await tinyModel(type), ...testLoadOptions });
    stopListening();
    expect(model).toMatchObject({ architecture: "gemma2", quantization: type.toUpperCase(), contextSize: 512 });
    expect(progress.length).toBeGreaterThan(0);

    deltas.length = 0;
    const answer = await client.call(
      "generate",
      { history: [], text: "Tell me about the Raspberry Pi.", sampling: { maxTokens: 24, seed: 7 } },
      { onProgress: collect },
    );
    expect(answer.stopReason).toBe("maxTokens");
    expect(deltas.length).toBeGreaterThan(1);
    expect(streamed().length).toBeGreaterThan(0);
    expect(deltas.reduce((sum, delta) => sum + delta.tokens, 0)).toBe(answer.stats.generatedTokens);
    expect(answer.stats.promptTokens).toBeGreaterThan(5);
    expect(answer.stats.promptTokensPerSecond).toBeGreaterThan(0);
    expect(answer.stats.tokensPerSecond).toBeGreaterThan(0);
    expect(answer.stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(answer.stats.totalMs).toBeGreaterThanOrEqual(answer.stats.timeToFirstTokenMs);
  });

  it("stops mid-answer when the call is cancelled, keeps the partial answer, and answers the next prompt", async () => {
    await client.call("load", { modelPath: await tinyModel("q4_0"), ...testLoadOptions });
    deltas.length = 0;
    const stop = new AbortController();
    const partial = await client.call(
      "generate",
      { history: [], text: "Write a long story.", sampling: { maxTokens: 2000, seed: 3 } },
      {
        signal: stop.signal,
        onProgress: (delta) => {
          collect(delta);
          stop.abort();
        },
      },
    );
    expect(partial.stopReason).toBe("stopped");
    expect(streamed().length).toBeGreaterThan(0);
    expect(partial.stats.generatedTokens).toBeLessThan(2000);
    expect(deltas.reduce((sum, delta) => sum + delta.tokens, 0)).toBeLessThanOrEqual(partial.stats.generatedTokens);

    deltas.length = 0;
    const next = await client.call(
      "generate",
      { history: [{ role: "user", text: "Write a long story." }, { role: "model", text: "Once upon a time" }], text: "Go on.", sampling: { maxTokens: 8 } },
      { onProgress: collect },
    );
    expect(next.stopReason).not.toBe("stopped");
    expect(streamed().length).toBeGreaterThan(0);
  });

  it("gives a specific error for a missing, a non-GGUF and a truncated file, and keeps serving", async () => {
    await expectError(client.call("load", { modelPath: path.join(testModelsDir, "missing.gguf") }), "MODEL_NOT_FOUND", /not found/);

    const notGguf = path.join(testModelsDir, "notes.gguf");
    await writeFile(notGguf, "These are my shopping notes, not a model.\n".repeat(100));
    await expectError(client.call("load", { modelPath: notGguf }), "MODEL_INVALID", /not a GGUF/);

    const truncated = path.join(testModelsDir, "truncated.gguf");
    await copyFile(await tinyModel("q8_0"), truncated);
    const file = await open(truncated, "r+");
    await file.truncate(Math.floor((await file.stat()).size / 2));
    await file.close();
    await expectError(client.call("load", { modelPath: truncated }), "MODEL_INVALID", /^truncated\.gguf: The file ends early, in the tensor data/);

    // Headers node-llama-cpp's own reader turned into "Cannot read properties of undefined (reading 'architecture')".
    for (const version of [0, 4]) {
      const bytes = Buffer.from(await readFile(await tinyModel("q4_0")));
      bytes.writeUInt32LE(version, 4);
      const wrongVersion = path.join(testModelsDir, `version-${version}.gguf`);
      await writeFile(wrongVersion, bytes);
      const error = await client.call("load", { modelPath: wrongVersion }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "MODEL_INVALID", details: { reason: "unsupported-version", version } });
    }

    await client.call("load", { modelPath: await tinyModel("q4_0"), ...testLoadOptions });
    const answer = await client.call("generate", { history: [], text: "Hi", sampling: { maxTokens: 4 } });
    expect(answer.stats.generatedTokens).toBeGreaterThan(0);
  });

  it("answers a prompt with no model loaded with MODEL_NOT_LOADED", async () => {
    await client.call("unload", {});
    await expectError(client.call("generate", { history: [], text: "Hi" }), "MODEL_NOT_LOADED", /No model/);
  });
});
