// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../electron/common/contract/app/chat.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import type { FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

const said = (id: string, text: string): ChatMessage[] => [{ id, role: "user", text, status: "complete", createdAt: 1 }];

function twoChats(main: FakeMain) {
  main.addConversation("Pi cooling", said("a1", "Fan or heatsink?"), 200);
  main.addConversation("Gemma sizes", said("b1", "2B or 9B?"), 100);
}

const sidebar = () => screen.getByRole("navigation", { name: "Conversations" });

async function click(element: HTMLElement) {
  await act(async () => {
    fireEvent.click(element);
  });
  await settle();
}

describe("conversations sidebar", () => {
  it("deletes a chat and brings it back with Undo", async () => {
    const { main } = await renderWithMain(<App />, twoChats);
    await click(within(sidebar()).getByRole("button", { name: "Delete “Pi cooling”" }));

    expect(main.calls.find((c) => c.method === "chat.delete")?.params).toEqual({ conversationId: "c1" });
    expect(within(sidebar()).queryByRole("button", { name: "Pi cooling" })).toBeNull();
    // The next chat takes its place on screen.
    expect(screen.getByText("2B or 9B?")).toBeTruthy();
    expect(screen.getByText("Chat deleted").textContent).toBe("Chat deleted“Pi cooling”");

    await click(screen.getByRole("button", { name: "Undo" }));
    expect(main.calls.find((c) => c.method === "chat.restore")?.params).toEqual({ conversationId: "c1" });
    expect(within(sidebar()).getByRole("button", { name: "Pi cooling" }).getAttribute("aria-current")).toBe("page");
    expect(screen.getByText("Fan or heatsink?")).toBeTruthy();
    expect(screen.queryByText("Chat deleted")).toBeNull();
  });

  it("renames a chat in place (Enter saves, Esc cancels)", async () => {
    const { main } = await renderWithMain(<App />, twoChats);
    await click(within(sidebar()).getByRole("button", { name: "Rename “Gemma sizes”" }));
    const field = within(sidebar()).getByRole("textbox", { name: "Chat title" }) as HTMLInputElement;
    expect(field.value).toBe("Gemma sizes");
    fireEvent.change(field, { target: { value: "Which Gemma?" } });
    fireEvent.keyDown(field, { key: "Enter" });
    await settle();
    expect(main.calls.find((c) => c.method === "chat.rename")?.params).toEqual({ conversationId: "c2", title: "Which Gemma?" });
    expect(within(sidebar()).getByRole("button", { name: "Which Gemma?" })).toBeTruthy();

    await click(within(sidebar()).getByRole("button", { name: "Rename “Pi cooling”" }));
    const again = within(sidebar()).getByRole("textbox", { name: "Chat title" });
    fireEvent.change(again, { target: { value: "Nope" } });
    fireEvent.keyDown(again, { key: "Escape" });
    await settle();
    expect(within(sidebar()).getByRole("button", { name: "Pi cooling" })).toBeTruthy();
    expect(main.calls.filter((c) => c.method === "chat.rename")).toHaveLength(1);
  });

  it("searches titles and text, shows the snippet, and opens a hit", async () => {
    const { main } = await renderWithMain(<App />, twoChats);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search chats" }), { target: { value: "9b" } });
    await waitFor(() => expect(within(sidebar()).getByText("…2B or 9B?…")).toBeTruthy());
    expect(main.calls.find((c) => c.method === "chat.search")?.params).toEqual({ query: "9b" });
    expect(within(sidebar()).queryByText("Pi cooling")).toBeNull();

    await click(within(sidebar()).getByRole("button", { name: /Gemma sizes/ }));
    expect(screen.getByRole("log").textContent).toContain("2B or 9B?");

    fireEvent.change(screen.getByRole("searchbox", { name: "Search chats" }), { target: { value: "nothing like it" } });
    await waitFor(() => expect(within(sidebar()).getByText("No chats match “nothing like it”.")).toBeTruthy());
    fireEvent.keyDown(screen.getByRole("searchbox", { name: "Search chats" }), { key: "Escape" });
    await settle();
    expect(within(sidebar()).getAllByRole("listitem")).toHaveLength(2);
  });

  it("reopens the chat that was open last, and shows unreadable chat files as a dismissible notice", async () => {
    const { main } = await renderWithMain(<App />, (main) => {
      twoChats(main);
      main.lastOpenId = "c2";
      main.problems = [{ file: "chats/broken.json", reason: "not valid JSON" }];
    });
    expect(screen.getByText("2B or 9B?")).toBeTruthy();
    expect(within(sidebar()).getByRole("button", { name: "Gemma sizes" }).getAttribute("aria-current")).toBe("page");
    expect(main.methodsCalled()).toContain("chat.open");

    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("chats/broken.json");
    expect(alert.textContent).toContain("not valid JSON");
    await click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("stays quick with hundreds of chats: a changed chat moves to the top, the other rows are kept", async () => {
    const { main } = await renderWithMain(<App />, (main) => {
      for (let i = 0; i < 300; i++) main.addConversation(`Chat ${i}`, said(`m${i}`, `text ${i}`), 1000 + i);
    });
    const rows = () => [...sidebar().querySelectorAll("li")];
    expect(rows()).toHaveLength(300);
    const untouched = rows()[150]!.querySelector("button");
    const chat = main.conversations.get("c10")!;
    chat.updatedAt = 5000;
    act(() => main.updated(chat));
    await settle();
    expect(rows()[0]!.textContent).toBe("Chat 9");
    expect(rows().some((row) => row.querySelector("button") === untouched)).toBe(true);
  });

  it("follows what another window does: a chat deleted there, the language changed there", async () => {
    const { main } = await renderWithMain(<App />, twoChats);
    main.conversations.delete("c1");
    act(() => main.emit("chat.deleted", { conversationId: "c1" }));
    await settle();
    expect(within(sidebar()).queryByRole("button", { name: "Pi cooling" })).toBeNull();
    expect(screen.getByText("2B or 9B?")).toBeTruthy();
    expect(screen.queryByText("Chat deleted")).toBeNull(); // Undo belongs to the window that deleted it.

    act(() => void main.settings.apply({ appearance: { language: "zh-CN" } }));
    await settle();
    expect(screen.getByRole("navigation", { name: "对话列表" })).toBeTruthy();
  });
});
