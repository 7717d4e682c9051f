import { AppError, type Conversation, type ConversationSummary } from "../../../common/contract/index.ts";
import { recordedBackend, renameServer } from "./chat-backends.ts";
import type { ChatCollection } from "./chat-collection.ts";
import type { ChatParams, ChatServiceDependencies } from "./chat-dependencies.ts";
import { summaryOf } from "./conversation-fields.ts";

/**
 * Each chat's own settings (system prompt, preset, model, who answers), which apply from its next answer on, and
 * the chats following a preset deleted or a server renamed.
 */
export class ChatSettings {
  constructor(
    private readonly chats: ChatCollection,
    private readonly deps: Pick<ChatServiceDependencies, "findPreset" | "useModel" | "backends">,
  ) {}

  /** null: the default from the settings; "": none. */
  setSystemPrompt({ conversationId, systemPrompt }: ChatParams<"setSystemPrompt">): Promise<ConversationSummary> {
    return this.change(conversationId, (conversation) => {
      if (systemPrompt === null) delete conversation.systemPrompt;
      else conversation.systemPrompt = systemPrompt;
    });
  }

  /** null: no preset. */
  setPreset({ conversationId, presetId }: ChatParams<"setPreset">): Promise<ConversationSummary> {
    return this.change(conversationId, (conversation) => {
      if (presetId !== null && !this.deps.findPreset?.(presetId)) throw new AppError("NOT_FOUND", `No preset with id ${presetId}`);
      if (presetId === null) delete conversation.presetId;
      else conversation.presetId = presetId;
    });
  }

  /** The model this chat answers with: loaded now, and before its next answer if another one was loaded meanwhile. */
  async setModel({ conversationId, modelId }: ChatParams<"setModel">): Promise<ConversationSummary> {
    const summary = await this.change(conversationId, (conversation) => {
      if (modelId === null) delete conversation.modelId;
      else conversation.modelId = modelId;
    });
    if (modelId !== null) await this.deps.useModel?.(modelId);
    return summary;
  }

  /** Who answers this chat from its next answer on; the whole history goes to the new backend then. */
  setBackend({ conversationId, backend }: ChatParams<"setBackend">): Promise<ConversationSummary> {
    return this.change(conversationId, (conversation) => {
      conversation.backend = recordedBackend(backend, this.deps.backends);
    });
  }

  /** A deleted preset: the chats that used it go back to none. */
  async presetDeleted(presetId: string): Promise<void> {
    for (const conversation of this.chats.all()) {
      if (conversation.presetId !== presetId) continue;
      delete conversation.presetId;
      await this.chats.changed(conversation);
    }
  }

  /** A server renamed: chats set to it show its new name (a removed server keeps its last name, to be named). */
  async serversChanged(servers: readonly { id: string; name: string }[]): Promise<void> {
    for (const conversation of this.chats.all()) {
      if (renameServer(conversation, servers)) await this.chats.changed(conversation);
    }
  }

  /** Changes a chat that is not being answered, then saves and announces it. */
  private async change(conversationId: string, apply: (conversation: Conversation) => void): Promise<ConversationSummary> {
    const conversation = this.chats.findIdle(conversationId);
    apply(conversation);
    await this.chats.changed(conversation);
    return summaryOf(conversation);
  }
}
