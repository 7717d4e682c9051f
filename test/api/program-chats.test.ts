// @vitest-environment node
/**
 * "Keep programs' conversations in my chat list" (issue #15): the official ollama client against the API on the real
 * engine, and the desktop's own RPC client watching the chat list. Off (the default) nothing is stored; on, each
 * request becomes one chat holding what the client sent and what it received.
 */
import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContract, type ChatChange, type RpcClient } from "../../electron/common/contract/index.ts";
import { connectWindow, ollamaJsUserAgent, ollamaName, startApiApp, type ApiApp } from "./support/api-app.ts";

let app: ApiApp;
let ollama: Ollama;
let window: RpcClient<AppContract>;
const changes: ChatChange[] = [];

beforeAll(async () => {
  app = await startApiApp();
  ollama = new Ollama({ host: app.server.url });
  window = connectWindow(app);
  window.on("chat.changed", (change) => changes.push(change));
});
afterAll(() => app.close());

const ollamaJs = ollamaJsUserAgent;

async function streamedChat(content: string, numPredict: number): Promise<string> {
  let received = "";
  const stream = await ollama.chat({ model: ollamaName, messages: [{ role: "system", content: "Be brief." }, { role: "user", content }], stream: true, options: { num_predict: numPredict } });
  for await (const part of stream) received += part.message.content;
  return received;
}

describe("programs' conversations in the chat list", () => {
  it("are not stored while the setting is off (the default)", async () => {
    expect((await window.call("settings.get", {})).settings.api.keepChats).toBe(false);
    const received = await streamedChat("Hello there", 6);
    expect(received.length).toBeGreaterThan(0);
    expect(await window.call("chat.list", {})).toEqual([]);
    expect(changes).toEqual([]);
  });

  it("with the setting on, a chat becomes one new chat named after the program, holding the request and the answer the client received", async () => {
    await window.call("settings.update", { patch: { api: { keepChats: true } } });
    const received = await streamedChat("What is a Raspberry Pi?\nTell me briefly.", 8);
    const chats = await window.call("chat.list", {});
    expect(chats).toHaveLength(1);
    expect(chats[0]?.title).toBe(`${ollamaJs} · What is a Raspberry Pi?`);
    expect(chats[0]?.systemPrompt).toBe("Be brief.");
    const chat = await window.call("chat.get", { conversationId: chats[0]?.id ?? "" });
    expect(chat.messages.map(({ role, text, status }) => ({ role, text, status }))).toEqual([
      { role: "user", text: "What is a Raspberry Pi?\nTell me briefly.", status: "complete" },
      { role: "model", text: received, status: "complete" },
    ]);
    expect(chat.messages[1]).toMatchObject({ modelName: ollamaName, stopReason: "maxTokens", stats: { generatedTokens: 8 } });
    // The desktop hears of it as of any new chat.
    expect(changes.map((change) => change.conversation.id)).toEqual([chats[0]?.id]);
  });

  it("keeps an answer the client walked away from, as far as it went, marked as stopped", async () => {
    const stream = await ollama.chat({ model: ollamaName, messages: [{ role: "user", content: "Tell a long story" }], stream: true, options: { num_predict: 400 } });
    let received = "";
    let chunks = 0;
    await expect(
      (async () => {
        for await (const part of stream) {
          received += part.message.content;
          if (++chunks === 2) stream.abort();
        }
      })(),
    ).rejects.toThrow(/abort/i);
    await expect.poll(async () => (await window.call("chat.list", {})).length, { timeout: 30_000 }).toBe(2);
    const [newest] = await window.call("chat.list", {});
    const chat = await window.call("chat.get", { conversationId: newest?.id ?? "" });
    const answer = chat.messages.at(-1);
    expect(answer).toMatchObject({ role: "model", status: "stopped", stopReason: "stopped" });
    expect(answer?.text.startsWith(received)).toBe(true);
  });
});
