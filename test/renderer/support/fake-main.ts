import { appContract, type AppContract } from "../../../electron/common/contract/app-contract.ts";
import type { AnswerProgress, ChatBackend, ChatBackendChoice, ChatChange, ChatLoadProblem, ChatMessage, ContextUsage, Conversation } from "../../../electron/common/contract/app/chat.ts";
import type { MemoryAdvice, ModelsFolder } from "../../../electron/common/contract/app/models-folder.ts";
import type { Preset } from "../../../electron/common/contract/app/presets.ts";
import { builtInPresets } from "../../../electron/node/services/settings/built-in-presets.ts";
import type { EngineStatus } from "../../../electron/common/contract/app/engine.ts";
import type { ApiActivity } from "../../../electron/common/contract/app/api-activity.ts";
import type { GenerationStats, ModelInfo } from "../../../electron/common/contract/chat-types.ts";
import { AppError, type WireError } from "../../../electron/common/contract/errors.ts";
import type { EventName, PayloadOf } from "../../../electron/common/rpc/rpc-envelope.ts";
import { serveRpc, type Handlers, type RequestContext } from "../../../electron/common/rpc/rpc-server.ts";
import { createAppClient, type AppClient } from "../../../renderer/src/api/client.ts";
import { unknownDevice } from "../library-fixtures.ts";
import { messagePage, openedChat } from "../../../electron/node/services/chat/chat-pages.ts";
import { chatActionHandlers } from "./fake-chat-actions.ts";
import { createTransportPair } from "./memory-transport.ts";
import { FakeRemote, remoteHandlers } from "./fake-remote.ts";
import { FakeSettings, settingsHandlers } from "./fake-settings.ts";
import { FakeApiAccess } from "./fake-api-access.ts";

export const sampleStats: GenerationStats = {
  totalMs: 8200,
  loadMs: 0,
  promptTokens: 12,
  promptMs: 400,
  promptTokensPerSecond: 30,
  generatedTokens: 42,
  generationMs: 7300,
  tokensPerSecond: 5.71,
  timeToFirstTokenMs: 812,
};

export function modelAt(path: string): ModelInfo {
  const name = path.split("/").pop()?.replace(/\.gguf$/, "") ?? path;
  return { path, name, architecture: "gemma2", sizeBytes: 1_630_000_000, contextSize: 4096, trainContextSize: 8192, loadMs: 900 };
}

/** Methods the renderer tests do not exercise yet. */
export function notFaked(): never {
  throw new AppError("UNAVAILABLE", "Not faked in the renderer tests");
}

export interface Answer {
  conversation: Conversation;
  message: ChatMessage;
  progress: (progress: AnswerProgress) => void;
  resolve: (ended: ChatChange) => void;
}

const summaryOf = ({ messages: _messages, ...summary }: Conversation) => structuredClone(summary);

/**
 * An in-memory "main process" serving the real app contract through the real RPC layer, so the
 * renderer's client, store and components are exercised end to end. Tests steer it: set what the
 * file dialog returns, make loading fail, stream an answer's text and finish it.
 */
export class FakeMain {
  readonly client: AppClient;
  readonly calls: { method: string; params: unknown }[] = [];
  readonly conversations = new Map<string, Conversation>();
  status: EngineStatus = { state: "no-model" };
  dialogPath: string | null = "/models/gemma-2-2b-it-Q4_0.gguf";
  loadError: AppError | undefined;
  /** What `chat.state` answers: the chat to reopen, chat files that could not be read. */
  lastOpenId: string | null = null;
  problems: ChatLoadProblem[] = [];
  readonly settings: FakeSettings = new FakeSettings({
    emit: (event, payload) => {
      this.emit(event, payload);
      this.apiAccess.follow(payload.settings);
    },
  });
  readonly apiAccess: FakeApiAccess = new FakeApiAccess(this, this.settings.value);
  readonly remote = new FakeRemote(this);
  answer: Answer | undefined;
  /** The chats whose answer call the renderer cancelled (Stop). */
  readonly cancelled: string[] = [];
  /** The built-in presets as main makes them, then the user's. */
  presets: Preset[] = builtInPresets("en");
  modelsFolder: ModelsFolder = { path: "/home/pi/.config/Edge Gemma/models", usedBytes: 0, freeDiskBytes: null, canOpen: false };
  /** What `api.getActivity` answers: a program using the model, or none. */
  apiActivity: ApiActivity = { program: null };
  memoryAdvice: MemoryAdvice = { modelId: null, contextSize: null, smallerModelId: null, smallerVariantId: null };
  /** What `chat.contextUsage` answers (the tests set the figures they show). */
  usage: Omit<ContextUsage, "nextDroppedId"> & { nextDroppedId?: string | null } = {
    usedTokens: 0,
    contextSize: 4096,
    reservedTokens: 1024,
    droppedMessages: 0,
    overflow: "drop-oldest",
  };
  private nextId = 1;
  private readonly server;

