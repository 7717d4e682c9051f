/**
 * The OpenAI-compatible client against llama.cpp's own llama-server (built from node-llama-cpp's llama.cpp source,
 * serving a generated tiny Gemma 2): what a user sees when they chat with a server on their LAN — the model list, a
 * streamed answer with its stats, Stop, a server that dies or hangs mid-answer, a wrong key, an unknown model.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteBackend } from "../../electron/node/remote/create-remote-backend.ts";
import { defaultRemoteBounds, type RemoteBackend, type RemoteChatRequest } from "../../electron/node/remote/remote-backend.ts";
import { generatorFor } from "../../electron/node/remote/chat-backend.ts";
import { RemoteError } from "../../electron/node/remote/remote-errors.ts";
import { generateRemote } from "../../electron/node/remote/remote-generate.ts";
import { RemoteServerStore } from "../../electron/node/remote/remote-server-store.ts";
import { TokenStore } from "../../electron/node/services/settings/token-store.ts";
import { writeFileAtomic } from "../../electron/node/services/storage/atomic-write.ts";
import { startLlamaServer, type RunningLlamaServer } from "../support/llama-server.ts";
import { tinyModel } from "../support/models.ts";
import { rejection } from "../support/rejection.ts";

const alias = "gemma-2-tiny";
const longAnswer: RemoteChatRequest = { model: alias, messages: [{ role: "user", content: "Write a long story." }], sampling: { maxTokens: 2000, seed: 3 } };

/** Resolves with the deltas so far once the first one arrived, while the answer goes on. */
function chatUntilFirstDelta(backend: RemoteBackend, request: RemoteChatRequest, signal?: AbortSignal) {
  const deltas: string[] = [];
  let firstDelta!: () => void;
  const started = new Promise<void>((resolve) => (firstDelta = resolve));
  const answer = backend.chat(request, { signal, onDelta: (text) => (deltas.push(text), firstDelta()) });
  answer.catch(() => firstDelta());
  return { deltas, started, answer };
}

async function slotIsProcessing(url: string): Promise<boolean> {
  const slots = (await (await fetch(`${url}/slots`)).json()) as { is_processing: boolean }[];
  return slots.some((slot) => slot.is_processing);
}

describe("a chat with llama.cpp's llama-server (OpenAI-compatible)", () => {
  let server: RunningLlamaServer;
  let backend: RemoteBackend;

  beforeAll(async () => {
    server = await startLlamaServer({ model: await tinyModel("q4_0"), alias });
    backend = createRemoteBackend({ kind: "openai-compatible", address: server.url });
  }, 30 * 60_000);
  afterAll(() => server?.stop());

  it("lists the model the server serves, by the name it answers to", async () => {
    expect(await backend.listModels()).toEqual([{ id: alias }]);
  });

  it("streams an answer: the deltas make the text, and the stats line carries the server's counts", async () => {
    const deltas: string[] = [];
    const answer = await backend.chat(
      { model: alias, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hello there" }], sampling: { maxTokens: 12, seed: 1 } },
      { onDelta: (text) => deltas.push(text) },
    );
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join("")).toBe(answer.text);
    expect(answer.stats.generatedTokens).toBeGreaterThan(0);
    expect(answer.stats.generatedTokens).toBeLessThanOrEqual(12);
    expect(answer.stopReason).toBe(answer.stats.generatedTokens === 12 ? "maxTokens" : "end");
    expect(answer.stats.promptTokens).toBeGreaterThan(3);
    expect(answer.stats.generationMs).toBeGreaterThan(0);
    expect(answer.stats.tokensPerSecond).toBeGreaterThan(0);
    expect(answer.stats.totalMs).toBeGreaterThanOrEqual(answer.stats.timeToFirstTokenMs);
  });

  it("Stop cancels the remote request: the partial answer is kept and the server stops generating", async () => {
    const stop = new AbortController();
    const { deltas, started, answer } = chatUntilFirstDelta(backend, longAnswer, stop.signal);
    await started;
    stop.abort();
    const partial = await answer;
    expect(partial.stopReason).toBe("stopped");
    expect(partial.text.length).toBeGreaterThan(0);
    expect(partial.text).toBe(deltas.join(""));
    // llama-server stops a task when its client goes (server-context.cpp: should_stop); its slot is then free.
    await expect.poll(() => slotIsProcessing(server.url), { timeout: 20_000 }).toBe(false);
    const next = await backend.chat({ model: alias, messages: [{ role: "user", content: "Go on." }], sampling: { maxTokens: 4 } });
    expect(next.text.length).toBeGreaterThan(0);
  });

  it("continues a partial answer as the engine does: the server gets it as the answer's start, only the rest streams", async () => {
    const deltas: string[] = [];
    const request = { history: [{ role: "user" as const, text: "Hi" }, { role: "model" as const, text: "Hello!" }], text: "Tell me more.", responsePrefix: "Well, ", sampling: { maxTokens: 6, seed: 2 } };
    const result = await generateRemote(backend, alias, request, { onDelta: (delta) => deltas.push(delta.text) });
    expect(deltas.length).toBeGreaterThan(0);
    expect(result.stats.generatedTokens).toBeGreaterThan(0);
    expect(result.stats.generatedTokens).toBeLessThanOrEqual(6);
  });

  it("a server that stops answering before the first token fails with a first-byte timeout", async () => {
    const impatient = createRemoteBackend({ kind: "openai-compatible", address: server.url }, { ...defaultRemoteBounds, answerFirstByteMs: 1500 });
    server.child.kill("SIGSTOP");
    try {
      const error = await rejection(impatient.chat(longAnswer));
      expect(error).toBeInstanceOf(RemoteError);
      expect((error as RemoteError).failure).toBe("first-byte-timeout");
      expect((error as RemoteError).message).toContain(server.url);
    } finally {
      server.child.kill("SIGCONT");
    }
  });

  it("a server that hangs mid-answer fails with an idle timeout and the partial answer is kept", async () => {
    const impatient = createRemoteBackend({ kind: "openai-compatible", address: server.url }, { ...defaultRemoteBounds, idleMs: 1500 });
    const { deltas, started, answer } = chatUntilFirstDelta(impatient, longAnswer);
    await started;
    server.child.kill("SIGSTOP");
    try {
      const error = (await rejection(answer)) as RemoteError;
      expect(error.failure).toBe("idle-timeout");
      expect(error.partialText.length).toBeGreaterThan(0);
      expect(error.partialText).toBe(deltas.join(""));
    } finally {
      server.child.kill("SIGCONT");
    }
  });
});

