import { randomUUID } from "node:crypto";
import type {
  AnswerProgress,
  ChatChange,
  ChatLoadProblem,
  ChatMessage,
  ChatSearchHit,
  ContextUsage,
  Conversation,
  ConversationSummary,
  MessagePage,
  OpenedChat,
  RequestContext,
} from "../../../common/contract/index.ts";
import { serveAnswerCall } from "./answer-call.ts";
import { ChatAnswers } from "./chat-answers.ts";
import { ChatCollection } from "./chat-collection.ts";
import type { AnswerObserver, ChatParams, ChatServiceDependencies } from "./chat-dependencies.ts";
import { exportConversation, type ExportedChat } from "./chat-export.ts";
import { messagePage, openedChat } from "./chat-pages.ts";
import { searchConversations } from "./chat-search.ts";
import { ChatSettings } from "./chat-settings.ts";
import { MemoryChatStateStore } from "./conversation-store.ts";
import { summaryOf, untitled } from "./conversation-fields.ts";

/** The parts every client's ChatService shares: the chats, their settings, their answers. */
interface ChatParts {
  chats: ChatCollection;
  settings: ChatSettings;
  answers: ChatAnswers;
}

function chatParts(deps: ChatServiceDependencies): ChatParts {
  const full = { ...deps, now: deps.now ?? Date.now, newId: deps.newId ?? randomUUID };
  // "Is it being answered" is AnswerRunner's (in ChatAnswers), made over the collection: asked only once both exist.
  const made: { answers?: ChatAnswers } = {};
  const chats = new ChatCollection({
    store: deps.store,
    state: deps.state ?? new MemoryChatStateStore(),
    events: deps.events,
    now: full.now,
    newId: full.newId,
    isAnswering: (conversationId) => made.answers?.isAnswering(conversationId) ?? false,
  });
  const answers = (made.answers = new ChatAnswers(chats, full));
  return { chats, settings: new ChatSettings(chats, deps), answers };
}

/**
 * The contract's `chat` namespace: each method takes the params `chat.<method>` is called with. The chats are kept by
 * `ChatCollection`, their settings changed by `ChatSettings`, their messages answered by `ChatAnswers`; every change
 * is saved and announced.
 */
export class ChatService {
  private readonly chats: ChatCollection;
  private readonly settings: ChatSettings;
  private readonly answers: ChatAnswers;

  /**
   * `others`: who hears of an answer's start and end besides its caller (default every client, `events.changed`);
   * `parts`: the chats of another ChatService, served to one more client (`calledBy`).
   */
  constructor(
    private readonly deps: ChatServiceDependencies,
    private readonly others: (change: ChatChange) => void = (change) => deps.events.changed(change),
    parts: ChatParts = chatParts(deps),
  ) {
    ({ chats: this.chats, settings: this.settings, answers: this.answers } = parts);
  }

  /** The same chats as one client calls them: its answers' start and end reach the other clients through `others`. */
  calledBy(others: (change: ChatChange) => void): ChatService {
    return new ChatService(this.deps, others, { chats: this.chats, settings: this.settings, answers: this.answers });
  }

  /** Loads the saved chats (startup). */
  load(): Promise<void> {
    return this.chats.load();
  }

  state(): { lastOpenId: string | null; problems: ChatLoadProblem[] } {
    return this.chats.startupState();
  }

  list(): ConversationSummary[] {
    return this.chats.list();
  }

  create(): Promise<Conversation> {
    return this.chats.create();
  }

  /** A finished conversation from elsewhere (a program's API request, api-chat-record.ts): a new chat, saved and announced. */
  addFinished(chat: { title: string; systemPrompt: string; messages: Omit<ChatMessage, "id">[] }): Promise<ConversationSummary> {
    return this.chats.addFinished(chat);
  }

  /** The whole chat, every message (in-process readers; a window opens its newest page with `get`). */
  conversation(conversationId: string): Conversation {
    return structuredClone(this.chats.find(conversationId));
  }

