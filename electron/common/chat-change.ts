import type { ChatChange, ChatMessage, Conversation } from "./contract/app/chat.ts";

/**
 * A chat with a change applied: the new summary, each changed message in its place (a new one at the end), the
 * removed ones gone. Unchanged messages keep their identity, so a view that memoises them redraws only what changed.
 */
export function applyChatChange(conversation: Conversation | undefined, change: ChatChange): Conversation {
  const { conversation: summary, messages: changed, removedIds = [] } = change;
  let messages: ChatMessage[] = conversation?.messages ?? [];
  if (removedIds.length > 0) {
    const removed = new Set(removedIds);
    messages = messages.filter((message) => !removed.has(message.id));
  }
  for (const message of changed) {
    // Searched from the end: an answer and its question are the newest messages.
    const index = messages.findLastIndex((candidate) => candidate.id === message.id);
    messages = index === -1 ? [...messages, message] : messages.with(index, message);
  }
  return { ...summary, messages };
}
