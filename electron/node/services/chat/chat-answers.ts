import { AppError, type ChatMessage, type ContextUsage } from "../../../common/contract/index.ts";
import { AnswerRunner } from "./answer-runner.ts";
import { answerGenerator, recordedBackend } from "./chat-backends.ts";
import type { ChatCollection } from "./chat-collection.ts";
import type { AnswerObserver, ChatParams, ChatServiceDependencies } from "./chat-dependencies.ts";
import { titleFrom, untitled } from "./conversation-fields.ts";
import { canContinue, selectVersion, startNewVersion } from "./message-versions.ts";

/**
 * What is done to a chat's messages: a new answer (send, edit), another version of one (regenerate, select), the
 * rest of one (continue). `AnswerRunner` streams the answers; each streams to its `observer` and is stopped by its
 * signal.
 */
export class ChatAnswers {
  private readonly runner: AnswerRunner;

  constructor(
    private readonly chats: ChatCollection,
    private readonly deps: ChatServiceDependencies & { now: () => number; newId: () => string },
  ) {
    this.runner = new AnswerRunner({
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
      changed: (conversation, messages, observer, phase) => chats.changed(conversation, messages, observer, phase),
    });
  }

  isAnswering(conversationId: string): boolean {
    return this.runner.isGenerating(conversationId);
  }

  contextUsage({ conversationId }: ChatParams<"contextUsage">): ContextUsage {
    return this.runner.usage(this.chats.find(conversationId));
  }

  async send({ conversationId, text }: ChatParams<"send">, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.chats.find(conversationId);
    this.runner.assertIdle();
    const user = this.message("user", text, "complete");
    const answer = this.message("model", "", "streaming");
    conversation.messages.push(user, answer);
    if (conversation.title === untitled) conversation.title = titleFrom(text);
    return this.runner.run(conversation, answer, { ...(observer && { observer }), started: { messages: [user] } });
  }

  /** A new version of the last answer; the earlier versions stay in `alternatives`. */
  async regenerate({ conversationId }: ChatParams<"regenerate">, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.chats.find(conversationId);
    this.runner.assertIdle();
    const answer = conversation.messages.at(-1);
    if (answer?.role !== "model") throw new AppError("BAD_REQUEST", "There is no answer to regenerate");
    startNewVersion(answer, this.deps.now());
    return this.runner.run(conversation, answer, observer && { observer });
  }

  /** Replaces a user message's text, drops everything after it and answers again. */
  async edit({ conversationId, messageId, text }: ChatParams<"edit">, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.chats.find(conversationId);
    this.runner.assertIdle();
    const index = conversation.messages.findIndex((message) => message.id === messageId);
    const user = conversation.messages[index];
    if (user?.role !== "user") throw new AppError("BAD_REQUEST", "Only your own messages can be edited");
    // A title made from the first message follows it; one the user gave stays.
    if (index === 0 && conversation.title === titleFrom(user.text)) conversation.title = titleFrom(text);
    user.text = text;
    const answer = this.message("model", "", "streaming");
    const dropped = conversation.messages.splice(index + 1, conversation.messages.length, answer);
    const started = { messages: [user], removedIds: dropped.map((message) => message.id) };
    return this.runner.run(conversation, answer, { ...(observer && { observer }), started });
  }

  /**
   * Appends to the last answer when it was stopped, interrupted, failed or cut at the token limit; with `backend`, the
   * chat switches to it first (as `setBackend`: "continue with the local model").
   */
  async continue({ conversationId, backend }: ChatParams<"continue">, observer?: AnswerObserver): Promise<ChatMessage> {
    const conversation = this.chats.find(conversationId);
    this.runner.assertIdle();
    const answer = conversation.messages.at(-1);
    if (!answer || !canContinue(answer)) throw new AppError("BAD_REQUEST", "Only an answer that ended early can be continued");
    if (backend) conversation.backend = recordedBackend(backend, this.deps.backends);
    return this.runner.run(conversation, answer, { continuing: true, ...(observer && { observer }) });
  }

  async selectAlternative({ conversationId, messageId, index }: ChatParams<"selectAlternative">): Promise<ChatMessage> {
    const conversation = this.chats.findIdle(conversationId);
    const message = conversation.messages.find((candidate) => candidate.id === messageId);
    if (!message) throw new AppError("NOT_FOUND", `No message with id ${messageId}`);
    selectVersion(message, index);
    await this.chats.changed(conversation, { messages: [message] });
    return structuredClone(message);
  }

  private message(role: ChatMessage["role"], text: string, status: ChatMessage["status"]): ChatMessage {
    return { id: this.deps.newId(), role, text, status, createdAt: this.deps.now() };
  }
}
