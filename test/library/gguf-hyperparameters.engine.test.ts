// @vitest-environment node
/**
 * The real engine, no mocks. Each hostile file of gguf-fuzz/hostile-hyperparameters.ts that aborts plain node-llama-cpp
 * is first run there, in a child process (llama-probe.ts), which must die of SIGABRT at the stage and source line the
 * case names (so a node-llama-cpp that stops aborting shows here); then every hostile file goes to the app, which
 * refuses it with MODEL_INVALID naming the key while the engine lives on, and the working model loads and answers
 * after all of them. The files on which plain node-llama-cpp never finishes the first answer (a rope over 0
 * dimensions) or fails the load are not probed here (a hang takes the probe's whole timeout); what it did with them
 * is recorded in the case list.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "../../electron/common/contract/index.ts";
import { testModel } from "../support/hf/test-model.ts";
import { startBackendClient, type BackendClient } from "./gguf-fuzz/backend-client.ts";
import { acceptedCases, hostileCases } from "./gguf-fuzz/hostile-hyperparameters.ts";
import { probeLlama } from "./gguf-fuzz/llama-probe-run.ts";
import { editMetadata } from "./gguf-fuzz/metadata-edit.ts";

describe("hyper-parameters llama.cpp aborts on, on the real engine", () => {
  let harness: BackendClient;
  let client: BackendClient["client"];
  let work: string;
  let base: Buffer;

  beforeAll(async () => {
    harness = await startBackendClient("edge-gemma-hyperparameters-engine-");
    ({ client, work } = harness);
    base = (await testModel("q4_0")).data;
    await client.call("settings.update", { patch: { sampling: { maxTokens: 4 } } });
  });
  afterAll(() => harness.dispose());

  async function fileFor(name: string, edits: ReadonlyArray<readonly [string, unknown]>): Promise<string> {
    const file = path.join(work, `${name.replace(/[^a-z0-9]+/gi, "-")}.gguf`);
    await writeFile(file, editMetadata(base, new Map(edits as never)));
    return file;
  }

  async function answerTo(text: string) {
    const chat = await client.call("chat.create", {});
    const ended = await client.call("chat.send", { conversationId: chat.id, text }, { onProgress: () => undefined });
    return ended.messages.at(-1);
  }

  it("plain node-llama-cpp aborts on each of the abort cases; the app refuses every case naming the key, the engine lives on and the working model answers", async () => {
    const unchanged = path.join(work, "unchanged.gguf");
    await writeFile(unchanged, base);
    await client.call("engine.loadModel", { path: unchanged });
    const seen: string[] = [];
    for (const hostile of hostileCases.filter((candidate) => !("hangs" in candidate.plain))) {
      const file = await fileFor(hostile.name, hostile.edits);
      if ("aborts" in hostile.plain) {
        const plain = await probeLlama(file);
        expect(plain, hostile.name).toMatchObject({ signal: "SIGABRT", stage: hostile.plain.aborts, abort: expect.stringContaining(hostile.plain.at) as unknown });
        seen.push(`${hostile.name}: plain node-llama-cpp ${plain.signal} at ${plain.stage} (${plain.abort?.replace(/^.*llama\.cpp\//, "")})`);
      }

      const refused = await client.call("engine.loadModel", { path: file }).then(
        () => undefined,
        (error: AppError) => error.toWire(),
      );
      expect(refused, hostile.name).toMatchObject({ code: "MODEL_INVALID", details: { reason: "invalid-value", key: hostile.key } });
      expect(await client.call("engine.getStatus", {}), hostile.name).toMatchObject({ state: "error", error: { code: "MODEL_INVALID" } });
    }
    console.log(`[gguf-hyperparameters]\n${seen.join("\n")}`);
    await client.call("engine.loadModel", { path: unchanged });
    expect(await answerTo("Привет, мы")).toMatchObject({ role: "model", status: "complete" });
  }, 900_000);

  it("values llama.cpp handles load and answer", async () => {
    for (const accepted of acceptedCases) {
      const file = await fileFor(accepted.name, accepted.edits);
      await expect(client.call("engine.loadModel", { path: file }), accepted.name).resolves.toMatchObject({ path: file });
      expect(await answerTo("Hello there"), accepted.name).toMatchObject({ role: "model", status: "complete" });
    }
  }, 300_000);
});
