import {
  AppError,
  toAppError,
  type ChatBackend,
  type ChatMessage,
  type ChatTurn,
  type Conversation,
  type ContextUsage,
  type GenerationRequest,
  type Sampling,
} from "../../../common/contract/index.ts";
import type { AnswerObserver, ChatEngine, GenerateAnswer } from "./chat-dependencies.ts";
import { answerSettingsFor, type AnswerSettingsSources, type ContextOverflow } from "./answer-settings.ts";
import { contextFill, contextStart } from "./context-window.ts";
import { combineStats, syncSelectedVersion } from "./message-versions.ts";

export interface AnswerRunnerDependencies {
  engine: ChatEngine;
  /** Who generates an answer for the chat's backend: the engine for a local chat, a server the user added for a remote one. */
  generatorFor(backend: ChatBackend): Promise<GenerateAnswer>;
  /** Read for every answer, so a change applies to the next one. */
  settings: AnswerSettingsSources;
  /** The context size in Settings, for the meter before a model is loaded (undefined: "auto"). */
  configuredContextSize: () => number | undefined;
  /** Runs before every local prompt (loads the chat's model; the keep-alive reloads a model it unloaded). */
  beforePrompt: (conversation: Conversation) => Promise<void>;
  /** Saves the conversation and announces what changed: to the observer when it takes changes, else to every client. */
  changed(conversation: Conversation, change: ChangedMessages, observer: AnswerObserver, phase: "start" | "end"): Promise<void>;
}

/** The messages a change carries (added or replaced) and those it removes. */
export interface ChangedMessages {
  messages: ChatMessage[];
  removedIds?: string[];
}

export interface RunOptions {
  /** Appends to the answer's text instead of starting it anew. */
  continuing?: boolean;
  observer?: AnswerObserver;
  /** What the answer starts with besides itself: the user's new or edited message, the messages an edit dropped. */
  started?: ChangedMessages;
}

/**
 * Generates the last answer of a conversation: a new one, a new version or the rest of a stopped one.
 * The engine gets the turns before the user message as history (the versions shown, partial answers
 * included, the oldest left out when the context would overflow) and the user message as the prompt.
 */
export class AnswerRunner {
  /** The chat being answered, from the answer's first save to its last: main's one record of "generating". */
  private current: { conversationId: string } | undefined;
  private knownContextSize: number | undefined;

  constructor(private readonly deps: AnswerRunnerDependencies) {}

  isGenerating(conversationId: string): boolean {
    return this.current?.conversationId === conversationId;
  }

  /** The engine answers one prompt at a time, whichever chat it is for. */
  assertIdle(): void {
    if (this.current) throw new AppError("ENGINE_BUSY", "Wait for the current answer to finish, or stop it");
  }

  /**
   * `answer` is the last message and follows the user message it replies to. Never throws: failures end up in the
   * answer. Stop is the abort of the observer's signal.
   */
  async run(conversation: Conversation, answer: ChatMessage, options: RunOptions = {}): Promise<ChatMessage> {
    const conversationId = conversation.id;
    const userIndex = conversation.messages.length - 2;
    const user = conversation.messages[userIndex];
    if (user?.role !== "user" || conversation.messages[userIndex + 1] !== answer) throw new AppError("INTERNAL", "No user message before the answer");
    const responsePrefix = options.continuing ? answer.text : undefined;
    const statsBefore = options.continuing ? answer.stats : undefined;
    const observer = options.observer ?? {};
    const backend = conversation.backend ?? localBackend;
    answer.status = "streaming";
    answer.backend = structuredClone(backend);
    delete answer.error;
    this.current = { conversationId };
    try {
      const started = options.started ?? { messages: [] };
      await this.deps.changed(conversation, { ...started, messages: [...started.messages, answer] }, observer, "start");
      if (backend.kind === "local") await this.deps.beforePrompt(conversation);
      const generate = await this.deps.generatorFor(backend);
      const { sampling, systemPrompt, overflow } = answerSettingsFor(conversation, this.deps.settings);
      const newText = user.text + (responsePrefix ?? "");
      // A remote server's context is its own: it gets the whole history (from where the chat's context starts).
      const history = this.historyFor(conversation, userIndex, { systemPrompt, sampling, overflow, newText }, backend.kind === "local");
      const request: GenerationRequest = {
        history,
        text: user.text,
        ...(systemPrompt !== undefined && { systemPrompt }),
        ...(sampling && { sampling }),
        ...(responsePrefix && { responsePrefix }),
      };
      const result = await generate(request, {
        ...(observer.signal && { signal: observer.signal }),
        onDelta: (delta) => {
          answer.text += delta.text;
          observer.onDelta?.(delta);
        },
      });
      answer.status = result.stopReason === "stopped" ? "stopped" : "complete";
      answer.stopReason = result.stopReason;
      answer.stats = combineStats(statsBefore, result.stats);
      if (sampling) answer.sampling = sampling;
      this.recordBackend(answer, backend);
    } catch (error) {
      const appError = toAppError(error);
      answer.status = statusAfter(appError);
      answer.error = appError.toWire();
    } finally {
      this.current = undefined;
    }
    syncSelectedVersion(answer);
    await this.deps.changed(conversation, { messages: [answer] }, observer, "end");
    return structuredClone(answer);
  }

