/**
 * What a chat set to another computer does when that computer misbehaves or is gone, through the app contract: a
 * hostile server's malformed or endless answer ends in its own REMOTE_FAILED with the part that arrived kept (and the
 * key it echoes in no message), a removed server is named and never replaced by another backend, and a chat's backend
 * survives a restart (chat files from before remote backends read as local). The real servers are in
 * remote-chat.engine.test.ts; these are the servers real ones never are (scripted-server.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/index.ts";
import { defaultRemoteBounds } from "../../electron/node/remote/remote-backend.ts";
import { rejection } from "../support/rejection.ts";
import { startScriptedServer, writeForever, type ScriptedServer } from "./scripted-server.ts";
import { removeFolder, startRemoteApp, type RemoteApp } from "./support/remote-app.ts";

const key = "sk-edge-gemma-hostile-5e07";
/** A chunk as llama-server writes it (server-task.cpp to_json_oaicompat_chat_stream, server-common.cpp format_oai_sse). */
const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }], object: "chat.completion.chunk" })}\n\n`;
const sse = { "content-type": "text/event-stream" };
const bounds = { ...defaultRemoteBounds, maxAnswerBytes: 64 * 1024, idleMs: 2000, answerFirstByteMs: 2000, firstByteMs: 2000 };

let server: ScriptedServer;
let app: RemoteApp;

beforeAll(async () => {
  server = await startScriptedServer();
  server.script("/v1/models", (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "m" }] })));
  app = await startRemoteApp({ remoteBounds: bounds });
});
afterAll(async () => {
  await app?.close();
  await server?.close();
  if (app) await removeFolder(app.dir);
});

async function chatOn(serverId: string) {
  const chat = await app.client.call("chat.create", {});
  await app.client.call("chat.setBackend", { conversationId: chat.id, backend: { kind: "remote", serverId, model: "m" } });
  return chat.id;
}

async function send(conversationId: string, text = "Hi"): Promise<ChatMessage> {
  const ended = await app.client.call("chat.send", { conversationId, text }, { onProgress: () => undefined });
  return ended.messages.at(-1) as ChatMessage;
}

describe("a chat on a hostile or vanished server", () => {
  it("a malformed chunk mid-answer: the part before it is kept, REMOTE_FAILED names the server, the echoed key is blanked", async () => {
    const hostile = await app.client.call("remote.add", { name: "Hostile", kind: "openai-compatible", address: server.url, apiKey: key });
    server.script("/v1/chat/completions", (_request, response) => {
      response.writeHead(200, sse);
      response.end(chunk("Hello") + `data: ${JSON.stringify({ error: { code: 500, message: `key ${key} exhausted`, type: "server_error" } })}\n\n`);
    });
    const answer = await send(await chatOn(hostile.id));
    expect(answer).toMatchObject({ status: "error", text: "Hello", error: { code: "REMOTE_FAILED", details: { failure: "stream-error", serverName: "Hostile", receivedChars: 5 } } });
    expect(answer.error?.message).toContain("•••");
    expect(JSON.stringify(answer)).not.toContain(key);
  });

  it("an endless answer stops at the size bound, keeping what arrived, and the app keeps serving", async () => {
    const [hostile] = (await app.client.call("remote.list", {})).servers;
    server.script("/v1/chat/completions", async (_request, response) => {
      response.writeHead(200, sse);
      await writeForever(response, () => chunk("more "));
    });
    const answer = await send(await chatOn(hostile?.id ?? ""));
    expect(answer).toMatchObject({ status: "error", error: { code: "REMOTE_FAILED", details: { failure: "too-large" } } });
    expect(answer.text.length).toBeGreaterThan(1000);
    expect(answer.text.length).toBeLessThanOrEqual(bounds.maxAnswerBytes);
    expect(await app.client.call("remote.models", { id: hostile?.id ?? "" })).toEqual({ models: [{ id: "m", label: "m" }] });
  });

  it("a removed server is named in the chat's error, and no other backend answers", async () => {
    const gone = await app.client.call("remote.add", { name: "Old desktop", kind: "ollama", address: "http://192.168.1.20:11434", apiKey: key });
    const chatId = await chatOn(gone.id);
    await app.client.call("remote.remove", { id: gone.id });
    const answer = await send(chatId);
    expect(answer).toMatchObject({
      status: "error",
      text: "",
      backend: { kind: "remote", serverId: gone.id, serverName: "Old desktop" },
      error: { code: "REMOTE_FAILED", details: { failure: "server-removed", serverId: gone.id, serverName: "Old desktop" } },
    });
    expect(answer.error?.message).toContain("Old desktop");
    const refused = await rejection(app.client.call("chat.setBackend", { conversationId: chatId, backend: { kind: "remote", serverId: gone.id, model: "m" } }));
    expect(refused.details).toMatchObject({ failure: "server-removed", serverId: gone.id });
    const local = await app.client.call("chat.setBackend", { conversationId: chatId, backend: { kind: "local" } });
    expect(local.backend).toEqual({ kind: "local" });
  });

  it("a chat's backend and each answer's survive a restart; a chat file from before remote backends reads as local", async () => {
    const [hostile] = (await app.client.call("remote.list", {})).servers;
    const chatId = await chatOn(hostile?.id ?? "");
    server.script("/v1/chat/completions", (_request, response) => {
      response.writeHead(200, sse);
      response.end(chunk("Kept") + `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`);
    });
    const answer = await send(chatId);
    expect(answer).toMatchObject({ status: "complete", text: "Kept", modelName: "m" });
    const old = { id: "from-before", title: "Old chat", createdAt: 1, updatedAt: 1, messages: [{ id: "u1", role: "user", text: "Hi", status: "complete", createdAt: 1 }] };
    await mkdir(path.join(app.dir, "chats"), { recursive: true });
    await writeFile(path.join(app.dir, "chats", "from-before.json"), JSON.stringify(old));

    app = await app.restart();
    const reopened = await app.client.call("chat.get", { conversationId: chatId });
    expect(reopened.backend).toEqual({ kind: "remote", serverId: hostile?.id, model: "m", serverName: "Hostile" });
    expect(reopened.messages.at(-1)).toEqual(answer);
    expect((await app.client.call("chat.list", {})).find((chat) => chat.id === "from-before")?.backend).toEqual({ kind: "local" });
    expect((await app.client.call("remote.list", {})).servers.map((entry) => [entry.name, entry.hasKey])).toEqual([["Hostile", true]]);

    // Renamed: the chat set to it follows (announced to every client); its answers keep the name they were given by.
    await app.client.call("remote.update", { id: hostile?.id ?? "", name: "Renamed box" });
    const announced = () => app.eventsNamed("chat.changed").some((change) => change.conversation.id === chatId && change.conversation.backend?.kind === "remote" && change.conversation.backend.serverName === "Renamed box");
    // Saved, then announced: once announced, the chat file is written too.
    await expect.poll(announced).toBe(true);
    expect((await app.client.call("chat.get", { conversationId: chatId })).backend).toMatchObject({ serverName: "Renamed box" });
    expect((await app.client.call("remote.list", {})).servers.map((entry) => [entry.name, entry.hasKey])).toEqual([["Renamed box", true]]);
  });
});
