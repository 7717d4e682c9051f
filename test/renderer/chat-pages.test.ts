import { describe, expect, it } from "vitest";
import type { ChatMessage, Conversation } from "../../electron/common/contract/app/chat.ts";
import { messagePage, openedChat } from "../../electron/node/services/chat/chat-pages.ts";
import { applyPagedChange, loadedChat, messageAt, messageCountOf, withPage } from "../../renderer/src/state/chat-pages.ts";

const message = (index: number, text = `Message ${index}`): ChatMessage => ({ id: `m${index}`, role: index % 2 === 0 ? "user" : "model", text, status: "complete", createdAt: 1000 + index });
const chat: Conversation = { id: "c", title: "Long", createdAt: 0, updatedAt: 0, messages: Array.from({ length: 200 }, (_, i) => message(i)) };
const summary = ({ messages: _m, ...rest }: Conversation) => rest;

describe("a chat held a page at a time", () => {
  it("opens with the newest page and fills in older pages by index", () => {
    const held = loadedChat(openedChat(chat));
    expect(held.firstIndex).toBe(150);
    expect(messageCountOf(held)).toBe(200);
    expect(messageAt(held, 10)).toBeUndefined();
    const withOlder = withPage(held, messagePage(chat, { start: 0, end: 150 }));
    expect(messageAt(withOlder, 10)?.text).toBe("Message 10");
    expect(messageAt(withOlder, 199)?.text).toBe("Message 199");
  });

  it("takes an edit of an older message: what followed goes, the edited message stays in place, the new answer comes after it", () => {
    const held = withPage(loadedChat(openedChat(chat)), messagePage(chat, { start: 100, end: 150 }));
    const edited = { ...message(120), text: "Edited question" };
    const answer = { ...message(999), id: "new-answer", role: "model" as const, status: "streaming" as const, text: "", createdAt: 5000 };
    const removedIds = chat.messages.slice(121).map((m) => m.id);
    const after = applyPagedChange(held, { conversation: summary(chat), messages: [edited, answer], removedIds });
    expect(messageCountOf(after)).toBe(122);
    expect(messageAt(after, 120)?.text).toBe("Edited question");
    expect(messageAt(after, 121)?.id).toBe("new-answer");
    expect(messageAt(after, 130)).toBeUndefined();
  });

  it("ignores a change to an older message it never fetched, and appends a new one", () => {
    const held = loadedChat(openedChat(chat));
    const oldChanged = applyPagedChange(held, { conversation: summary(chat), messages: [{ ...message(3), text: "Another version" }] });
    expect(messageCountOf(oldChanged)).toBe(200);
    expect(oldChanged.messages.at(-1)?.id).toBe("m199");
    const added = applyPagedChange(held, { conversation: summary(chat), messages: [message(200)] });
    expect(messageCountOf(added)).toBe(201);
    expect(messageAt(added, 200)?.id).toBe("m200");
  });

  it("keeps the older pages it holds as they were while the newest messages change (an answer streaming at the end)", () => {
    const held = withPage(loadedChat(openedChat(chat)), messagePage(chat, { start: 100, end: 150 }));
    const answer = { ...message(200), status: "streaming" as const, text: "Partial" };
    const after = applyPagedChange(held, { conversation: summary(chat), messages: [answer] });
    expect(messageAt(after, 200)?.text).toBe("Partial");
    expect(messageAt(after, 120)?.text).toBe("Message 120");
    // Not a copy: the list reads every row's key again when this changes.
    expect(after.earlier).toBe(held.earlier);
  });

  it("keeps a page within its byte limit, one big message alone", () => {
    const big: Conversation = { ...chat, messages: chat.messages.map((m, i) => (i === 190 ? { ...m, text: "x".repeat(400_000) } : m)) };
    const opened = openedChat(big);
    expect(opened.firstIndex).toBe(191);
    expect(messagePage(big, { start: 190, end: 200 }).messages.map((m) => m.id)).toEqual(["m190"]);
    expect(messagePage(big, { around: "m50" }).firstIndex).toBe(46);
  });
});