describe("llama-server dies mid-answer", () => {
  let server: RunningLlamaServer | undefined;
  afterAll(() => server?.stop());

  it("keeps the partial answer and says the connection dropped", async () => {
    server = await startLlamaServer({ model: await tinyModel("q4_0"), alias });
    const backend = createRemoteBackend({ kind: "openai-compatible", address: server.url });
    const { deltas, started, answer } = chatUntilFirstDelta(backend, longAnswer);
    await started;
    server.child.kill("SIGKILL");
    const error = (await rejection(answer)) as RemoteError;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error.failure).toBe("disconnected");
    expect(error.code).toBe("REMOTE_FAILED");
    expect(error.partialText.length).toBeGreaterThan(0);
    expect(error.partialText).toBe(deltas.join(""));
    expect(error.toWire().details).toEqual({ failure: "disconnected", origin: server.url, receivedChars: error.partialText.length });
  }, 5 * 60_000);
});

describe("llama-server with --api-key", () => {
  const key = "edge-gemma-test-key-5f1c";
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ model: await tinyModel("q4_0"), alias, apiKey: key });
  }, 30 * 60_000);
  afterAll(() => server?.stop());

  it("answers with the right key", async () => {
    const backend = createRemoteBackend({ kind: "openai-compatible", address: server.url, apiKey: key });
    expect(await backend.listModels()).toEqual([{ id: alias }]);
  });

  it("a chat on a server from the list uses its stored key", async () => {
    const servers = new RemoteServerStore({ writeFile: writeFileAtomic, secretFile: (file) => new TokenStore(file) });
    const added = await servers.add({ name: "llama-server", kind: "openai-compatible", address: server.url, apiKey: key });
    const local = () => Promise.reject(new Error("the local engine must not answer"));
    const generate = await generatorFor({ kind: "remote", serverId: added.id, model: alias }, { local, servers });
    const deltas: string[] = [];
    const result = await generate({ history: [], text: "Hello", sampling: { maxTokens: 4 } }, { onDelta: (delta) => deltas.push(delta.text) });
    expect(deltas.join("").length).toBeGreaterThan(0);
    expect(result.stats.generatedTokens).toBeGreaterThan(0);
  });

  it("refuses a wrong or missing key with 401, and no message names the key", async () => {
    const wrongKey = "wrong-key-that-must-not-leak-9d2e";
    for (const apiKey of [wrongKey, undefined]) {
      const backend = createRemoteBackend({ kind: "openai-compatible", address: server.url, apiKey });
      for (const attempt of [() => backend.listModels(), () => backend.chat(longAnswer)]) {
        const error = (await rejection(attempt())) as RemoteError;
        expect(error.failure).toBe("unauthorized");
        expect(error.status).toBe(401);
        expect(error.message).toContain("Invalid API Key");
        expect(JSON.stringify(error.toWire())).not.toContain(wrongKey);
        expect(error.stack ?? "").not.toContain(wrongKey);
      }
    }
  });
});

describe("llama-server in router mode (several models, chosen by name)", () => {
  let server: RunningLlamaServer;
  beforeAll(async () => {
    server = await startLlamaServer({ routerModels: { [alias]: await tinyModel("q4_0") } });
  }, 30 * 60_000);
  afterAll(() => server?.stop());

  it("lists its models and names a model it doesn't have", async () => {
    const backend = createRemoteBackend({ kind: "openai-compatible", address: server.url });
    expect((await backend.listModels()).map((model) => model.id)).toEqual([alias]);
    const error = (await rejection(backend.chat({ ...longAnswer, model: "gemma-2-27b-it" }))) as RemoteError;
    expect(error.failure).toBe("model-not-found");
    expect(error.details).toMatchObject({ failure: "model-not-found", httpStatus: 400 });
    expect(error.message).toContain("gemma-2-27b-it");
  });
});
