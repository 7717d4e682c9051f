// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { chatPageLimits, type ChatMessage, type Conversation } from "../../electron/common/contract/app/chat.ts";
import { AppBackend } from "../../electron/node/services/app-backend.ts";
import { MemoryConversationStore } from "../../electron/node/services/chat/conversation-store.ts";
import { createAppClient } from "../../renderer/src/api/client.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { initI18n } from "../../renderer/src/i18n/index.ts";
import { createAppStore } from "../../renderer/src/state/app-store.ts";
import { StoreProvider } from "../../renderer/src/state/StoreProvider.tsx";
import { memoryTransportPair } from "../support/memory-transport.ts";
import { FakeFrames } from "./support/fake-frames.ts";

const messageCount = 5000;

/** Every 250th answer holds a 100 KB code block, as in the bench's long chat. */
function longChat(): Conversation {
  const bigCode = "```ts\n" + Array.from({ length: 2000 }, (_, line) => `export const value${line} = ${line} * 2; // a line of code`).join("\n") + "\n```";
  const messages: ChatMessage[] = Array.from({ length: messageCount }, (_, index) => ({
    id: `m${index}`,
    role: index % 2 === 0 ? "user" : "model",
    text: index === 1234 ? "Where does the heat sink go? (the one question about it)" : index % 250 === 1 ? `Answer ${index}, the whole file:\n\n${bigCode}` : `Message number ${index}`,
    status: "complete",
    createdAt: 1_700_000_000_000 + index,
  }));
  return { id: "long", title: "The long chat", createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 + messageCount, messages };
}

/** jsdom does no layout: give the log the geometry of a real, scrollable one (its rows are the list's estimate). */
function layOut(log: HTMLElement) {
  Object.defineProperty(log, "scrollHeight", { configurable: true, get: () => messageCount * 160 });
  Object.defineProperty(log, "clientHeight", { configurable: true, get: () => 600 });
}

const shownTexts = () => screen.getAllByRole("article").map((article) => article.querySelector("[data-testid=message-text]")?.textContent ?? "");

afterEach(cleanup);

describe("a 5,000-message chat with the real backend", () => {
  it("opens with a page of bounded size, fetches older pages as it is scrolled up, and jumps to a search hit far up", async () => {
    const chat = longChat();
    const chatBytes = JSON.stringify(chat).length;
    const backend = new AppBackend({
      spawnEngine: () => {
        throw new Error("no engine in this test");
      },
      conversationStore: new MemoryConversationStore([chat]),
      devicePollMs: 0,
    });
    await backend.start();
    const [rendererEnd, mainEnd] = memoryTransportPair();
    const received: { method?: string; bytes: number }[] = [];
    const sentMethods: string[] = [];
    rendererEnd.onMessage((message) => received.push({ bytes: JSON.stringify(message).length }));
    const send = rendererEnd.send.bind(rendererEnd);
    rendererEnd.send = (message) => {
      const { method } = message as { method?: string };
      if (method) sentMethods.push(method);
      send(message);
    };
    const disconnect = backend.connect(mainEnd);
    initI18n("en");
    const store = createAppStore(createAppClient(rendererEnd), { scheduler: new FakeFrames() });
    try {
      render(
        <StoreProvider store={store}>
          <App />
        </StoreProvider>,
      );
      await act(() => store.start());
      await waitFor(() => expect(shownTexts().at(-1)).toBe(`Message number ${messageCount - 1}`));

      // Opening sent one page: no message from main near the chat's size.
      expect(chatBytes).toBeGreaterThan(2_000_000);
      const largest = Math.max(...received.map((message) => message.bytes));
      expect(largest).toBeLessThan(chatPageLimits.bytes + 50_000);
      expect(sentMethods).toContain("chat.open");
      expect(sentMethods).not.toContain("chat.messages");

      // Scrolled to the top: rows not held stand as "Loading message…" until their page arrives.
      const log = screen.getByRole("log");
      layOut(log);
      act(() => {
        log.scrollTop = 0;
        fireEvent.scroll(log);
      });
      await waitFor(() => expect(shownTexts()[0]).toBe("Message number 0"));
      expect(sentMethods).toContain("chat.messages");
      expect(within(log).queryByText("Loading message…")).toBeNull();
      expect(Math.max(...received.map((message) => message.bytes))).toBeLessThan(chatPageLimits.bytes + 50_000);

      // A search hit in the middle of the chat opens it there.
      fireEvent.change(screen.getByRole("searchbox", { name: "Search chats" }), { target: { value: "heat sink" } });
      const hit = await screen.findByRole("button", { name: /heat sink/ }, { timeout: 5000 });
      await act(async () => {
        fireEvent.click(hit);
      });
      await waitFor(() => expect(shownTexts()).toContain("Where does the heat sink go? (the one question about it)"));
      expect(shownTexts()).not.toContain("Message number 0");
      expect(shownTexts()).not.toContain(`Message number ${messageCount - 1}`);
    } finally {
      store.dispose();
      disconnect();
      backend.dispose();
    }
  }, 60_000);
});
