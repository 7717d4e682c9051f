import { chatPageLimits } from "../../../electron/common/contract/app/chat.ts";
import type { AppClient } from "../api/client.ts";
import { addPage } from "./app-state.ts";
import { messageAt, messageCountOf } from "./chat-pages.ts";
import type { StateContainer } from "./state-container.ts";

export interface MessagePages {
  /** Fetches the messages of rows `start`..`end` (exclusive) that are not held yet, a page at a time. */
  load(conversationId: string, start: number, end: number): Promise<void>;
  /** Fetches the page around a message (a search hit) and brings it into view. */
  reveal(conversationId: string, messageId: string): Promise<void>;
}

/** Older messages of a long chat, fetched as the reader scrolls or jumps to them (`chat.messages`). */
export function createMessagePages(client: AppClient, container: StateContainer, report: (error: unknown) => void): MessagePages {
  const { update, getState } = container;
  /** Requests in flight, by chat and first row: a scroll asks for the same rows on every frame. */
  const inFlight = new Set<string>();

  const lastMissing = (conversationId: string, start: number, end: number): number | undefined => {
    const chat = getState().loaded[conversationId];
    if (!chat) return undefined;
    for (let index = Math.min(end, chat.firstIndex) - 1; index >= start; index--) if (!messageAt(chat, index)) return index;
    return undefined;
  };

  return {
    async load(conversationId, start, end) {
      // A whole page ending with the last row missing: a reader scrolling up meets the rows above it next. A page is
      // cut short at its byte limit (it starts where asked): then the rest is asked for from where it stopped.
      let from: number | undefined;
      for (let missing = lastMissing(conversationId, start, end); missing !== undefined; ) {
        const pageEnd = missing + 1;
        const key = `${conversationId}:${pageEnd}`;
        if (inFlight.has(key)) return;
        inFlight.add(key);
        try {
          const pageStart = from ?? Math.max(0, pageEnd - chatPageLimits.messages);
          const page = await client.call("chat.messages", { conversationId, page: { start: pageStart, end: pageEnd } });
          update((s) => addPage(s, conversationId, page), "now");
          if (page.messages.length === 0) return;
          const next = lastMissing(conversationId, start, pageEnd);
          from = next === missing ? page.firstIndex + page.messages.length : undefined;
          missing = next;
        } catch (error) {
          report(error);
          return;
        } finally {
          inFlight.delete(key);
        }
      }
    },

    async reveal(conversationId, messageId) {
      try {
        const page = await client.call("chat.messages", { conversationId, page: { around: messageId } });
        update((s) => {
          const added = addPage(s, conversationId, page);
          const chat = added.loaded[conversationId];
          if (!chat || s.activeId !== conversationId) return added;
          const found = page.messages.findIndex((message) => message.id === messageId);
          const index = Math.min(page.firstIndex + Math.max(0, found), messageCountOf(chat) - 1);
          return { ...added, focus: { conversationId, index, jump: (s.focus?.jump ?? 0) + 1 } };
        }, "now");
      } catch (error) {
        report(error);
      }
    },
  };
}
