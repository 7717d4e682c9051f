/**
 * The remote clients against a second Edge Gemma serving its API (electron/node/api, the real engine on a tiny
 * generated Gemma 2): the Pi borrowing another Edge Gemma's model, through the Ollama API and the OpenAI-compatible one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteBackend } from "../../electron/node/remote/create-remote-backend.ts";
import type { RemoteError } from "../../electron/node/remote/remote-errors.ts";
import { ollamaName, startApiApp, type ApiApp } from "../api/support/api-app.ts";
import { rejection } from "../support/rejection.ts";

let app: ApiApp;
beforeAll(async () => {
  app = await startApiApp();
}, 300_000);
afterAll(() => app?.close());

describe.each(["ollama", "openai-compatible"] as const)("another Edge Gemma as a %s server", (kind) => {
  const backend = () => createRemoteBackend({ kind, address: app.server.url });

  it("lists its model", async () => {
    expect((await backend().listModels()).map((model) => model.id)).toContain(ollamaName);
  });

  it("streams an answer whose deltas are the engine's text, with the engine's token count in the stats line", async () => {
    const deltas: string[] = [];
    const answer = await backend().chat({ model: ollamaName, messages: [{ role: "user", content: "Hello" }], sampling: { maxTokens: 6, seed: 1 } }, { onDelta: (text) => deltas.push(text) });
    const engine = app.results.at(-1);
    expect(answer.text).toBe(engine?.text);
    expect(deltas.join("")).toBe(answer.text);
    expect(answer.stats.generatedTokens).toBe(engine?.stats.generatedTokens);
    expect(answer.stopReason).toBe(engine?.stopReason === "maxTokens" ? "maxTokens" : "end");
  });

  it("Stop cancels the remote generation: the serving engine stops too", async () => {
    const stop = new AbortController();
    const deltas: string[] = [];
    const answer = await backend().chat(
      { model: ollamaName, messages: [{ role: "user", content: "Write a long story." }], sampling: { maxTokens: 2000, seed: 3 } },
      { signal: stop.signal, onDelta: (text) => (deltas.push(text), stop.abort()) },
    );
    expect(answer.stopReason).toBe("stopped");
    expect(answer.text).toBe(deltas.join(""));
    await expect.poll(() => app.results.at(-1)?.stopReason, { timeout: 30_000 }).toBe("stopped");
  });

  it("names a model it doesn't have", async () => {
    const error = (await rejection(backend().chat({ model: "gemma2:27b", messages: [{ role: "user", content: "Hi" }] }))) as RemoteError;
    expect(error.failure).toBe("model-not-found");
    expect(error.message).toContain("gemma2:27b");
  });
});
