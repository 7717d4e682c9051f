import type { Conversation } from "../../contract/index.ts";

/** Where conversations live. The in-memory one serves until the persistent store replaces it. */
export interface ConversationStore {
  loadAll(): Promise<Conversation[]>;
  save(conversation: Conversation): Promise<void>;
  remove(conversationId: string): Promise<void>;
}

export class MemoryConversationStore implements ConversationStore {
  private readonly saved = new Map<string, Conversation>();

  async loadAll(): Promise<Conversation[]> {
    return [...this.saved.values()].map((conversation) => structuredClone(conversation));
  }

  async save(conversation: Conversation): Promise<void> {
    this.saved.set(conversation.id, structuredClone(conversation));
  }

  async remove(conversationId: string): Promise<void> {
    this.saved.delete(conversationId);
  }
}