  /** The context meter: what the chat holds of the context now, and the message that leaves it next. */
  usage(conversation: Conversation): ContextUsage {
    const { sampling, systemPrompt, overflow } = answerSettingsFor(conversation, this.deps.settings);
    // A chat answered by another computer lives in that server's context, which it doesn't tell: unknown, nothing dropped.
    const remote = conversation.backend?.kind === "remote";
    const contextSize = remote ? null : (this.contextSize() ?? this.deps.configuredContextSize() ?? null);
    const earlier = conversation.messages;
    const currentStart = this.currentStart(conversation, earlier.length);
    const maxTokens = sampling?.maxTokens ?? Math.floor((contextSize ?? 0) / 4);
    const fill = contextFill({ earlier, currentStart, systemPrompt, contextSize: contextSize ?? 0, maxTokens });
    const next = earlier.slice(fill.start).find((message) => message.text !== "");
    return {
      usedTokens: fill.usedTokens,
      contextSize,
      reservedTokens: contextSize === null ? 0 : fill.reservedTokens,
      nextDroppedId: overflow === "drop-oldest" && next && !remote ? next.id : null,
      droppedMessages: fill.start,
      overflow,
    };
  }

  /** The turns before the user message, leaving out the oldest when they would overflow the context. */
  private historyFor(
    conversation: Conversation,
    userIndex: number,
    request: { systemPrompt: string | undefined; sampling: Sampling | undefined; overflow: ContextOverflow; newText: string },
    local: boolean,
  ): ChatTurn[] {
    const earlier = conversation.messages.slice(0, userIndex);
    const contextSize = local ? this.contextSize() : undefined;
    if (contextSize === undefined) return toTurns(earlier.slice(this.currentStart(conversation, userIndex)));
    const start = contextStart({
      earlier,
      currentStart: this.currentStart(conversation, userIndex),
      systemPrompt: request.systemPrompt,
      newText: request.newText,
      contextSize,
      maxTokens: request.sampling?.maxTokens ?? Math.floor(contextSize / 4),
    });
    if (request.overflow === "stop" && start > this.currentStart(conversation, userIndex)) {
      throw new AppError(
        "CONTEXT_FULL",
        `This chat no longer fits in the model's context (${contextSize} tokens). Start a new chat, or let the oldest messages be left out (Settings → Chats).`,
      );
    }
    if (start > 0) conversation.contextStartId = (earlier[start] ?? conversation.messages[userIndex])?.id;
    return toTurns(earlier.slice(start));
  }

  /** Where the history started last time; a start message that was edited away counts as none. */
  private currentStart(conversation: Conversation, userIndex: number): number {
    const startId = conversation.contextStartId;
    if (startId === undefined) return 0;
    const index = conversation.messages.findIndex((message) => message.id === startId);
    if (index === -1 || index > userIndex) {
      delete conversation.contextStartId;
      return 0;
    }
    return index;
  }

  private contextSize(): number | undefined {
    const status = this.deps.engine.status;
    if (status.state === "ready" || status.state === "generating") this.knownContextSize = status.model.contextSize;
    return this.knownContextSize;
  }

  /** What generated the answer: the server and its model, or the local engine's loaded model. */
  private recordBackend(answer: ChatMessage, backend: ChatBackend): void {
    if (backend.kind === "remote") {
      answer.modelName = backend.model;
      delete answer.quantization;
      return;
    }
    const status = this.deps.engine.status;
    if (status.state !== "ready" && status.state !== "generating") return;
    answer.modelName = status.model.name;
    if (status.model.quantization) answer.quantization = status.model.quantization;
    else delete answer.quantization;
  }
}

const localBackend: ChatBackend = { kind: "local" };

/** What the engine sees of a conversation: every turn with text, partial answers included. */
export function toTurns(messages: readonly ChatMessage[]): ChatTurn[] {
  return messages.filter((message) => message.text !== "").map(({ role, text }) => ({ role, text }));
}

function statusAfter(error: AppError): ChatMessage["status"] {
  if (error.code === "ENGINE_CRASHED" || error.code === "OUT_OF_MEMORY") return "crashed";
  if (error.code === "CANCELLED") return "stopped";
  return "error";
}
