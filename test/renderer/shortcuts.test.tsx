// @vitest-environment jsdom
import { act, fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { menuKeyPress } from "../../electron/common/shortcuts/app-menu.ts";
import type { WindowShortcutId } from "../../electron/common/shortcuts/menu-labels.ts";
import { App } from "../../renderer/src/components/App/App.tsx";
import { modelAt, type FakeMain } from "./support/fake-main.ts";
import { renderWithMain, settle } from "./support/render-app.tsx";

function withChat(main: FakeMain) {
  main.status = { state: "ready", model: modelAt("/models/gemma-2-2b-it-Q4_0.gguf") };
  main.addConversation("Pi", [
    { id: "u1", role: "user", text: "Hi", status: "complete", createdAt: 1 },
    { id: "m1", role: "model", text: "Hello **there**", status: "complete", createdAt: 2 },
  ]);
}

async function press(key: string, modifiers: { ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean } = {}) {
  await act(async () => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key, ...modifiers });
  });
  await settle();
}

/**
 * A menu item's key press as the page receives it: Electron's sendInputEvent gives keyCode "A" the DOM key "a", and
 * "A" with Shift "A" (electron/electron spec/api-web-contents-spec.js, "sendInputEvent(event)"); other keys keep their name.
 */
async function pressFromMenu(id: WindowShortcutId) {
  const { keyCode, modifiers } = menuKeyPress(id);
  const shiftKey = modifiers.includes("shift");
  const key = /^[A-Z]$/.test(keyCode) && !shiftKey ? keyCode.toLowerCase() : keyCode;
  await press(key, { ctrlKey: modifiers.includes("control"), shiftKey });
}

describe("keyboard shortcuts", () => {
  let writeText: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  });

  it("Ctrl+N starts a new chat (once: an empty chat is reused)", async () => {
    const { main } = await renderWithMain(<App />, withChat);
    await press("n", { ctrlKey: true });
    expect(main.methodsCalled().filter((m) => m === "chat.create")).toHaveLength(1);
    expect(screen.getByText("Start a conversation")).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Message" }));
    await press("N", { ctrlKey: true });
    expect(main.methodsCalled().filter((m) => m === "chat.create")).toHaveLength(1);
  });

  it("Ctrl+K focuses the chat search, from any screen", async () => {
    await renderWithMain(<App />, withChat);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Settings" }));
    });
    await press("k", { ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByRole("searchbox", { name: "Search chats" }));
    expect(screen.getByRole("log")).toBeTruthy();
  });

  it("Ctrl+, opens the settings (⌘ works too)", async () => {
    await renderWithMain(<App />, withChat);
    await press(",", { metaKey: true });
    expect(screen.getByRole("heading", { name: "Settings" })).toBeTruthy();
  });

  it("Esc stops the answer being generated, and does nothing otherwise", async () => {
    const { main } = await renderWithMain(<App />, withChat);
    await press("Escape");
    expect(main.cancelled).toEqual([]);
    fireEvent.change(screen.getByRole("textbox", { name: "Message" }), { target: { value: "Count to ten" } });
    fireEvent.keyDown(screen.getByRole("textbox", { name: "Message" }), { key: "Enter" });
    await settle();
    expect(main.answering).toBeDefined();
    await press("Escape");
    expect(main.cancelled).toHaveLength(1);
    expect(main.answering).toBeUndefined();
  });

  it("Ctrl+Shift+C copies the last answer's text", async () => {
    await renderWithMain(<App />, withChat);
    await press("C", { ctrlKey: true, shiftKey: true });
    expect(writeText).toHaveBeenCalledWith("Hello **there**");
  });

  it("does what each application-menu item says when the menu presses its key", async () => {
    const { main } = await renderWithMain(<App />, withChat);
    await pressFromMenu("copy");
    expect(writeText).toHaveBeenCalledWith("Hello **there**");
    await pressFromMenu("settings");
    expect(screen.getByRole("heading", { name: "Settings" })).toBeTruthy();
    await pressFromMenu("search");
    expect(document.activeElement).toBe(screen.getByRole("searchbox", { name: "Search chats" }));
    await pressFromMenu("sheet");
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeTruthy();
    await press("Escape");
    await pressFromMenu("newChat");
    expect(screen.getByText("Start a conversation")).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: "Message" }), { target: { value: "Count to ten" } });
    fireEvent.keyDown(screen.getByRole("textbox", { name: "Message" }), { key: "Enter" });
    await settle();
    expect(main.answering).toBeDefined();
    await pressFromMenu("stop");
    expect(main.answering).toBeUndefined();
  });

  it("gives every icon-only button an accessible name", async () => {
    await renderWithMain(<App />, withChat);
    const unnamed = [...document.querySelectorAll("button")].filter(
      (button) => !(button.getAttribute("aria-label") ?? button.textContent ?? "").trim(),
    );
    expect(unnamed).toEqual([]);
  });
});
