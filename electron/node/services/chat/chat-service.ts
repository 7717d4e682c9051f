import { randomUUID } from "node:crypto";
import {
  AppError,
  type ChatBackendChoice,
  type ChatChange,
  type ChatLoadProblem,
  type ChatMessage,
  type ChatSearchHit,
  type ContextUsage,
  type Conversation,
  type ConversationSummary,
  type ExportFormat,
  type MessagePage,
  type MessagePageRequest,
  type OpenedChat,
} from "../../../common/contract/index.ts";
import type { AnswerObserver, ChatServiceDependencies } from "./chat-dependencies.ts";
import { AnswerRunner, type ChangedMessages } from "./answer-runner.ts";
import { answerGenerator, recordedBackend, renameServer } from "./chat-backends.ts";
import { exportConversation, type ExportedChat } from "./chat-export.ts";
import { messagePage, openedChat } from "./chat-pages.ts";
import { searchConversations } from "./chat-search.ts";
import { MemoryChatStateStore, type ChatStateStore } from "./conversation-store.ts";
import { settleInterruptedAnswers, summaryOf, titleFrom, untitled } from "./conversation-fields.ts";
import { canContinue, selectVersion, startNewVersion } from "./message-versions.ts";

/**
 * Owns the conversations: creates, renames, deletes (undoable) and searches them, appends messages and
 * has `AnswerRunner` stream the answers. Every change is saved through the store and announced.
 */
export class ChatService {
  private readonly conversations = new Map<string, Conversation>();
  private readonly answers: AnswerRunner;
  private readonly state: ChatStateStore;
  private readonly now: () => number;
  private readonly newId: () => string;
  private problems: ChatLoadProblem[] = [];
  private lastOpenId: string | null = null;
  /** The one deleted chat that `restoreDeleted` can bring back (until the next delete or the app quits). */
  private deleted: Conversation | undefined;

