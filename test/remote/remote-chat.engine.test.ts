/**
 * A chat answered by another computer, through the app contract as the renderer uses it: llama.cpp's own llama-server
 * (built from node-llama-cpp's llama.cpp, serving a generated tiny Gemma 2, behind `--api-key`) and the real local
 * engine. Add the server, list its model, chat, Stop, the server killed mid-answer, continue with the local model.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatChange, ChatMessage, GenerationDelta, RemoteServerEntry, Sampling } from "../../electron/common/contract/index.ts";
import { startLlamaServer, type RunningLlamaServer } from "../support/llama-server.ts";
import { tinyModel } from "../support/models.ts";
import { rejection } from "../support/rejection.ts";
import { removeFolder, startRemoteApp, type RemoteApp } from "./support/remote-app.ts";

const alias = "gemma-2-tiny";
const key = "sk-edge-gemma-remote-chat-93d1";

let server: RunningLlamaServer;
let app: RemoteApp;
let entry: RemoteServerEntry;
const remote = () => ({ kind: "remote" as const, serverId: entry.id, model: alias });

beforeAll(async () => {
  server = await startLlamaServer({ model: await tinyModel("q4_0"), alias, apiKey: key });
  app = await startRemoteApp();
  await app.backend.supervisor.loadModel(await tinyModel("q4_0"));
}, 30 * 60_000);
afterAll(async () => {
  await app?.close();
  await server?.stop();
  if (app) await removeFolder(app.dir);
});

async function useSampling(sampling: Sampling): Promise<void> {
  await app.client.call("settings.update", { patch: { sampling } });
}

/** One answer call as the renderer makes it; `onFirstDelta` runs once, when the first piece of text arrived. */
async function answerCall(call: "send" | "continue", params: Record<string, unknown>, onFirstDelta?: () => void, signal?: AbortSignal) {
  const deltas: GenerationDelta[] = [];
  const started: ChatChange[] = [];
  const ended = await app.client.call(`chat.${call}` as "chat.send", params as never, {
    ...(signal && { signal }),
    onProgress: (progress) => {
      if (progress.type === "changed") started.push(progress);
      else if (deltas.push(progress) === 1) onFirstDelta?.();
    },
  });
  const answer = ended.messages.at(-1) as ChatMessage;
  return { ended, answer, started, text: deltas.map((delta) => delta.text).join("") };
}

async function slotIsProcessing(): Promise<boolean> {
  const slots = (await (await fetch(`${server.url}/slots`, { headers: { authorization: `Bearer ${key}` } })).json()) as { is_processing: boolean }[];
  return slots.some((slot) => slot.is_processing);
}

