// @vitest-environment node
/**
 * The real engine, no mocks: the fuzzer's find (seed 1763580713, file 290: a second "<0x9B>") loaded after a working
 * model killed the engine with SIGABRT and the app said ENGINE_CRASHED. Now the user gets MODEL_INVALID naming the
 * token, the engine lives on, and the working model loads again and answers a message with the byte the damaged
 * vocabulary lost ("ы" is D1 8B). A vocabulary that spells a byte by the byte alone instead of "<0xHH>" is what
 * llama.cpp falls back to (src/llama-vocab.cpp:4009): it loads and answers a message needing that byte.
 * (gguf-vocabulary.test.ts has the rest of the class, refused by the reader alone.)
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "../../electron/common/contract/index.ts";
import { testModel } from "../support/hf/test-model.ts";
import { startBackendClient, type BackendClient } from "./gguf-fuzz/backend-client.ts";
import { editVocabulary, vocabularyOf } from "./gguf-fuzz/vocabulary-edit.ts";

describe("a damaged vocabulary on the real engine", () => {
  let harness: BackendClient;
  let client: BackendClient["client"];
  let work: string;

  beforeAll(async () => {
    harness = await startBackendClient("edge-gemma-vocabulary-engine-");
    ({ client, work } = harness);
    await client.call("settings.update", { patch: { sampling: { maxTokens: 4 } } });
  });
  afterAll(() => harness.dispose());

  async function answerTo(text: string) {
    const chat = await client.call("chat.create", {});
    const ended = await client.call("chat.send", { conversationId: chat.id, text }, { onProgress: () => undefined });
    return ended.messages.at(-1);
  }

  it("after a working model, the fuzzer's file is MODEL_INVALID with the token named; the engine lives on and the working model answers", async () => {
    const base = (await testModel("q4_0")).data;
    const tokens = vocabularyOf(base);
    const unchanged = path.join(work, "unchanged.gguf");
    await writeFile(unchanged, base);
    await client.call("engine.loadModel", { path: unchanged });

    const damaged = path.join(work, "seed-1763580713-file-290.gguf");
    await writeFile(damaged, editVocabulary(base, { tokens: new Map([[tokens.indexOf("<0x8B>"), "<0x9B>"]]) }));
    const refused = await client.call("engine.loadModel", { path: damaged }).then(
      () => undefined,
      (error: AppError) => error.toWire(),
    );
    expect(refused).toMatchObject({ code: "MODEL_INVALID", details: { reason: "invalid-value", key: `tokenizer.ggml.tokens[${tokens.indexOf("<0x9B>")}]`, value: "<0x9B>" } });

    // The engine says why (not "exited": it is alive), and the working model loads again and answers.
    expect(await client.call("engine.getStatus", {})).toMatchObject({ state: "error", error: { code: "MODEL_INVALID" } });
    await client.call("engine.loadModel", { path: unchanged });
    expect(await answerTo("Привет, мы")).toMatchObject({ role: "model", status: "complete" });
  });

  it("a byte spelled by the byte alone instead of <0xHH> loads and answers a message that needs it", async () => {
    const base = (await testModel("q4_0")).data;
    const byteToken = vocabularyOf(base).indexOf("<0x8B>");
    const fallback = path.join(work, "byte-alone.gguf");
    await writeFile(fallback, editVocabulary(base, { tokens: new Map([[byteToken, Buffer.from([0x8b])]]), tokenTypes: new Map([[byteToken, 1]]) }));
    await expect(client.call("engine.loadModel", { path: fallback })).resolves.toMatchObject({ path: fallback });
    expect(await answerTo("Привет, мы")).toMatchObject({ role: "model", status: "complete" });
  });
});
