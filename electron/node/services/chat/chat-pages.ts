import { AppError, chatPageLimits, type ChatMessage, type Conversation, type MessagePage, type MessagePageRequest, type OpenedChat } from "../../../common/contract/index.ts";

/** A message's size on the wire (JSON characters): what a page's byte limit counts. */
const sizeOf = (message: ChatMessage) => JSON.stringify(message).length;

/** Messages from `start` forward, as many as the limits allow, at most up to `end`; at least one. */
function forward(messages: readonly ChatMessage[], start: number, end: number): ChatMessage[] {
  const page: ChatMessage[] = [];
  let bytes = 0;
  for (let index = start; index < Math.min(end, messages.length) && page.length < chatPageLimits.messages; index++) {
    const message = messages[index]!;
    bytes += sizeOf(message);
    if (page.length > 0 && bytes > chatPageLimits.bytes) break;
    page.push(message);
  }
  return page;
}

/** The newest messages, as many as the limits allow; returns where they start. */
function newest(messages: readonly ChatMessage[]): number {
  let start = messages.length;
  let bytes = 0;
  while (start > 0 && messages.length - start < chatPageLimits.messages) {
    bytes += sizeOf(messages[start - 1]!);
    if (start < messages.length && bytes > chatPageLimits.bytes) break;
    start--;
  }
  return start;
}

/** The chat with its newest page of messages (the rest come a page at a time, `messagePage`). */
export function openedChat(conversation: Conversation): OpenedChat {
  const firstIndex = newest(conversation.messages);
  return { ...conversation, messages: conversation.messages.slice(firstIndex), firstIndex };
}

/** One page of the chat's messages; "around" a message starts a few before it, so the reader sees what led to it. */
export function messagePage({ messages }: Conversation, request: MessagePageRequest): MessagePage {
  let start: number;
  let end = messages.length;
  if ("around" in request) {
    const index = messages.findIndex((message) => message.id === request.around);
    if (index === -1) throw new AppError("NOT_FOUND", `No message with id ${request.around}`);
    start = Math.max(0, index - 4);
  } else {
    start = Math.min(request.start, messages.length);
    end = request.end;
  }
  return { firstIndex: start, messages: forward(messages, start, end), messageCount: messages.length };
}