  /** `overrides` replaces handlers, e.g. the library's, for tests that fake them. */
  constructor(overrides: Partial<Handlers<AppContract>> = {}) {
    const [rendererSide, mainSide] = createTransportPair();
    this.server = serveRpc(mainSide, appContract, this.recorded({ ...this.handlers(), ...overrides }));
    this.client = createAppClient(rendererSide);
  }

  /** Any event, as main would send it. */
  emit<E extends EventName<AppContract>>(event: E, payload: PayloadOf<AppContract, E>): void {
    this.server.emit(event, payload);
  }

  setStatus(status: EngineStatus): void {
    this.status = status;
    this.server.emit("engine.status", status);
  }

  addConversation(title: string, messages: ChatMessage[] = [], updatedAt = 1000): Conversation {
    const conversation: Conversation = { id: `c${this.nextId++}`, title, createdAt: updatedAt, updatedAt, messages };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** The oldest message with text is what leaves the context next, unless the test says otherwise. */
  contextUsage(conversation: Conversation): ContextUsage {
    const oldest = conversation.messages.find((message) => message.text !== "")?.id ?? null;
    return { ...this.usage, nextDroppedId: this.usage.nextDroppedId === undefined ? oldest : this.usage.nextDroppedId };
  }

  /** The id of the answer being streamed. */
  get answering(): string | undefined {
    return this.answer?.message.id;
  }

  /** A piece of the answer's text, as progress of the call that asked for it. */
  delta(text: string): void {
    const answer = this.mustAnswer();
    answer.message.text += text;
    answer.progress({ type: "delta", text, tokens: 1 });
  }

  /** Ends the answer: the call resolves with the change it ends with (summary and the finished answer). */
  finish(status: ChatMessage["status"] = "complete", stats: GenerationStats | undefined = sampleStats): void {
    const { conversation, message, resolve } = this.mustAnswer();
    this.answer = undefined;
    message.status = status;
    if (stats && status === "complete") message.stats = stats;
    if (message.alternatives && message.selectedAlternative !== undefined) {
      const { id: _id, role: _role, alternatives: _a, selectedAlternative: _s, ...version } = message;
      message.alternatives[message.selectedAlternative] = structuredClone(version);
    }
    conversation.updatedAt += 1;
    resolve({ conversation: summaryOf(conversation), messages: [structuredClone(message)] });
  }

  /** A backend as main records it: a server's name beside its id. */
  recordedBackend(backend: ChatBackendChoice): ChatBackend {
    return backend.kind === "local" ? backend : { ...backend, serverName: this.remote.find(backend.serverId).name };
  }

  /** Ends the answer as failed (another computer stopped answering): the text so far stays, with the error. */
  fail(error: WireError): void {
    const { conversation, message, resolve } = this.mustAnswer();
    this.answer = undefined;
    Object.assign(message, { status: "error", error });
    conversation.updatedAt += 1;
    resolve({ conversation: summaryOf(conversation), messages: [structuredClone(message)] });
  }

  methodsCalled(): string[] {
    return this.calls.map((call) => call.method);
  }

  newId(prefix = "m"): string {
    return `${prefix}${this.nextId++}`;
  }

  /**
   * Starts streaming into `message` (the last of `conversation`) until `finish()`, announcing the start (with the
   * other messages it `changed` and those it `removedIds`) as the call's progress; cancelling the call stops it.
   */
  startAnswer(
    conversation: Conversation,
    message: ChatMessage,
    { signal, progress }: RequestContext<AnswerProgress>,
    changed: ChatMessage[] = [],
    removedIds: string[] = [],
  ): Promise<ChatChange> {
    conversation.updatedAt += 1;
    const messages = structuredClone([...changed, message]);
    progress({ type: "changed", conversation: summaryOf(conversation), messages, ...(removedIds.length > 0 && { removedIds }) });
    signal.addEventListener("abort", () => {
      this.cancelled.push(conversation.id);
      if (this.answer?.message === message) this.finish("stopped");
    });
    return new Promise<ChatChange>((resolve) => (this.answer = { conversation, message, progress, resolve }));
  }

  private mustAnswer(): Answer {
    if (!this.answer) throw new Error("no answer is being generated");
    return this.answer;
  }

  /** Announces a changed chat (as if every message had changed: main sends only those that did). */
  updated(conversation: Conversation): void {
    conversation.updatedAt += 1;
    this.server.emit("chat.changed", { conversation: summaryOf(conversation), messages: structuredClone(conversation.messages) });
  }

  find(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new AppError("NOT_FOUND", `No conversation ${conversationId}`);
    return conversation;
  }

  private recorded(handlers: Handlers<AppContract>): Handlers<AppContract> {
    const wrapped: Record<string, (params: unknown, context: unknown) => unknown> = {};
    for (const [method, handler] of Object.entries(handlers)) {
      wrapped[method] = (params, context) => {
        this.calls.push({ method, params });
        return (handler as (p: unknown, c: unknown) => unknown)(params, context);
      };
    }
    return wrapped as Handlers<AppContract>;
  }

  private handlers(): Handlers<AppContract> {
    return {
      "engine.getStatus": () => this.status,
      "api.getActivity": () => this.apiActivity,
      "engine.loadModel": ({ path }) => {
        if (this.loadError) throw this.loadError;
        const model = modelAt(path);
        this.setStatus({ state: "ready", model });
        return model;
      },
      "engine.unload": () => (this.setStatus({ state: "no-model" }), {}),
      "dialog.openModelFile": () => ({ path: this.dialogPath }),
      "chat.list": () => [...this.conversations.values()].map(({ messages: _m, ...summary }) => summary),
      "chat.create": () => structuredClone(this.addConversation("New chat", [], 5000 + this.nextId)),
      // Main's own paging (pure functions), so the renderer meets the pages it will get.
      "chat.get": ({ conversationId }) => structuredClone(openedChat(this.find(conversationId))),
      "chat.messages": ({ conversationId, page }) => structuredClone(messagePage(this.find(conversationId), page)),
      "chat.send": ({ conversationId, text }, context) => {
        const conversation = this.find(conversationId);
        const at = 2000 + this.nextId;
        const user: ChatMessage = { id: `m${this.nextId++}`, role: "user", text, status: "complete", createdAt: at };
        const message: ChatMessage = { id: `m${this.nextId++}`, role: "model", text: "", status: "streaming", createdAt: at, ...(conversation.backend && { backend: conversation.backend }) };
        conversation.messages.push(user, message);
        if (conversation.title === "New chat") conversation.title = text.split("\n")[0] ?? text; // As main does.
        return this.startAnswer(conversation, message, context, [user]);
      },
      ...chatActionHandlers(this),
      ...settingsHandlers(this.settings),
      ...remoteHandlers(this.remote),
      ...this.apiAccess.handlers(),
      // An empty library on a machine that is not a Pi (test/renderer/support/fake-library.ts fakes a real one).
      "library.catalog": () => ({ termsUrl: "https://ai.google.dev/gemma/terms", items: [], recommendedId: null, explanation: null, totalRamBytes: 8 * 1024 ** 3, availableRamBytes: null }),
      "library.installed": () => ({ models: [], modelsFolderBytes: 0, freeDiskBytes: null, activeId: null }),
      "library.checkOnline": notFaked,
      "library.found": () => ({ models: [] }),
      "library.useFound": notFaked,
      "library.delete": notFaked,
      "library.setActive": notFaked,
      "library.import": notFaked,
      "downloads.list": () => ({ jobs: [] }),
      "downloads.start": notFaked,
      "downloads.pause": notFaked,
      "downloads.resume": notFaked,
      "downloads.cancel": notFaked,
      "device.info": () => unknownDevice,
      "library.modelsFolder": () => this.modelsFolder,
      "library.openModelsFolder": () => {
        if (!this.modelsFolder.canOpen) throw new AppError("UNAVAILABLE", "The file manager can only be opened by the desktop app");
        return { opened: true };
      },
      "library.memoryAdvice": () => this.memoryAdvice,
      "presets.list": () => structuredClone(this.presets),
      "presets.save": ({ preset }) => {
        const saved: Preset = { ...preset, id: preset.id ?? this.newId("p"), builtIn: false };
        this.presets = [...this.presets.filter((p) => p.id !== saved.id), saved];
        this.emit("presets.changed", structuredClone(this.presets));
        return saved;
      },
      "presets.delete": ({ id }) => {
        const before = this.presets.length;
        this.presets = this.presets.filter((p) => p.id !== id || p.builtIn);
        this.emit("presets.changed", structuredClone(this.presets));
        return { deleted: this.presets.length < before };
      },
    };
  }
}
