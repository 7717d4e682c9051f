import {
  AppError,
  type ChatChange,
  type ChatLoadProblem,
  type ChatMessage,
  type Conversation,
  type ConversationSummary,
  type OpenedChat,
} from "../../../common/contract/index.ts";
import type { ChangedMessages } from "./answer-runner.ts";
import type { AnswerObserver, ChatEvents } from "./chat-dependencies.ts";
import { openedChat } from "./chat-pages.ts";
import type { ChatStateStore, ConversationStore } from "./conversation-store.ts";
import { settleInterruptedAnswers, summaryOf, untitled } from "./conversation-fields.ts";

export interface ChatCollectionDependencies {
  store: ConversationStore;
  state: ChatStateStore;
  events: ChatEvents;
  now: () => number;
  newId: () => string;
  /** Whether a chat is being answered (AnswerRunner owns that): its settings wait, and it cannot be deleted. */
  isAnswering: (conversationId: string) => boolean;
}

/**
 * The chats in memory, their one owner: loads and adds them, remembers the one open and the one deleted last, and
 * saves and announces every change.
 */
export class ChatCollection {
  private readonly conversations = new Map<string, Conversation>();
  private problems: ChatLoadProblem[] = [];
  private lastOpenId: string | null = null;
  /** The one deleted chat that `restoreDeleted` can bring back (until the next delete or the app quits). */
  private deleted: Conversation | undefined;

  constructor(private readonly deps: ChatCollectionDependencies) {}

  /** Loads the saved chats (startup). */
  async load(): Promise<void> {
    const { conversations, problems } = await this.deps.store.loadAll();
    for (const conversation of conversations) {
      // Chat files from before remote backends: the local engine answers them.
      conversation.backend ??= { kind: "local" };
      this.conversations.set(conversation.id, settleInterruptedAnswers(conversation));
    }
    this.problems = problems;
    const lastOpen = await this.deps.state.loadLastOpen();
    this.lastOpenId = lastOpen !== null && this.conversations.has(lastOpen) ? lastOpen : null;
  }

  startupState(): { lastOpenId: string | null; problems: ChatLoadProblem[] } {
    return { lastOpenId: this.lastOpenId, problems: structuredClone(this.problems) };
  }

  all(): Iterable<Conversation> {
    return this.conversations.values();
  }

  list(): ConversationSummary[] {
    return [...this.conversations.values()].map(summaryOf).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  find(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new AppError("NOT_FOUND", `No conversation with id ${conversationId}`);
    return conversation;
  }

  /** A chat whose settings can change: not while it is being answered. */
  findIdle(conversationId: string): Conversation {
    const conversation = this.find(conversationId);
    if (this.deps.isAnswering(conversationId)) throw new AppError("ENGINE_BUSY", "Wait for the current answer to finish, or stop it");
    return conversation;
  }

  async create(): Promise<Conversation> {
    const at = this.deps.now();
    const conversation: Conversation = { id: this.deps.newId(), title: untitled, createdAt: at, updatedAt: at, messages: [], backend: { kind: "local" } };
    this.conversations.set(conversation.id, conversation);
    await this.deps.store.save(conversation);
    return structuredClone(conversation);
  }

  /** A finished conversation from elsewhere (a program's API request, api-chat-record.ts): a new chat, saved and announced. */
  async addFinished(chat: { title: string; systemPrompt: string; messages: Omit<ChatMessage, "id">[] }): Promise<ConversationSummary> {
    const at = this.deps.now();
    const messages = chat.messages.map((message) => ({ ...message, id: this.deps.newId() }));
    const conversation: Conversation = { id: this.deps.newId(), title: chat.title.slice(0, 500), createdAt: at, updatedAt: at, systemPrompt: chat.systemPrompt, messages, backend: { kind: "local" } };
    this.conversations.set(conversation.id, conversation);
    await this.deps.store.save(conversation);
    this.deps.events.changed({ conversation: summaryOf(conversation), messages: structuredClone(messages) });
    return summaryOf(conversation);
  }

  /** The chat with its newest page, remembered as the one to reopen after a restart. */
  async open(conversationId: string): Promise<OpenedChat> {
    const conversation = structuredClone(openedChat(this.find(conversationId)));
    if (this.lastOpenId !== conversationId) {
      this.lastOpenId = conversationId;
      await this.deps.state.saveLastOpen(conversationId);
    }
    return conversation;
  }

  /** Removes the chat (file included); it stays restorable in memory until the next delete or the app quits. */
  async delete(conversationId: string): Promise<{ restorable: boolean }> {
    const conversation = this.find(conversationId);
    if (this.deps.isAnswering(conversationId)) throw new AppError("ENGINE_BUSY", "Stop the answer before deleting this chat");
    this.deleted = conversation;
    this.conversations.delete(conversationId);
    await this.deps.store.remove(conversationId);
    if (this.lastOpenId === conversationId) {
      this.lastOpenId = null;
      await this.deps.state.saveLastOpen(null);
    }
    this.deps.events.deleted?.(conversationId);
    return { restorable: true };
  }

  async restoreDeleted(conversationId: string): Promise<Conversation> {
    const conversation = this.deleted;
    if (conversation?.id !== conversationId) throw new AppError("NOT_FOUND", "This chat can no longer be restored");
    this.deleted = undefined;
    this.conversations.set(conversationId, conversation);
    await this.deps.store.save(conversation);
    this.deps.events.changed({ conversation: summaryOf(conversation), messages: structuredClone(conversation.messages) });
    return structuredClone(conversation);
  }

  /** Saves a changed chat and announces what changed: to an answer's observer when it takes changes, else to everyone. */
  async changed(conversation: Conversation, changed: ChangedMessages = { messages: [] }, observer?: AnswerObserver, phase: "start" | "end" = "end"): Promise<void> {
    conversation.updatedAt = this.deps.now();
    if (!this.conversations.has(conversation.id)) return; // Deleted meanwhile: do not write it back.
    await this.deps.store.save(conversation);
    const change: ChatChange = {
      conversation: summaryOf(conversation),
      messages: structuredClone(changed.messages),
      ...(changed.removedIds?.length && { removedIds: [...changed.removedIds] }),
    };
    if (observer?.onChange) observer.onChange(change, phase);
    else this.deps.events.changed(change);
  }
}