  /** The chat with its newest page of messages: what a window showing it needs first. */
  get({ conversationId }: ChatParams<"get">): OpenedChat {
    return structuredClone(openedChat(this.chats.find(conversationId)));
  }

  /** A page of the chat's messages (scrolled to, or around a search hit). */
  messages({ conversationId, page }: ChatParams<"messages">): MessagePage {
    return structuredClone(messagePage(this.chats.find(conversationId), page));
  }

  open({ conversationId }: ChatParams<"open">): Promise<OpenedChat> {
    return this.chats.open(conversationId);
  }

  async rename({ conversationId, title }: ChatParams<"rename">): Promise<ConversationSummary> {
    const conversation = this.chats.find(conversationId);
    conversation.title = title.trim().slice(0, 500) || untitled;
    await this.chats.changed(conversation);
    return summaryOf(conversation);
  }

  setSystemPrompt(params: ChatParams<"setSystemPrompt">): Promise<ConversationSummary> {
    return this.settings.setSystemPrompt(params);
  }

  setPreset(params: ChatParams<"setPreset">): Promise<ConversationSummary> {
    return this.settings.setPreset(params);
  }

  setModel(params: ChatParams<"setModel">): Promise<ConversationSummary> {
    return this.settings.setModel(params);
  }

  setBackend(params: ChatParams<"setBackend">): Promise<ConversationSummary> {
    return this.settings.setBackend(params);
  }

  presetDeleted(presetId: string): Promise<void> {
    return this.settings.presetDeleted(presetId);
  }

  serversChanged(servers: readonly { id: string; name: string }[]): Promise<void> {
    return this.settings.serversChanged(servers);
  }

  contextUsage(params: ChatParams<"contextUsage">): ContextUsage {
    return this.answers.contextUsage(params);
  }

  delete({ conversationId }: ChatParams<"delete">): Promise<{ restorable: boolean }> {
    return this.chats.delete(conversationId);
  }

  /** Brings back the chat deleted last. */
  restore({ conversationId }: ChatParams<"restore">): Promise<Conversation> {
    return this.chats.restoreDeleted(conversationId);
  }

  search({ query }: ChatParams<"search">): ChatSearchHit[] {
    return searchConversations(this.chats.all(), query);
  }

  export({ conversationId, format }: ChatParams<"export">): ExportedChat {
    const conversation = this.chats.find(conversationId);
    // What the model was told: a preset's system prompt stands in for the default.
    const preset = conversation.presetId === undefined ? undefined : this.deps.findPreset?.(conversation.presetId);
    return exportConversation(conversation, format, {
      exportedAt: (this.deps.now ?? Date.now)(),
      defaultSystemPrompt: preset?.systemPrompt ?? this.deps.defaultSystemPrompt?.() ?? "",
    });
  }

  /**
   * The answer calls: the caller gets the answer's start and text as the call's progress and its end as the result;
   * cancelling the call is Stop.
   */
  send(params: ChatParams<"send">, call: RequestContext<AnswerProgress>): Promise<ChatChange> {
    return this.answer(call, (observer) => this.answers.send(params, observer));
  }

  regenerate(params: ChatParams<"regenerate">, call: RequestContext<AnswerProgress>): Promise<ChatChange> {
    return this.answer(call, (observer) => this.answers.regenerate(params, observer));
  }

  edit(params: ChatParams<"edit">, call: RequestContext<AnswerProgress>): Promise<ChatChange> {
    return this.answer(call, (observer) => this.answers.edit(params, observer));
  }

  continue(params: ChatParams<"continue">, call: RequestContext<AnswerProgress>): Promise<ChatChange> {
    return this.answer(call, (observer) => this.answers.continue(params, observer));
  }

  selectAlternative(params: ChatParams<"selectAlternative">): Promise<ChatMessage> {
    return this.answers.selectAlternative(params);
  }

  private answer(call: RequestContext<AnswerProgress>, run: (observer: AnswerObserver) => Promise<ChatMessage>): Promise<ChatChange> {
    return serveAnswerCall(run, call, this.others);
  }
}
