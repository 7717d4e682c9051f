/**
 * The Pi borrowing a second Edge Gemma's model: a chat set to its API as an Ollama server, through the app contract as
 * the renderer uses it, with the real engine on both sides. The answer streams from the other engine, Stop stops that
 * engine, the server going away mid-answer keeps the partial answer (REMOTE_FAILED naming it), and this Pi's own model
 * completes it. (llama.cpp's llama-server, the OpenAI-compatible side: remote-chat.engine.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, RemoteServerEntry } from "../../electron/common/contract/index.ts";
import { ollamaName, startApiApp, type ApiApp } from "../api/support/api-app.ts";
import { tinyModel } from "../support/models.ts";
import { removeFolder, startRemoteApp, type RemoteApp } from "./support/remote-app.ts";

let other: ApiApp;
let pi: RemoteApp;
let entry: RemoteServerEntry;

beforeAll(async () => {
  other = await startApiApp();
  pi = await startRemoteApp();
  await pi.backend.supervisor.loadModel(await tinyModel("q4_0"));
}, 300_000);
afterAll(async () => {
  await pi?.close();
  await other?.close();
  if (pi) await removeFolder(pi.dir);
});

async function remoteChat(): Promise<string> {
  const chat = await pi.client.call("chat.create", {});
  await pi.client.call("chat.setBackend", { conversationId: chat.id, backend: { kind: "remote", serverId: entry.id, model: ollamaName } });
  return chat.id;
}

/** `chat.send` or `chat.continue` as the renderer calls it; `onDelta` sees each piece of text as it arrives. */
async function answer(call: "chat.send" | "chat.continue", params: Record<string, unknown>, onDelta?: (count: number) => void, signal?: AbortSignal) {
  const pieces: string[] = [];
  const ended = await pi.client.call(call as "chat.send", params as never, {
    ...(signal && { signal }),
    onProgress: (progress) => {
      if (progress.type !== "delta") return;
      const count = pieces.push(progress.text);
      onDelta?.(count);
    },
  });
  return { answer: ended.messages.at(-1) as ChatMessage, streamed: pieces.join(""), conversation: ended.conversation };
}

describe("a chat answered by another Edge Gemma (Ollama API), through the app contract", () => {
  it("lists the other computer's model with its size and quantization", async () => {
    entry = await pi.client.call("remote.add", { name: "Study PC", kind: "ollama", address: other.server.url });
    expect(entry).toMatchObject({ kind: "ollama", hasKey: false, insecure: true });
    const { models } = await pi.client.call("remote.models", { id: entry.id });
    expect(models.find((model) => model.id === ollamaName)?.label).toMatch(/^gemma2:2b \(.+, Q4_0\)$/);
  });

  it("streams the other engine's answer, with its token count and the server named on the answer", async () => {
    await pi.client.call("settings.update", { patch: { sampling: { maxTokens: 8, seed: 1 } } });
    const conversationId = await remoteChat();
    const { answer: done, streamed } = await answer("chat.send", { conversationId, text: "Hello" });
    const served = other.results.at(-1);
    expect(done).toMatchObject({ text: streamed, modelName: ollamaName });
    expect(done.text).toBe(served?.text);
    expect(done.stats?.generatedTokens).toBe(served?.stats.generatedTokens);
    expect(done.backend).toEqual({ kind: "remote", serverId: entry.id, model: ollamaName, serverName: "Study PC" });
  });

  it("Stop stops the other computer's engine and keeps the part that arrived", async () => {
    await pi.client.call("settings.update", { patch: { sampling: { maxTokens: 2000, seed: 3 } } });
    const stop = new AbortController();
    const { answer: stopped, streamed } = await answer("chat.send", { conversationId: await remoteChat(), text: "Write a long story." }, () => stop.abort(), stop.signal);
    expect(stopped.status).toBe("stopped");
    expect(stopped.text).toBe(streamed);
    expect(stopped.text.length).toBeGreaterThan(0);
    await expect.poll(() => other.results.at(-1)?.stopReason, { timeout: 30_000 }).toBe("stopped");
  });

  it("the other computer gone mid-answer: the partial answer stays with REMOTE_FAILED, and this Pi's model completes it", async () => {
    const conversationId = await remoteChat();
    const gone = await answer("chat.send", { conversationId, text: "Write a long story." }, (count) => {
      if (count === 2) void other.server.close();
    });
    expect(gone.answer.status).toBe("error");
    expect(gone.answer.text).toBe(gone.streamed);
    expect(gone.answer.text.length).toBeGreaterThan(0);
    expect(gone.answer.error).toMatchObject({ code: "REMOTE_FAILED", details: { failure: "disconnected", serverName: "Study PC", receivedChars: gone.streamed.length } });
    expect(gone.conversation.backend).toMatchObject({ kind: "remote", serverId: entry.id });

    await pi.client.call("settings.update", { patch: { sampling: { maxTokens: 8, seed: 4 } } });
    const local = await answer("chat.continue", { conversationId, backend: { kind: "local" } });
    expect(local.streamed.length).toBeGreaterThan(0);
    expect(local.answer.text).toBe(gone.streamed + local.streamed);
    expect(local.answer).toMatchObject({ status: "complete", backend: { kind: "local" }, quantization: "Q4_0" });
    expect(local.answer.error).toBeUndefined();
    expect(local.conversation.backend).toEqual({ kind: "local" });
  }, 5 * 60_000);
});
