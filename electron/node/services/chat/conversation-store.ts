import type { ChatLoadProblem, Conversation } from "../../../common/contract/index.ts";

export interface LoadedConversations {
  conversations: Conversation[];
  /** Files that could not be read or failed validation; they are left where they are and skipped. */
  problems: ChatLoadProblem[];
}

/** Where conversations live: `FileConversationStore` on disk, the in-memory one for tests and the browser host. */
export interface ConversationStore {
  loadAll(): Promise<LoadedConversations>;
  save(conversation: Conversation): Promise<void>;
  remove(conversationId: string): Promise<void>;
}

export class MemoryConversationStore implements ConversationStore {
  private readonly saved = new Map<string, Conversation>();

  constructor(initial: readonly Conversation[] = []) {
    for (const conversation of initial) this.saved.set(conversation.id, structuredClone(conversation));
  }

  async loadAll(): Promise<LoadedConversations> {
    return { conversations: [...this.saved.values()].map((conversation) => structuredClone(conversation)), problems: [] };
  }

  async save(conversation: Conversation): Promise<void> {
    this.saved.set(conversation.id, structuredClone(conversation));
  }

  async remove(conversationId: string): Promise<void> {
    this.saved.delete(conversationId);
  }
}

/** The chat remembered across restarts (the one open when the app closed). */
export interface ChatStateStore {
  loadLastOpen(): Promise<string | null>;
  saveLastOpen(conversationId: string | null): Promise<void>;
}

export class MemoryChatStateStore implements ChatStateStore {
  constructor(private lastOpen: string | null = null) {}

  async loadLastOpen(): Promise<string | null> {
    return this.lastOpen;
  }

  async saveLastOpen(conversationId: string | null): Promise<void> {
    this.lastOpen = conversationId;
  }
}
