import { randomUUID } from "node:crypto";
import {
  AppError,
  type ChatMessage,
  type ChatTurn,
  type Conversation,
  type ConversationSummary,
  type Sampling,
} from "../../contract/index.ts";
import type { EngineSupervisor } from "../inference/supervisor.ts";
import type { ConversationStore } from "./conversation-store.ts";

export interface ChatEvents {
  delta(delta: { conversationId: string; messageId: string; text: string; tokens: number }): void;
  updated(conversation: Conversation): void;
}

export interface ChatServiceDependencies {
  supervisor: EngineSupervisor;
  store: ConversationStore;
  events: ChatEvents;
  /** The sampling settings of the moment (read for every answer, so a change applies to the next one). */
  sampling?: () => Sampling;
  now?: () => number;
  newId?: () => string;
}

const untitled = "New chat";
const titleLength = 60;

/** Owns the conversations: appends messages, streams answers from the engine, keeps partial answers. */
export class ChatService {
  private readonly conversations = new Map<string, Conversation>();
  private readonly generating = new Set<string>();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly deps: ChatServiceDependencies) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? randomUUID;
  }

  async restore(): Promise<void> {
    for (const conversation of await this.deps.store.loadAll()) this.conversations.set(conversation.id, conversation);
  }

  list(): ConversationSummary[] {
    return [...this.conversations.values()]
      .map(({ messages: _messages, ...summary }) => summary)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async create(): Promise<Conversation> {
    const at = this.now();
    const conversation: Conversation = { id: this.newId(), title: untitled, createdAt: at, updatedAt: at, messages: [] };
    this.conversations.set(conversation.id, conversation);
    await this.deps.store.save(conversation);
    return structuredClone(conversation);
  }

  get(conversationId: string): Conversation {
    return structuredClone(this.find(conversationId));
  }

  async send(conversationId: string, text: string): Promise<ChatMessage> {
    const conversation = this.find(conversationId);
    if (this.generating.size > 0) throw new AppError("ENGINE_BUSY", "Wait for the current answer to finish, or stop it");
    const history = toTurns(conversation.messages);
    const user = this.message("user", text, "complete");
    const answer = this.message("model", "", "streaming");
    conversation.messages.push(user, answer);
    if (conversation.title === untitled) conversation.title = titleFrom(text);
    this.generating.add(conversationId);
    try {
      await this.changed(conversation);
      const result = await this.deps.supervisor.prompt({ conversationId, history, text, ...this.samplingNow() }, ({ text: delta, tokens }) => {
        answer.text += delta;
        this.deps.events.delta({ conversationId, messageId: answer.id, text: delta, tokens });
      });
      answer.text = result.text;
      answer.status = result.stopReason === "stopped" ? "stopped" : "complete";
      answer.stats = result.stats;
      const model = this.deps.supervisor.status;
      if (model.state === "ready") answer.modelName = model.model.name;
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError("INTERNAL", String(error));
      answer.status = statusAfter(appError);
      answer.error = appError.toWire();
    } finally {
      this.generating.delete(conversationId);
    }
    await this.changed(conversation);
    return structuredClone(answer);
  }

  async stop(conversationId: string): Promise<boolean> {
    this.find(conversationId);
    if (!this.generating.has(conversationId)) return false;
    return this.deps.supervisor.stop();
  }

  private samplingNow(): { sampling?: Sampling } {
    const sampling = this.deps.sampling?.();
    return sampling ? { sampling } : {};
  }

  private find(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new AppError("NOT_FOUND", `No conversation with id ${conversationId}`);
    return conversation;
  }

  private message(role: ChatMessage["role"], text: string, status: ChatMessage["status"]): ChatMessage {
    return { id: this.newId(), role, text, status, createdAt: this.now() };
  }

  private async changed(conversation: Conversation): Promise<void> {
    conversation.updatedAt = this.now();
    await this.deps.store.save(conversation);
    this.deps.events.updated(structuredClone(conversation));
  }
}

/** What the engine sees of a conversation: every turn with text, partial answers included. */
function toTurns(messages: readonly ChatMessage[]): ChatTurn[] {
  return messages.filter((message) => message.text !== "").map(({ role, text }) => ({ role, text }));
}

function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > titleLength ? `${line.slice(0, titleLength - 1)}…` : line || untitled;
}

function statusAfter(error: AppError): ChatMessage["status"] {
  if (error.code === "ENGINE_CRASHED" || error.code === "OUT_OF_MEMORY") return "crashed";
  if (error.code === "CANCELLED") return "stopped";
  return "error";
}