  constructor(private readonly deps: ChatServiceDependencies) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? randomUUID;
    this.state = deps.state ?? new MemoryChatStateStore();
    this.answers = new AnswerRunner({
      engine: deps.supervisor,
      generatorFor: answerGenerator(deps.supervisor, deps.backends),
      settings: {
        sampling: () => deps.sampling?.(),
        defaultSystemPrompt: () => deps.defaultSystemPrompt?.() ?? "",
        findPreset: (id) => deps.findPreset?.(id),
        contextOverflow: () => deps.contextOverflow?.() ?? "drop-oldest",
      },
      configuredContextSize: () => deps.configuredContextSize?.(),
      beforePrompt: async (conversation) => {
        if (conversation.modelId !== undefined) await deps.useModel?.(conversation.modelId);
        await deps.beforePrompt?.();
      },
      changed: (conversation, messages, observer, phase) => this.changed(conversation, messages, observer, phase),
    });
  }

  /** Loads the saved chats (startup). */
  async restore(): Promise<void> {
    const { conversations, problems } = await this.deps.store.loadAll();
    for (const conversation of conversations) {
      // Chat files from before remote backends: the local engine answers them.
      conversation.backend ??= { kind: "local" };
      this.conversations.set(conversation.id, settleInterruptedAnswers(conversation));
    }
    this.problems = problems;
    const lastOpen = await this.state.loadLastOpen();
    this.lastOpenId = lastOpen !== null && this.conversations.has(lastOpen) ? lastOpen : null;
  }

  startupState(): { lastOpenId: string | null; problems: ChatLoadProblem[] } {
    return { lastOpenId: this.lastOpenId, problems: structuredClone(this.problems) };
  }

  list(): ConversationSummary[] {
    return [...this.conversations.values()].map(summaryOf).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async create(): Promise<Conversation> {
    const at = this.now();
    const conversation: Conversation = { id: this.newId(), title: untitled, createdAt: at, updatedAt: at, messages: [], backend: { kind: "local" } };
    this.conversations.set(conversation.id, conversation);
    await this.deps.store.save(conversation);
    return structuredClone(conversation);
  }

  /** A finished conversation from elsewhere (a program's API request, api-chat-record.ts): a new chat, saved and announced. */
  async addFinished(chat: { title: string; systemPrompt: string; messages: Omit<ChatMessage, "id">[] }): Promise<ConversationSummary> {
    const at = this.now();
    const messages = chat.messages.map((message) => ({ ...message, id: this.newId() }));
    const conversation: Conversation = { id: this.newId(), title: chat.title.slice(0, 500), createdAt: at, updatedAt: at, systemPrompt: chat.systemPrompt, messages, backend: { kind: "local" } };
    this.conversations.set(conversation.id, conversation);
    await this.deps.store.save(conversation);
    this.deps.events.changed({ conversation: summaryOf(conversation), messages: structuredClone(messages) });
    return summaryOf(conversation);
  }

  get(conversationId: string): Conversation {
    return structuredClone(this.find(conversationId));
  }

  /** The chat with its newest page of messages: what a window showing it needs first. */
  newest(conversationId: string): OpenedChat {
    return structuredClone(openedChat(this.find(conversationId)));
  }

  /** A page of the chat's messages (scrolled to, or around a search hit). */
  messages(conversationId: string, request: MessagePageRequest): MessagePage {
    return structuredClone(messagePage(this.find(conversationId), request));
  }

  async open(conversationId: string): Promise<OpenedChat> {
    const conversation = this.newest(conversationId);
    if (this.lastOpenId !== conversationId) {
      this.lastOpenId = conversationId;
      await this.state.saveLastOpen(conversationId);
    }
    return conversation;
  }

  async rename(conversationId: string, title: string): Promise<ConversationSummary> {
    const conversation = this.find(conversationId);
    conversation.title = title.trim().slice(0, 500) || untitled;
    await this.changed(conversation);
    return summaryOf(conversation);
  }

  /** null: the default from the settings; "": none. Applies to the next answer. */
  async setSystemPrompt(conversationId: string, systemPrompt: string | null): Promise<ConversationSummary> {
    const conversation = this.findIdle(conversationId);
    if (systemPrompt === null) delete conversation.systemPrompt;
    else conversation.systemPrompt = systemPrompt;
    await this.changed(conversation);
    return summaryOf(conversation);
  }

  /** null: no preset. Applies to the next answer. */
  async setPreset(conversationId: string, presetId: string | null): Promise<ConversationSummary> {
    const conversation = this.findIdle(conversationId);
    if (presetId !== null && !this.deps.findPreset?.(presetId)) throw new AppError("NOT_FOUND", `No preset with id ${presetId}`);
    if (presetId === null) delete conversation.presetId;
    else conversation.presetId = presetId;
    await this.changed(conversation);
    return summaryOf(conversation);
  }

  /** The model this chat answers with: loaded now, and before its next answer if another one was loaded meanwhile. */
  async setModel(conversationId: string, modelId: string | null): Promise<ConversationSummary> {
    const conversation = this.findIdle(conversationId);
    if (modelId === null) delete conversation.modelId;
    else conversation.modelId = modelId;
    await this.changed(conversation);
    if (modelId !== null) await this.deps.useModel?.(modelId);
    return summaryOf(conversation);
  }

  /** Who answers this chat from its next answer on; the whole history goes to the new backend then. */
  async setBackend(conversationId: string, choice: ChatBackendChoice): Promise<ConversationSummary> {
    const conversation = this.findIdle(conversationId);
    conversation.backend = recordedBackend(choice, this.deps.backends);
    await this.changed(conversation);
    return summaryOf(conversation);
  }

  /** A deleted preset: the chats that used it go back to none. */
  async presetDeleted(presetId: string): Promise<void> {
    for (const conversation of this.conversations.values()) {
      if (conversation.presetId !== presetId) continue;
      delete conversation.presetId;
      await this.changed(conversation);
    }
  }

  /** A server renamed: chats set to it show its new name (a removed server keeps its last name, to be named). */
  async serversChanged(servers: readonly { id: string; name: string }[]): Promise<void> {
    for (const conversation of this.conversations.values()) {
      if (renameServer(conversation, servers)) await this.changed(conversation);
    }
  }

  contextUsage(conversationId: string): ContextUsage {
    return this.answers.usage(this.find(conversationId));
  }

  /** Removes the chat (file included); it stays restorable in memory until the next delete or the app quits. */
  async delete(conversationId: string): Promise<{ restorable: boolean }> {
    const conversation = this.find(conversationId);
    if (this.answers.isGenerating(conversationId)) throw new AppError("ENGINE_BUSY", "Stop the answer before deleting this chat");
    this.deleted = conversation;
    this.conversations.delete(conversationId);
    await this.deps.store.remove(conversationId);
    if (this.lastOpenId === conversationId) {
      this.lastOpenId = null;
      await this.state.saveLastOpen(null);
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

  search(query: string): ChatSearchHit[] {
    return searchConversations(this.conversations.values(), query);
  }

  export(conversationId: string, format: ExportFormat): ExportedChat {
    const conversation = this.find(conversationId);
    // What the model was told: a preset's system prompt stands in for the default.
    const preset = conversation.presetId === undefined ? undefined : this.deps.findPreset?.(conversation.presetId);
    return exportConversation(conversation, format, {
      exportedAt: this.now(),
      defaultSystemPrompt: preset?.systemPrompt ?? this.deps.defaultSystemPrompt?.() ?? "",
    });
  }

  /** The answer methods (send, regenerate, edit, continue) stream to `observer` and are stopped by its signal. */
  async send(conversationId: string, text: string, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.find(conversationId);
    this.answers.assertIdle();
    const user = this.message("user", text, "complete");
    const answer = this.message("model", "", "streaming");
    conversation.messages.push(user, answer);
    if (conversation.title === untitled) conversation.title = titleFrom(text);
    return this.answers.run(conversation, answer, { ...(observer && { observer }), started: { messages: [user] } });
  }

  /** A new version of the last answer; the earlier versions stay in `alternatives`. */
  async regenerate(conversationId: string, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.find(conversationId);
    this.answers.assertIdle();
    const answer = conversation.messages.at(-1);
    if (answer?.role !== "model") throw new AppError("BAD_REQUEST", "There is no answer to regenerate");
    startNewVersion(answer, this.now());
    return this.answers.run(conversation, answer, observer && { observer });
  }

  /** Replaces a user message's text, drops everything after it and answers again. */
  async edit(conversationId: string, messageId: string, text: string, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.find(conversationId);
    this.answers.assertIdle();
    const index = conversation.messages.findIndex((message) => message.id === messageId);
    const user = conversation.messages[index];
    if (user?.role !== "user") throw new AppError("BAD_REQUEST", "Only your own messages can be edited");
    // A title made from the first message follows it; one the user gave stays.
    if (index === 0 && conversation.title === titleFrom(user.text)) conversation.title = titleFrom(text);
    user.text = text;
    const answer = this.message("model", "", "streaming");
    const dropped = conversation.messages.splice(index + 1, conversation.messages.length, answer);
    const started = { messages: [user], removedIds: dropped.map((message) => message.id) };
    return this.answers.run(conversation, answer, { ...(observer && { observer }), started });
  }

  /**
   * Appends to the last answer when it was stopped, interrupted, failed or cut at the token limit; with `backend`, the
   * chat switches to it first (as `setBackend`: "continue with the local model").
   */
  async continue(conversationId: string, observer?: AnswerObserver, backend?: ChatBackendChoice): Promise<ChatMessage> {
    const conversation = this.find(conversationId);
    this.answers.assertIdle();
    const answer = conversation.messages.at(-1);
    if (!answer || !canContinue(answer)) throw new AppError("BAD_REQUEST", "Only an answer that ended early can be continued");
    if (backend) conversation.backend = recordedBackend(backend, this.deps.backends);
    return this.answers.run(conversation, answer, { continuing: true, ...(observer && { observer }) });
  }

  async selectAlternative(conversationId: string, messageId: string, index: number): Promise<ChatMessage> {
    const conversation = this.findIdle(conversationId);
    const message = conversation.messages.find((candidate) => candidate.id === messageId);
    if (!message) throw new AppError("NOT_FOUND", `No message with id ${messageId}`);
    selectVersion(message, index);
    await this.changed(conversation, { messages: [message] });
    return structuredClone(message);
  }

  /** The chat's summary (title, settings, where its context starts), without its messages. */
  summary(conversationId: string): ConversationSummary {
    return summaryOf(this.find(conversationId));
  }

  private find(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new AppError("NOT_FOUND", `No conversation with id ${conversationId}`);
    return conversation;
  }

  /** A chat whose settings can change: not while it is being answered. */
  private findIdle(conversationId: string): Conversation {
    const conversation = this.find(conversationId);
    if (this.answers.isGenerating(conversationId)) throw new AppError("ENGINE_BUSY", "Wait for the current answer to finish, or stop it");
    return conversation;
  }

  private message(role: ChatMessage["role"], text: string, status: ChatMessage["status"]): ChatMessage {
    return { id: this.newId(), role, text, status, createdAt: this.now() };
  }

  /** Saves a changed chat and announces what changed: to an answer's observer when it takes changes, else to everyone. */
  private async changed(conversation: Conversation, changed: ChangedMessages = { messages: [] }, observer?: AnswerObserver, phase: "start" | "end" = "end"): Promise<void> {
    conversation.updatedAt = this.now();
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