describe("a chat answered by llama-server, through the app contract", () => {
  it("adds the server, announces the list, and lists its model (the connection test)", async () => {
    entry = await app.client.call("remote.add", { name: "GPU box", kind: "openai-compatible", address: server.url, apiKey: key });
    expect(entry).toMatchObject({ name: "GPU box", kind: "openai-compatible", address: server.url, hasKey: true, insecure: true });
    expect(JSON.stringify(entry)).not.toContain(key);
    expect(app.eventsNamed("remote.changed").at(-1)).toEqual({ servers: [entry] });
    expect(await app.client.call("remote.list", {})).toEqual({ servers: [entry] });
    expect(await app.client.call("remote.models", { id: entry.id })).toEqual({ models: [{ id: alias, label: alias }] });
  });

  it("a wrong key fails the connection test with REMOTE_FAILED naming the server, and the key is in no message", async () => {
    const wrong = await app.client.call("remote.add", { name: "Wrong key", kind: "openai-compatible", address: server.url, apiKey: "sk-wrong-key-0000" });
    const error = await rejection(app.client.call("remote.models", { id: wrong.id }));
    expect(error.code).toBe("REMOTE_FAILED");
    expect(error.details).toMatchObject({ failure: "unauthorized", serverId: wrong.id, serverName: "Wrong key", origin: server.url, httpStatus: 401 });
    expect(error.message).toContain("Wrong key");
    expect(error.message).not.toContain("sk-wrong-key-0000");
    await app.client.call("remote.remove", { id: wrong.id });
    expect((await app.client.call("remote.list", {})).servers.map((server) => server.name)).toEqual(["GPU box"]);
  });

  it("a chat set to the server streams its answer there, and records who answered", async () => {
    await useSampling({ maxTokens: 12, seed: 1 });
    const chat = await app.client.call("chat.create", {});
    expect(chat.backend).toEqual({ kind: "local" });
    const summary = await app.client.call("chat.setBackend", { conversationId: chat.id, backend: remote() });
    expect(summary.backend).toEqual({ ...remote(), serverName: "GPU box" });

    const statesBefore = app.eventsNamed("engine.status").length;
    const { answer, started, text } = await answerCall("send", { conversationId: chat.id, text: "Hello there" });
    expect(started[0]?.messages.at(-1)).toMatchObject({ status: "streaming", backend: { ...remote(), serverName: "GPU box" } });
    expect(text.length).toBeGreaterThan(0);
    expect(answer).toMatchObject({ text, status: "complete", modelName: alias, backend: { ...remote(), serverName: "GPU box" } });
    expect(answer.stats?.generatedTokens).toBeGreaterThan(0);
    expect(answer.stats?.generatedTokens).toBeLessThanOrEqual(12);
    expect(answer.stats?.promptTokens).toBeGreaterThan(0);
    // The local engine did not answer: it never went to "generating".
    expect(app.eventsNamed("engine.status").slice(statesBefore).map((status) => status.state)).not.toContain("generating");

    const regenerated = await answerCall("send", { conversationId: chat.id, text: "And again?" });
    expect(regenerated.answer.status).toBe("complete");
    const again = await app.client.call("chat.regenerate", { conversationId: chat.id }, { onProgress: () => undefined });
    expect(again.messages.at(-1)?.alternatives?.map((version) => version.backend?.kind)).toEqual(["remote", "remote"]);
  });

  it("switching a locally answered chat to the server resends its history", async () => {
    await useSampling({ maxTokens: 6, seed: 2 });
    const chat = await app.client.call("chat.create", {});
    const local = await answerCall("send", { conversationId: chat.id, text: "Tell me about the Raspberry Pi 5 and its memory." });
    expect(local.answer).toMatchObject({ status: "complete", backend: { kind: "local" } });
    await app.client.call("chat.setBackend", { conversationId: chat.id, backend: remote() });
    const followUp = await answerCall("send", { conversationId: chat.id, text: "Why?" });

    const fresh = await app.client.call("chat.create", {});
    await app.client.call("chat.setBackend", { conversationId: fresh.id, backend: remote() });
    const alone = await answerCall("send", { conversationId: fresh.id, text: "Why?" });
    // The server read the earlier question and answer too: more prompt tokens than the same question alone.
    expect(followUp.answer.stats?.promptTokens).toBeGreaterThan((alone.answer.stats?.promptTokens ?? 0) + 8);
  });

  it("Stop cancels the remote request: the partial answer is kept and the server's slot is freed", async () => {
    await useSampling({ maxTokens: 2000, seed: 3 });
    const chat = await app.client.call("chat.create", {});
    await app.client.call("chat.setBackend", { conversationId: chat.id, backend: remote() });
    const stop = new AbortController();
    const { answer, text } = await answerCall("send", { conversationId: chat.id, text: "Write a long story." }, () => stop.abort(), stop.signal);
    expect(answer.status).toBe("stopped");
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.text).toBe(text);
    // llama-server stops a task whose client went (server-context.cpp: should_stop), freeing its one slot.
    await expect.poll(() => slotIsProcessing(), { timeout: 20_000 }).toBe(false);

    // The server continues its own stopped answer (the partial text goes as the answer's start), and answers an edit.
    await useSampling({ maxTokens: 6, seed: 5 });
    const continued = await answerCall("continue", { conversationId: chat.id });
    expect(continued.text.length).toBeGreaterThan(0);
    expect(continued.answer).toMatchObject({ text: answer.text + continued.text, status: "complete", backend: { kind: "remote", serverId: entry.id } });
    const [question] = (await app.client.call("chat.get", { conversationId: chat.id })).messages;
    await app.client.call("chat.edit", { conversationId: chat.id, messageId: question?.id ?? "", text: "A short story." }, { onProgress: () => undefined });
    const edited = await app.client.call("chat.get", { conversationId: chat.id });
    expect(edited.messages.map((message) => [message.role, message.status, message.backend?.kind])).toEqual([
      ["user", "complete", undefined],
      ["model", "complete", "remote"],
    ]);
    // The meter can't know the server's context: unknown, and nothing is left out.
    expect(await app.client.call("chat.contextUsage", { conversationId: chat.id })).toMatchObject({ contextSize: null, nextDroppedId: null, droppedMessages: 0 });
  }, 5 * 60_000);

  it("the server killed mid-answer: the partial answer is kept with REMOTE_FAILED; the local model completes it", async () => {
    const chat = await app.client.call("chat.create", {});
    await app.client.call("chat.setBackend", { conversationId: chat.id, backend: remote() });
    const killed = await answerCall("send", { conversationId: chat.id, text: "Write a long story." }, () => server.child.kill("SIGKILL"));
    expect(killed.answer.status).toBe("error");
    expect(killed.answer.text.length).toBeGreaterThan(0);
    expect(killed.answer.text).toBe(killed.text);
    expect(killed.answer.error).toMatchObject({
      code: "REMOTE_FAILED",
      details: { failure: "disconnected", serverId: entry.id, serverName: "GPU box", origin: server.url, receivedChars: killed.text.length },
    });
    // Nothing switched by itself: the chat is still set to the server.
    expect((await app.client.call("chat.get", { conversationId: chat.id })).backend).toMatchObject({ kind: "remote", serverId: entry.id });

    await useSampling({ maxTokens: 8, seed: 4 });
    const continued = await answerCall("continue", { conversationId: chat.id, backend: { kind: "local" } });
    expect(continued.text.length).toBeGreaterThan(0);
    expect(continued.answer.text).toBe(killed.text + continued.text);
    expect(continued.answer).toMatchObject({ status: "complete", backend: { kind: "local" }, quantization: "Q4_0" });
    expect(continued.answer.error).toBeUndefined();
    expect(continued.ended.conversation.backend).toEqual({ kind: "local" });
  }, 5 * 60_000);

  it("a chat set back to the dead server fails with the server named, never answered locally", async () => {
    const chat = await app.client.call("chat.create", {});
    await app.client.call("chat.setBackend", { conversationId: chat.id, backend: remote() });
    const { answer } = await answerCall("send", { conversationId: chat.id, text: "Are you there?" });
    expect(answer).toMatchObject({ status: "error", text: "", error: { code: "REMOTE_FAILED", details: { failure: "unreachable", serverName: "GPU box" } } });
  });

  it("keeps the key out of exports, chat files, the server list and the errors", async () => {
    const chats = await app.client.call("chat.list", {});
    for (const chat of chats) {
      for (const format of ["markdown", "json"] as const) {
        const exported = await app.client.call("chat.export", { conversationId: chat.id, format });
        expect(exported.content).not.toContain(key);
      }
    }
    const files = await app.files();
    expect(files.some((file) => file.file.endsWith("remote-servers.json"))).toBe(true);
    expect(files.filter((file) => file.text.includes(key)).map((file) => file.file)).toEqual([]);
    expect(JSON.stringify(app.events)).not.toContain(key);
  });
});
