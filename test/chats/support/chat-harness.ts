import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Conversation, EngineStatus, GenerationRequest, GenerationResult, ModelInfo, Sampling } from "../../../electron/common/contract/index.ts";
import type { ChatEngine } from "../../../electron/node/services/chat/chat-dependencies.ts";
import { applyChatChange } from "../../../electron/common/chat-change.ts";
import type { ChatServiceDependencies } from "../../../electron/node/services/chat/chat-dependencies.ts";
import { FileChatStateStore, FileConversationStore } from "../../../electron/node/services/chat/file-conversation-store.ts";
import type { GenerateOptions } from "../../../electron/node/services/inference/supervisor.ts";
import { ClientChats } from "./client-chats.ts";

export async function temporaryFolder(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `edge-gemma-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Wraps an engine (the real supervisor or a fake) and records every request it is given. */
export function recordingEngine(inner: ChatEngine): ChatEngine & { prompts: GenerationRequest[] } {
  const prompts: GenerationRequest[] = [];
  return {
    prompts,
    get status() {
      return inner.status;
    },
    generate: (request, options) => {
      prompts.push(structuredClone(request));
      return inner.generate(request, options);
    },
  };
}

export interface ChatHarnessOptions {
  dir: string;
  engine: ChatEngine;
  sampling?: () => Sampling | undefined;
  defaultSystemPrompt?: () => string;
  now?: () => number;
  newId?: () => string;
  /** Called after every delta is recorded (to stop an answer once it has started, say). */
  onDelta?: (conversationId: string) => void;
  /** Presets, the overflow choice, the chat's model… */
  more?: Pick<ChatServiceDependencies, "findPreset" | "contextOverflow" | "configuredContextSize" | "useModel">;
}

/**
 * A ChatService on a real chat folder, with what the UI would hold: every chat as the `chat.changed` events built
 * it up (from empty: the harness's chats are new) and the deltas of every answer. `reopen()` reads everything back
 * from disk as a restart would.
 */
export function chatHarness(options: ChatHarnessOptions) {
  const shown = new Map<string, Conversation>();
  const deltas = new Map<string, string[]>();
  const deleted: string[] = [];
  const store = new FileConversationStore(path.join(options.dir, "chats"));
  const state = new FileChatStateStore(path.join(options.dir, "chat-state.json"));
  const chats = new ClientChats(
    {
      supervisor: options.engine,
      store,
      state,
      events: {
        changed: (change) => shown.set(change.conversation.id, applyChatChange(shown.get(change.conversation.id), change)),
        deleted: (conversationId) => deleted.push(conversationId),
      },
      ...(options.sampling && { sampling: options.sampling }),
      ...(options.defaultSystemPrompt && { defaultSystemPrompt: options.defaultSystemPrompt }),
      ...(options.now && { now: options.now }),
      ...(options.newId && { newId: options.newId }),
      ...options.more,
    },
    (conversationId, delta) => {
      // The answer streaming is the chat's last message, as its start announced.
      const messageId = shown.get(conversationId)?.messages.at(-1)?.id ?? "";
      deltas.set(messageId, [...(deltas.get(messageId) ?? []), delta.text]);
      options.onDelta?.(conversationId);
    },
  );
  return {
    chats,
    store,
    shown,
    deleted,
    /** The text streamed into a message since the last `clearDeltas`. */
    streamed: (messageId: string) => (deltas.get(messageId) ?? []).join(""),
    clearDeltas: () => deltas.clear(),
    async reopen(): Promise<ClientChats> {
      await store.flushed();
      const again = chatHarness(options).chats;
      await again.restore();
      return again;
    },
  };
}

export const fakeModel: ModelInfo = {
  path: "/models/gemma-2-2b-it-Q4_0.gguf",
  name: "Gemma 2 2B",
  architecture: "gemma2",
  sizeBytes: 1_630_000_000,
  quantization: "Q4_0",
  contextSize: 4096,
  trainContextSize: 8192,
  loadMs: 900,
};

export const fakeStats = {
  totalMs: 1000,
  loadMs: 900,
  promptTokens: 10,
  promptMs: 200,
  promptTokensPerSecond: 50,
  generatedTokens: 5,
  generationMs: 800,
  tokensPerSecond: 5,
  timeToFirstTokenMs: 200,
};

/** An engine that answers "answer N" (streamed in two deltas, after any response prefix) without a model; the context size is settable. */
export function scriptedEngine(model: ModelInfo = fakeModel) {
  let answers = 0;
  const engine = {
    status: { state: "ready", model } as EngineStatus,
    generate: async (_request: GenerationRequest, { onDelta }: GenerateOptions): Promise<GenerationResult> => {
      const text = `answer ${++answers}`;
      onDelta?.({ text: text.slice(0, 3), tokens: 1 });
      onDelta?.({ text: text.slice(3), tokens: 1 });
      return { stopReason: "end", stats: fakeStats };
    },
  };
  return engine satisfies ChatEngine;
}

/** Ids and a clock that count up, so saved chats are predictable. */
export function countingIds(prefix = "id"): () => string {
  let next = 1;
  return () => `${prefix}-${next++}`;
}

export function tickingClock(start = Date.UTC(2025, 0, 2, 3, 4, 5), step = 1000): () => number {
  let now = start - step;
  return () => (now += step);
}
