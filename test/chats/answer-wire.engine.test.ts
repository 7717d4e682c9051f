// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appContract, createRpcClient, type ChatMessage, type Conversation, type MessageTransport } from "../../electron/common/contract/index.ts";
import { AppBackend } from "../../electron/node/services/app-backend.ts";
import { MemoryConversationStore } from "../../electron/node/services/chat/conversation-store.ts";
import type { SpawnEngine } from "../../electron/node/services/inference/engine-process.ts";
import { spawnTestEngine } from "../support/engine.ts";
import { memoryTransportPair } from "../support/memory-transport.ts";
import { testLoadOptions, tinyModel } from "../support/models.ts";

/** What went over one channel: each message by its kind and event name, and its size as JSON. */
interface Wire {
  names: string[];
  texts: string[];
}

function count(transport: MessageTransport, wire: Wire): void {
  transport.onMessage((message) => {
    const { kind, event } = message as { kind: string; event?: string };
    wire.names.push(event ? `event ${event}` : kind);
    wire.texts.push(JSON.stringify(message));
  });
}

const tally = (wire: Wire) => wire.names.reduce<Record<string, number>>((counts, name) => ({ ...counts, [name]: (counts[name] ?? 0) + 1 }), {});
const bytes = (wire: Wire) => wire.texts.reduce((sum, text) => sum + text.length, 0);

function chatOf(messageCount: number): Conversation {
  const messages: ChatMessage[] = Array.from({ length: messageCount }, (_, index) => ({
    id: `m${index}`,
    role: index % 2 === 0 ? "user" : "model",
    text: index % 2 === 0 ? `Question ${index} about the Raspberry Pi?` : `Answer ${index}: it has four Cortex-A76 cores and LPDDR4X memory.`,
    status: "complete",
    createdAt: 1_700_000_000_000 + index,
  }));
  return { id: "long-chat", title: "A long chat", createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000, messages };
}

let backend: AppBackend;
const fromEngine: Wire = { names: [], texts: [] };
const toRenderer: Wire = { names: [], texts: [] };

beforeAll(async () => {
  const spawn = spawnTestEngine();
  const countingSpawn: SpawnEngine = () => {
    const engine = spawn();
    count(engine.transport, fromEngine);
    return engine;
  };
  backend = new AppBackend({
    spawnEngine: countingSpawn,
    loadOptions: testLoadOptions,
    conversationStore: new MemoryConversationStore([chatOf(200), chatOf(2)].map((chat, index) => ({ ...chat, id: `chat-${index}` }))),
    devicePollMs: 0,
  });
  await backend.start();
  await backend.supervisor.loadModel(await tinyModel("q4_0"));
  await backend.settings.update({ patch: { sampling: { maxTokens: 16, seed: 5 } } });
});
afterAll(() => backend.dispose());

/** Sends one message the way the renderer does, counting what reaches the renderer and what the engine sent meanwhile. */
async function oneAnswer(conversationId: string) {
  const [rendererEnd, mainEnd] = memoryTransportPair();
  const disconnect = backend.connect(mainEnd);
  const client = createRpcClient(rendererEnd, appContract);
  await client.call("chat.open", { conversationId });
  count(rendererEnd, toRenderer);
  for (const wire of [fromEngine, toRenderer]) Object.assign(wire, { names: [], texts: [] });
  const ended = await client.call("chat.send", { conversationId, text: "How fast is it?" }, { onProgress: () => undefined });
  // Anything main would still send about this answer arrives within a few turns of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  disconnect();
  const answer = ended.messages.at(-1);
  return { answer, engine: tally(fromEngine), renderer: tally(toRenderer), rendererBytes: bytes(toRenderer), texts: toRenderer.texts };
}

describe("the messages of one answer", () => {
  it("cost the same on a 200-message chat as on a 2-message one: what changed, one message per piece of text", async () => {
    const long = await oneAnswer("chat-0");
    const short = await oneAnswer("chat-1");
    for (const { answer, engine, renderer, texts } of [long, short]) {
      expect(answer?.status).toBe("complete");
      const pieces = engine.progress ?? 0;
      expect(pieces).toBeGreaterThan(1);
      expect(engine.response).toBe(1);
      // The start (the question and the empty answer), each piece of text, the end; and the engine's two states.
      expect(renderer).toEqual({ progress: 1 + pieces, response: 1, "event engine.status": 2 });
      // No message carries the chat's earlier messages.
      expect(texts.filter((text) => text.includes("about the Raspberry Pi?") || text.includes("LPDDR4X"))).toEqual([]);
    }
    expect(long.rendererBytes).toBeLessThan(short.rendererBytes * 1.5);
  });
});
