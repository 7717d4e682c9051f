import type { ChatMessage, Conversation, ConversationSummary } from "../../../electron/common/contract/app/chat.ts";
import type { AppState } from "./app-state.ts";
import type { LoadedChat } from "./chat-pages.ts";

/** The chat just deleted, until "Undo" restores it or the toast goes away. */
export interface DeletedChat {
  conversationId: string;
  title: string;
}

/** `chat.deleted` (or our own delete): gone from the list; the next newest chat is shown in its place. */
export function removeConversation(state: AppState, conversationId: string): AppState {
  const known = state.conversations.some((c) => c.id === conversationId) || conversationId in state.loaded;
  if (!known) return state;
  const conversations = state.conversations.filter((c) => c.id !== conversationId);
  const { [conversationId]: _removed, ...loaded } = state.loaded;
  const activeId = state.activeId === conversationId ? (conversations[0]?.id ?? null) : state.activeId;
  return { ...state, conversations, loaded, activeId };
}

/** A rename / system prompt change answered with the new summary: shown at once (`chat.changed` follows). */
export function applySummary(state: AppState, summary: ConversationSummary): AppState {
  const conversations = state.conversations.map((c) => (c.id === summary.id ? summary : c));
  const loaded = state.loaded[summary.id];
  if (!loaded) return { ...state, conversations };
  const replaced: LoadedChat = { ...loaded, ...summary };
  return { ...state, conversations, loaded: { ...state.loaded, [summary.id]: replaced } };
}

export function setDeleted(state: AppState, deleted: DeletedChat | null): AppState {
  return state.deleted === deleted ? state : { ...state, deleted };
}

/** The newest answer of a conversation, with its text (what Ctrl+Shift+C copies). */
export function lastAnswer(conversation: Conversation | undefined): ChatMessage | undefined {
  return conversation?.messages.findLast((m) => m.role === "model" && m.text.length > 0);
}

/** Whether `chat.continue` can append to this answer: it ended early (mirrors main's rule). */
export function canContinue(message: ChatMessage): boolean {
  if (message.role !== "model" || message.text === "") return false;
  return message.status === "stopped" || message.status === "crashed" || message.status === "error" || message.stopReason === "maxTokens";
}
