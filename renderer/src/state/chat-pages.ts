import { applyChatChange } from "../../../electron/common/chat-change.ts";
import type { ChatChange, ChatMessage, Conversation, MessagePage, OpenedChat } from "../../../electron/common/contract/app/chat.ts";

/**
 * A chat as the renderer holds it. Main sends its newest page when it is opened (`messages`, from `firstIndex` on:
 * every change lands there) and older pages as the reader scrolls or jumps to them (`earlier`, by index).
 */
export interface LoadedChat extends Conversation {
  firstIndex: number;
  earlier: Readonly<Record<number, ChatMessage>>;
}

const none: Readonly<Record<number, ChatMessage>> = {};

/** A chat from `chat.open`/`chat.get` (its newest page) or a whole one (`chat.create`, `chat.restore`). */
export function loadedChat(chat: OpenedChat | Conversation): LoadedChat {
  return { ...chat, firstIndex: "firstIndex" in chat ? chat.firstIndex : 0, earlier: none };
}

export const messageCountOf = (chat: LoadedChat) => chat.firstIndex + chat.messages.length;

/** The message at `index` in the whole chat, if we hold it. */
export function messageAt(chat: LoadedChat, index: number): ChatMessage | undefined {
  return index >= chat.firstIndex ? chat.messages[index - chat.firstIndex] : chat.earlier[index];
}

/** An older page arrived: kept by index (the newest messages we hold are main's latest word and stay). */
export function withPage(chat: LoadedChat, page: MessagePage): LoadedChat {
  const earlier = { ...chat.earlier };
  page.messages.forEach((message, offset) => {
    const index = page.firstIndex + offset;
    if (index < chat.firstIndex) earlier[index] = message;
  });
  return { ...chat, earlier };
}

function indexInEarlier(chat: LoadedChat, id: string): number | undefined {
  for (const key in chat.earlier) if (chat.earlier[key]?.id === id) return Number(key);
  return undefined;
}

/** A message main answered with (a version chosen): it replaces ours wherever we hold it (or is added). */
export function withMessage(chat: LoadedChat, message: ChatMessage): LoadedChat {
  const older = indexInEarlier(chat, message.id);
  if (older !== undefined) return { ...chat, earlier: { ...chat.earlier, [older]: message } };
  const index = chat.messages.findLastIndex((m) => m.id === message.id);
  return { ...chat, messages: index === -1 ? [...chat.messages, message] : chat.messages.with(index, message) };
}

/**
 * A change from main. Messages are only removed from the end of a chat (an edit drops what followed), so removed
 * messages we never fetched were just before `firstIndex`. A changed message we hold is replaced where it is; one we
 * do not hold is new (appended) unless it is older than our newest: then it is an older message we have not fetched,
 * and fetching it later brings the change.
 */
export function applyPagedChange(chat: LoadedChat | undefined, change: ChatChange): LoadedChat {
  if (!chat || (chat.firstIndex === 0 && Object.keys(chat.earlier).length === 0)) return loadedChat(applyChatChange(chat, change));
  const removedIds = change.removedIds ?? [];
  const removed = new Set(removedIds);
  const removedHere = chat.messages.filter((message) => removed.has(message.id)).length;
  const firstIndex = chat.firstIndex - (removedIds.length - removedHere);
  // The same object unless a message in it changed or left: the list reads every row's key again when it changes.
  let earlier: Readonly<Record<number, ChatMessage>> = chat.earlier;
  const kept = (key: string) => Number(key) < firstIndex && !removed.has(chat.earlier[Number(key)]!.id);
  if (firstIndex !== chat.firstIndex || removed.size > 0) {
    const left: Record<number, ChatMessage> = {};
    for (const key in chat.earlier) if (kept(key)) left[Number(key)] = chat.earlier[Number(key)]!;
    earlier = left;
  }
  const newest = chat.messages.reduce((at, message) => Math.max(at, message.createdAt), Number.NEGATIVE_INFINITY);
  const heldHere = new Set(chat.messages.map((message) => message.id));
  const here: ChatMessage[] = [];
  for (const message of change.messages) {
    const older = indexInEarlier({ ...chat, earlier }, message.id);
    if (older !== undefined) earlier = { ...earlier, [older]: message };
    else if (heldHere.has(message.id) || message.createdAt >= newest) here.push(message);
  }
  const applied = applyChatChange(chat, { ...change, messages: here });
  return { ...applied, firstIndex, earlier };
}
